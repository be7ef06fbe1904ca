"""The embedded chain's transaction execution: intrinsic gas and the gas cap, running a call or a
creation on the EVM in the block it will be mined into, fees, receipts and logs, one block per
transaction, and mining empty blocks (with time travel)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from eth_utils import keccak

from ..exceptions import ChainError, ContractReverted, StateLocked
from ._embedded_state import EmbeddedState
from ._fast import canonical, checksum
from .abi import decode_revert
from .base import TxRequest
from .types import Block, Log, Tx, TxReceipt

__all__ = ["GAS_PRICE", "TX_GAS_CAP", "EmbeddedExecutor", "intrinsic_gas"]

GAS_PRICE = 10**9  # 1 gwei, charged to the sender and burned
TX_GAS_CAP = 30_000_000


def intrinsic_gas(data: bytes, create: bool) -> int:
    zeros = data.count(0)
    gas = 21_000 + 4 * zeros + 16 * (len(data) - zeros)
    if create:
        gas += 32_000 + 2 * ((len(data) + 31) // 32)
    return gas


class EmbeddedExecutor(EmbeddedState):
    """Sending and mining for `EmbeddedChain`."""

    def _writable(self) -> None:
        if self.readonly:
            raise StateLocked(f"the embedded chain at {self.directory} is open read-only")

    def send(self, tx: TxRequest, *, check: bool = True) -> TxReceipt:
        self._writable()
        with self._lock:
            receipt = self._execute(tx)
            self._maybe_flush()
        if check and not receipt.status:
            raise ContractReverted(receipt.revert_reason, receipt=receipt)
        return receipt

    def send_signed(self, tx: TxRequest, nonce: int, tx_hash: str) -> TxReceipt:
        """Mine a transaction signed elsewhere (eth_sendRawTransaction; `tx.sender` recovered from
        its signature): `nonce` must be the sender's next, and the transaction is known by `tx_hash`
        (the hash of its signed bytes). A revert is mined (status 0), not raised."""
        self._writable()
        with self._lock:
            expected = self.nonce(tx.sender or self.default_account)
            if nonce != expected:
                raise ChainError(
                    f"nonce too {'low' if nonce < expected else 'high'}: next nonce of"
                    f" {tx.sender} is {expected}, transaction has {nonce}"
                )
            receipt = self._execute(tx, tx_hash)
            self._maybe_flush()
        return receipt

    def _execute(self, tx: TxRequest, tx_hash: str | None = None) -> TxReceipt:
        sender = checksum(tx.sender) if tx.sender else self.default_account
        raw_sender = canonical(sender)
        state = self._state
        create = tx.to is None
        gas = tx.gas or TX_GAS_CAP
        intrinsic = intrinsic_gas(tx.data, create)
        if gas < intrinsic:
            raise ChainError(f"intrinsic gas too low: {gas} < {intrinsic}")
        if gas > TX_GAS_CAP:
            raise ChainError(f"gas {gas} is over the block gas cap {TX_GAS_CAP}")
        cost = tx.value + gas * GAS_PRICE
        if state.get_balance(raw_sender) < cost:
            raise ChainError(f"insufficient funds for gas * price + value in {sender}")
        nonce = state.get_nonce(raw_sender)
        # The transaction runs in the block it will be mined into: block.number / block.timestamp
        # are the new block's, as on a real node.
        number = self._head.number + 1
        timestamp = max(self._head.timestamp, int(time.time()) + self._clock_offset)
        self._evm.set_block(number, timestamp, self._chain_id)
        code = self._code_cache.get(tx.to) if tx.to else None
        if create:
            target = self._evm.contract_address(raw_sender, nonce)
            state.increment_nonce(raw_sender)
            comp = self._evm.create(raw_sender, target, tx.data, tx.value, gas - intrinsic, GAS_PRICE)
            to_addr = None
        else:
            assert tx.to is not None  # not a creation
            to_addr = checksum(tx.to)
            if code is None:
                code = self._code_cache[tx.to] = bytes(state.get_code(canonical(to_addr)))
            comp = self._evm.call(raw_sender, canonical(to_addr), tx.data, tx.value, gas - intrinsic, GAS_PRICE, code)
        used = intrinsic + comp.get_gas_used()
        if not comp.is_error:
            used -= min(comp.get_gas_refund(), used // 5)
        # The fee is taken in one write after execution (a dev-chain shortcut: during the call the
        # sender's balance and nonce do not yet show the gas reservation and the bump).
        # One account write for fee and nonce (the nonce of a create was bumped before it ran).
        self._evm.charge(raw_sender, used * GAS_PRICE, bump_nonce=not create)
        state.lock_changes()
        if create or comp.children:  # code may have changed (CREATE, SELFDESTRUCT)
            self._code_cache.clear()

        tx_hash = (
            tx_hash
            or "0x"
            + keccak(
                b"".join(
                    (
                        self._chain_id.to_bytes(8, "big"),
                        nonce.to_bytes(8, "big"),
                        gas.to_bytes(8, "big"),
                        raw_sender,
                        b"" if create else canonical(to_addr),
                        tx.value.to_bytes(32, "big"),
                        tx.data,
                    )
                )
            ).hex()
        )
        ok = not comp.is_error
        logs: tuple[Log, ...] = ()
        if ok:
            logs = tuple(
                Log(checksum(addr), tuple(t.to_bytes(32, "big") for t in topics), bytes(data), number, tx_hash, 0, i)
                for i, (addr, topics, data) in enumerate(comp.get_log_entries())
            )
        reason = None
        if not ok:
            reason = decode_revert(bytes(comp.output)) or type(comp.error).__name__
        contract = checksum(target) if create and ok else None
        receipt = TxReceipt(tx_hash, number, 0, sender, to_addr, ok, used, contract, logs, reason)
        record = Tx(tx_hash, sender, to_addr, tx.value, tx.data, nonce, gas, GAS_PRICE, number, 0)
        self._append_block(timestamp, (record,), (receipt,))
        self._computations[tx_hash] = comp
        return receipt

    def _append_block(self, timestamp: int, txs: tuple[Tx, ...], receipts: tuple[TxReceipt, ...]) -> None:
        number = self._head.number + 1
        parent = self._head.hash
        preimage = f"{parent}:{number}:{timestamp}:" + ",".join(t.hash for t in txs)
        block_hash = "0x" + keccak(preimage.encode()).hex()
        self._head = Block(number, block_hash, parent, timestamp, txs, receipts)
        self._pending.append(self._head)
        self._sync_patch()

    def send_many(self, txs: Sequence[TxRequest], *, check: bool = True) -> list[TxReceipt]:
        self._writable()
        with self._lock:
            receipts = [self._execute(tx) for tx in txs]
            self._maybe_flush()
        if check:
            for r in receipts:
                if not r.status:
                    raise ContractReverted(r.revert_reason, receipt=r)
        return receipts

    def mine(self, blocks: int = 1, *, seconds: int = 0) -> None:
        self._writable()
        if blocks < 0 or seconds < 0:
            raise ChainError("cannot mine a negative number of blocks or move time backwards")
        with self._lock:
            self._clock_offset += seconds
            for _ in range(blocks):
                ts = max(self._head.timestamp, int(time.time()) + self._clock_offset)
                self._append_block(ts, (), ())
            self._maybe_flush()
