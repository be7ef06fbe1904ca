"""A lean py-evm driver: one VM state over our node store, messages applied like transactions.

Every use of py-evm beyond its public API (private account-db methods, the execution context's
fields, the opcode table) lives in this module, so a py-evm upgrade is checked here alone."""

from __future__ import annotations

from typing import Any

from eth import constants
from eth._utils.address import generate_contract_address
from eth.chains.mainnet import MainnetChain
from eth.db.atomic import AtomicDB
from eth.db.backends.base import BaseDB
from eth.rlp.accounts import Account
from eth.tools.builder import chain as chain_builder
from eth.vm.message import Message
from eth.vm.transaction_context import BaseTransactionContext
from eth_typing import Address

__all__ = ["EVM"]

GENESIS_PARAMS = {"difficulty": constants.GENESIS_DIFFICULTY, "gas_limit": 100_000_000}
_PRECOMPILES = [i.to_bytes(20, "big") for i in range(1, 0x12)]


def _unwrap(op: Any) -> Any:
    """Strip opcode wrappers other libraries may have installed (titanoboa's SHA3/SSTORE tracers
    patch py-evm's shared opcode table and record every preimage and slot forever)."""
    while True:
        inner = getattr(op, "sha3", None) or getattr(op, "sstore", None)
        if inner is None:
            return op
        op = inner


class EVM:
    """The latest mainnet fork's VM state; `call` and `create` run one top-level message each."""

    def __init__(self, db: BaseDB) -> None:
        chain_cls = chain_builder.build(MainnetChain, chain_builder.latest_mainnet_at(1))
        self.chain = chain_cls.from_genesis(AtomicDB(db), GENESIS_PARAMS)
        self.state = self.chain.get_vm().state
        base = type(self.state).computation_class
        self.computation_class: Any = type(
            "NexusComputation", (base,), {"opcodes": {k: _unwrap(v) for k, v in base.opcodes.items()}}
        )
        self.state.computation_class = self.computation_class
        self.ctx = self.state.execution_context
        # Precompiles and the coinbase are warm in every transaction (EIP-2929/3651). Answering
        # that from a fixed set saves ~20 journal writes per transaction over marking them.
        always_warm = frozenset([*_PRECOMPILES, self.ctx.coinbase])
        adb = self.state._account_db
        is_warm = adb.is_address_warm
        adb.is_address_warm = lambda address: address in always_warm or is_warm(address)

    @property
    def gas_limit(self) -> int:
        return int(self.state.gas_limit)

    def set_block(self, number: int, timestamp: int, chain_id: int) -> None:
        self.ctx._block_number = number
        self.ctx._timestamp = timestamp
        self.ctx._chain_id = chain_id

    def _warm(self, sender: bytes, to: bytes) -> None:
        # EIP-2929: the sender and recipient start warm (precompiles and coinbase always are).
        self.state.mark_address_warm(sender)
        self.state.mark_address_warm(to)

    def call(self, sender: bytes, to: bytes, data: bytes, value: int, gas: int, gas_price: int, code: bytes) -> Any:
        self._warm(sender, to)
        msg = Message(gas=gas, to=Address(to), sender=Address(sender), value=value, data=data, code=code)
        ctx = BaseTransactionContext(origin=Address(sender), gas_price=gas_price)
        return self.computation_class.apply_message(self.state, msg, ctx)

    def create(self, sender: bytes, address: bytes, initcode: bytes, value: int, gas: int, gas_price: int) -> Any:
        self._warm(sender, address)
        msg = Message(
            gas=gas,
            to=constants.CREATE_CONTRACT_ADDRESS,
            sender=Address(sender),
            value=value,
            data=b"",
            code=initcode,
            create_address=Address(address),
        )
        ctx = BaseTransactionContext(origin=Address(sender), gas_price=gas_price)
        return self.computation_class.apply_create_message(self.state, msg, ctx)

    # --- state root and account writes (py-evm's account db internals) ------------------------
    @property
    def state_root(self) -> bytes:
        return bytes(self.state._account_db.state_root)

    def persist(self) -> bytes:
        """Write the journal into the trie (nodes go to the store's db); returns the state root."""
        adb = self.state._account_db
        adb.persist()
        return bytes(adb.state_root)

    def set_root(self, root: bytes, *, persisted: bool = False) -> None:
        """Point the state at `root` (a snapshot's, or the one loaded from disk)."""
        adb = self.state._account_db
        if persisted:
            adb.persist()  # drop the journal cleanly before moving the root back
        adb.state_root = root
        if persisted:
            adb._root_hash_at_last_persist = root

    def charge(self, sender: bytes, fee: int, *, bump_nonce: bool) -> None:
        """Take `fee` from `sender` and (unless the creation bumped it already) its next nonce, in
        one account write after execution (a dev-chain shortcut: no gas reservation up front)."""
        adb = self.state._account_db
        acct = adb._get_account(sender)
        adb._set_account(
            sender,
            Account(
                acct.nonce + 1 if bump_nonce else acct.nonce, acct.balance - fee, acct.storage_root, acct.code_hash
            ),
        )

    @staticmethod
    def contract_address(sender: bytes, nonce: int) -> bytes:
        """The address a CREATE from `sender` at `nonce` deploys to."""
        return bytes(generate_contract_address(Address(sender), nonce))
