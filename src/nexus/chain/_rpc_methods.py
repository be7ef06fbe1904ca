"""The eth_/net_/web3_ and dev (evm_*) methods of the node's JSON-RPC endpoint over the embedded
chain. Every handler takes already-positional params and returns JSON-ready values; errors are
JsonRpcError, or chain errors that `_rpc_server` maps to codes."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from eth_utils import keccak

from .._version import __version__
from ..exceptions import JsonRpcError
from . import _rpc_params as p
from ._rpc_format import block_json
from ._rpc_state import block_by_hash, estimate_gas, failure, simulate, storage_at
from .embedded import GAS_PRICE, TX_GAS_CAP, EmbeddedChain
from .types import Block

__all__ = ["METHODS", "WRITE_METHODS", "ReadMethods"]

WRITE_METHODS = frozenset(
    {
        "eth_sendRawTransaction",
        "eth_sendTransaction",
        "evm_snapshot",
        "evm_revert",
        "evm_increaseTime",
        "evm_mine",
        "anvil_mine",
    }
)
# name: (fewest, most) positional params
METHODS: dict[str, tuple[int, int]] = {
    "web3_clientVersion": (0, 0),
    "web3_sha3": (1, 1),
    "net_version": (0, 0),
    "net_listening": (0, 0),
    "net_peerCount": (0, 0),
    "eth_chainId": (0, 0),
    "eth_blockNumber": (0, 0),
    "eth_syncing": (0, 0),
    "eth_accounts": (0, 0),
    "eth_gasPrice": (0, 0),
    "eth_maxPriorityFeePerGas": (0, 0),
    "eth_feeHistory": (2, 3),
    "eth_getBalance": (1, 2),
    "eth_getCode": (1, 2),
    "eth_getStorageAt": (2, 3),
    "eth_getTransactionCount": (1, 2),
    "eth_call": (1, 3),
    "eth_estimateGas": (1, 3),
    "eth_sendRawTransaction": (1, 1),
    "eth_sendTransaction": (1, 1),
    "eth_getTransactionByHash": (1, 1),
    "eth_getTransactionReceipt": (1, 1),
    "eth_getBlockByNumber": (1, 2),
    "eth_getBlockByHash": (1, 2),
    "eth_getBlockTransactionCountByNumber": (1, 1),
    "eth_getBlockTransactionCountByHash": (1, 1),
    "eth_getTransactionByBlockNumberAndIndex": (2, 2),
    "eth_getTransactionByBlockHashAndIndex": (2, 2),
    "eth_getLogs": (1, 1),
    "evm_snapshot": (0, 0),
    "evm_revert": (1, 1),
    "evm_increaseTime": (1, 1),
    "evm_mine": (0, 1),
    "anvil_mine": (0, 2),
}
MAX_FEE_BLOCKS = 1024


def _not_found(what: str) -> JsonRpcError:
    return JsonRpcError(-32000, f"{what} not found")


class ReadMethods:
    """The method table over one embedded chain: `table[name] = (handler, min args, max args)`.
    Reads are here; transactions, logs and dev methods in `_rpc_writes.EthMethods`."""

    def __init__(self, chain: EmbeddedChain) -> None:
        self.chain = chain
        self.table: dict[str, tuple[Callable[..., Any], int, int]] = {}
        for name, (lo, hi) in METHODS.items():
            self.table[name] = (getattr(self, name), lo, hi)

    # --- identity ------------------------------------------------------------------------------
    def web3_clientVersion(self) -> str:
        return f"nexus/v{__version__}/embedded-py-evm"

    def web3_sha3(self, x: Any) -> str:
        return "0x" + keccak(p.data(x)).hex()

    def net_version(self) -> str:
        return str(self.chain.chain_id)

    def net_listening(self) -> bool:
        return True

    def net_peerCount(self) -> str:
        return "0x0"

    def eth_chainId(self) -> str:
        return hex(self.chain.chain_id)

    def eth_blockNumber(self) -> str:
        return hex(self.chain.block_number())

    def eth_syncing(self) -> bool:
        return False

    def eth_accounts(self) -> list[str]:
        return self.chain.accounts

    # --- fees (a fixed base fee, burned; no tips) ----------------------------------------------
    def eth_gasPrice(self) -> str:
        return hex(GAS_PRICE)

    def eth_maxPriorityFeePerGas(self) -> str:
        return "0x0"

    def eth_feeHistory(self, count: Any, newest: Any, percentiles: Any) -> dict[str, Any]:
        n = count if isinstance(count, int) and not isinstance(count, bool) else p.quantity(count, "blockCount")
        if not 1 <= n <= MAX_FEE_BLOCKS:
            raise p.bad(f"blockCount must be 1..{MAX_FEE_BLOCKS}")
        pcts: list[float] = []
        if percentiles is not None:
            if (
                not isinstance(percentiles, list)
                or len(percentiles) > 100
                or any(isinstance(x, bool) or not isinstance(x, int | float) or not 0 <= x <= 100 for x in percentiles)
                or percentiles != sorted(percentiles)
            ):
                raise p.bad("rewardPercentiles must be increasing numbers in 0..100")
            pcts = list(percentiles)
        last = self._number(p.block_ref(newest))
        first = max(0, last - n + 1)
        blocks = [self.chain.get_block(i) for i in range(first, last + 1)]
        out: dict[str, Any] = {
            "oldestBlock": hex(first),
            "baseFeePerGas": [hex(GAS_PRICE)] * (len(blocks) + 1),
            "gasUsedRatio": [sum(r.gas_used for r in b.receipts) / TX_GAS_CAP for b in blocks],
        }
        if percentiles is not None:
            out["reward"] = [["0x0"] * len(pcts) for _ in blocks]
        return out

    # --- blocks --------------------------------------------------------------------------------
    def _number(self, ref: p.BlockRef) -> int:
        """The number a block reference names (JsonRpcError when it names no block)."""
        head = self.chain.block_number()
        if ref.hash is not None:
            b = block_by_hash(self.chain, ref.hash)
            if b is None:
                raise _not_found(f"block {ref.hash}")
            return b.number
        if ref.number is not None:
            if ref.number > head:
                raise _not_found(f"block {ref.number} (head is {head}):")
            return ref.number
        return 0 if ref.tag == "earliest" else head

    def _state_at(self, x: Any) -> None:
        """State reads answer at the head only: the embedded chain keeps no historical state."""
        ref = p.block_ref(x)
        if ref.tag in ("latest", "pending", "safe", "finalized"):
            return
        if self._number(ref) != self.chain.block_number():
            raise JsonRpcError(
                -32000,
                "historical state is not available: the embedded chain answers state queries at the latest block only",
            )

    def _tx(self, tx_hash: str, block: Block | None = None) -> dict[str, Any] | None:
        raise NotImplementedError

    def _block(self, b: Block, full: bool) -> dict[str, Any]:
        txs = [t for x in b.transactions if (t := self._tx(x.hash, b)) is not None] if full else None
        return block_json(b, full, TX_GAS_CAP, GAS_PRICE, txs)

    def _pending_block(self) -> dict[str, Any]:
        head = self.chain.get_block(self.chain.block_number())
        out = block_json(
            Block(head.number + 1, "", head.hash, max(head.timestamp, int(time.time()))), False, TX_GAS_CAP, GAS_PRICE
        )
        out.update(hash=None, nonce=None, miner=None, logsBloom=None)
        return out

    def eth_getBlockByNumber(self, x: Any, full: Any) -> dict[str, Any] | None:
        ref = p.block_ref(x)
        if ref.tag == "pending":
            return self._pending_block()
        if ref.number is not None and ref.number > self.chain.block_number():
            return None
        return self._block(self.chain.get_block(self._number(ref)), bool(full))

    def eth_getBlockByHash(self, x: Any, full: Any) -> dict[str, Any] | None:
        b = block_by_hash(self.chain, p.hash32(x, "block hash"))
        return None if b is None else self._block(b, bool(full))

    def _block_or_none(self, x: Any, by_hash: bool) -> Block | None:
        if by_hash:
            return block_by_hash(self.chain, p.hash32(x, "block hash"))
        ref = p.block_ref(x)
        if ref.number is not None and ref.number > self.chain.block_number():
            return None
        return self.chain.get_block(self._number(ref))

    def eth_getBlockTransactionCountByNumber(self, x: Any) -> str | None:
        b = self._block_or_none(x, False)
        return None if b is None else hex(len(b.transactions))

    def eth_getBlockTransactionCountByHash(self, x: Any) -> str | None:
        b = self._block_or_none(x, True)
        return None if b is None else hex(len(b.transactions))

    def eth_getTransactionByBlockNumberAndIndex(self, x: Any, i: Any) -> dict[str, Any] | None:
        b, idx = self._block_or_none(x, False), p.quantity(i, "index")
        return self._tx(b.transactions[idx].hash, b) if b and idx < len(b.transactions) else None

    def eth_getTransactionByBlockHashAndIndex(self, x: Any, i: Any) -> dict[str, Any] | None:
        b, idx = self._block_or_none(x, True), p.quantity(i, "index")
        return self._tx(b.transactions[idx].hash, b) if b and idx < len(b.transactions) else None

    # --- state ---------------------------------------------------------------------------------
    def eth_getBalance(self, a: Any, block: Any) -> str:
        addr = p.address(a)
        self._state_at(block)
        return hex(self.chain.balance(addr))

    def eth_getCode(self, a: Any, block: Any) -> str:
        addr = p.address(a)
        self._state_at(block)
        return "0x" + self.chain.code(addr).hex()

    def eth_getStorageAt(self, a: Any, slot: Any, block: Any) -> str:
        addr, key = p.address(a), p.quantity(slot, "storage slot")
        self._state_at(block)
        return "0x" + storage_at(self.chain, addr, key).to_bytes(32, "big").hex()

    def eth_getTransactionCount(self, a: Any, block: Any) -> str:
        addr = p.address(a)
        self._state_at(block)
        return hex(self.chain.nonce(addr))

    def eth_call(self, tx: Any, block: Any, overrides: Any) -> str:
        if overrides is not None:
            raise p.bad("state overrides are not supported")
        args = p.call_args(tx)
        self._state_at(block)
        if args.to is None and not args.data:
            return "0x"
        out = simulate(self.chain, args.sender or self.chain.default_account, args.to, args.data, args.value, args.gas)
        if not out.ok:
            raise failure(out)
        return "0x" + out.output.hex()

    def eth_estimateGas(self, tx: Any, block: Any, overrides: Any) -> str:
        if overrides is not None:
            raise p.bad("state overrides are not supported")
        args = p.call_args(tx)
        self._state_at(block)
        return hex(
            estimate_gas(
                self.chain, args.sender or self.chain.default_account, args.to, args.data, args.value, args.gas
            )
        )
