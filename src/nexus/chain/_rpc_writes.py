"""Transactions, logs and dev methods of the node's JSON-RPC endpoint: eth_sendRawTransaction
(signed elsewhere, mined at once), eth_sendTransaction from the unlocked dev accounts, lookups by
hash, eth_getLogs, and evm_snapshot / evm_revert / evm_increaseTime / evm_mine / anvil_mine."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from ..exceptions import ChainError, JsonRpcError
from . import _rpc_params as p
from ._rpc_format import log_json, receipt_json, tx_json
from ._rpc_methods import ReadMethods
from ._rpc_state import block_by_hash, estimate_gas
from ._rpc_tx import MAX_RAW, SignedTx, decode_raw
from .base import TxRequest
from .embedded import GAS_PRICE, EmbeddedChain
from .types import Block

__all__ = ["EthMethods"]

KEPT_SIGNED = 100_000  # signatures remembered for eth_getTransactionByHash (memory only)
MAX_MINE = 10_000  # blocks one anvil_mine may add


def _server(message: str) -> JsonRpcError:
    return JsonRpcError(-32000, message)


def _int(x: Any, what: str) -> int:
    if isinstance(x, int) and not isinstance(x, bool) and x >= 0:
        return x
    return p.quantity(x, what)


class EthMethods(ReadMethods):
    """Every method of the endpoint (see `_rpc_methods.METHODS`)."""

    def __init__(self, chain: EmbeddedChain) -> None:
        super().__init__(chain)
        self._signed: OrderedDict[str, SignedTx] = OrderedDict()
        self._signed_lock = threading.Lock()

    def _remember(self, stx: SignedTx) -> None:
        with self._signed_lock:
            self._signed[stx.hash] = stx
            while len(self._signed) > KEPT_SIGNED:
                self._signed.popitem(last=False)

    def _forget(self, tx_hash: str) -> None:
        with self._signed_lock:
            self._signed.pop(tx_hash, None)

    def _signed_of(self, tx_hash: str) -> SignedTx | None:
        with self._signed_lock:
            return self._signed.get(tx_hash)

    # --- lookups -------------------------------------------------------------------------------
    def _tx(self, tx_hash: str, block: Block | None = None) -> dict[str, Any] | None:
        if block is None:
            r = self.chain.receipt(tx_hash)
            if r is None:
                return None
            block = self.chain.get_block(r.block_number)
        tx = next((t for t in block.transactions if t.hash == tx_hash), None)
        if tx is None:
            return None
        return tx_json(tx, block.hash, self._signed_of(tx_hash), self.chain.chain_id, GAS_PRICE)

    def eth_getTransactionByHash(self, h: Any) -> dict[str, Any] | None:
        return self._tx(p.hash32(h, "transaction hash"))

    def eth_getTransactionReceipt(self, h: Any) -> dict[str, Any] | None:
        tx_hash = p.hash32(h, "transaction hash")
        r = self.chain.receipt(tx_hash)
        if r is None:
            return None
        signed = self._signed_of(tx_hash)
        block = self.chain.get_block(r.block_number)
        return receipt_json(r, block.hash, signed.type if signed else 0, GAS_PRICE)

    def eth_getLogs(self, f: Any) -> list[dict[str, Any]]:
        if not isinstance(f, dict) or set(f) - {"fromBlock", "toBlock", "address", "topics", "blockHash"}:
            raise p.bad("the filter must be an object of fromBlock, toBlock, address, topics, blockHash")
        if f.get("blockHash") is not None:
            if f.get("fromBlock") is not None or f.get("toBlock") is not None:
                raise p.bad("blockHash excludes fromBlock and toBlock")
            b = block_by_hash(self.chain, p.hash32(f["blockHash"], "blockHash"))
            if b is None:
                raise _server(f"block {f['blockHash']} not found")
            lo = hi = b.number
        else:
            lo = self._number(p.block_ref(f.get("fromBlock")))
            hi = self._number(p.block_ref(f.get("toBlock")))
        raw_addr = f.get("address")
        addrs = (
            None
            if raw_addr is None
            else [p.address(a) for a in (raw_addr if isinstance(raw_addr, list) else [raw_addr])]
        )
        topics = f.get("topics") or []
        if not isinstance(topics, list) or len(topics) > 4:
            raise p.bad("topics must be an array of at most 4 entries")
        wanted: list[set[bytes] | None] = []
        for t in topics:
            if t is None or t == []:
                wanted.append(None)
            else:
                wanted.append({bytes.fromhex(p.hash32(x, "topic")[2:]) for x in (t if isinstance(t, list) else [t])})
        if lo > hi:
            return []
        logs = self.chain.logs(lo, hi, address=addrs, topic0=list(wanted[0]) if wanted and wanted[0] else None)
        hashes: dict[int, str] = {}
        out = []
        for lg in logs:
            if len(wanted) > len(lg.topics) or any(  # as geth: more positions than topics never match
                w is not None and lg.topics[i] not in w for i, w in enumerate(wanted)
            ):
                continue
            if lg.block_number not in hashes:
                hashes[lg.block_number] = self.chain.get_block(lg.block_number).hash
            out.append(log_json(lg, hashes[lg.block_number]))
        return out

    # --- sending -------------------------------------------------------------------------------
    def eth_sendRawTransaction(self, raw: Any) -> str:
        stx = decode_raw(p.data(raw, "raw transaction", MAX_RAW))
        chain = self.chain
        if stx.chain_id is None:
            raise _server("only replay-protected (EIP-155) transactions are accepted")
        if stx.chain_id != chain.chain_id:
            raise _server(f"invalid chain id {stx.chain_id}: this chain is {chain.chain_id}")
        if stx.gas_price < GAS_PRICE:
            raise _server(f"max fee per gas less than block base fee: {stx.gas_price} < {GAS_PRICE}")
        if stx.gas < 21_000:
            raise _server(f"intrinsic gas too low: {stx.gas} < 21000")
        if chain.receipt(stx.hash) is not None:
            raise _server("already known")
        self._remember(stx)
        try:
            rc = chain.send_signed(TxRequest(stx.to, stx.data, stx.value, stx.sender, stx.gas), stx.nonce, stx.hash)
        except BaseException:
            if chain.receipt(stx.hash) is None:  # the same bytes sent twice at once: one mined
                self._forget(stx.hash)
            raise
        chain.make_durable(rc.block_number)  # an acknowledged transaction survives a crash
        return stx.hash

    def eth_sendTransaction(self, tx: Any) -> str:
        args = p.call_args(tx)
        chain = self.chain
        sender = args.sender or chain.default_account
        if sender not in chain.accounts:
            raise _server(f"unknown account {sender}: only the dev accounts are unlocked")
        if args.nonce is not None and args.nonce != chain.nonce(sender):
            raise _server(f"nonce {args.nonce} is not the next nonce of {sender} ({chain.nonce(sender)})")
        # fees as geth defaults them: dynamic unless only gasPrice is given; max fee 2*base + tip
        legacy = tx.get("gasPrice") is not None and tx.get("maxFeePerGas") is None
        prio = (
            p.quantity(tx["maxPriorityFeePerGas"], "maxPriorityFeePerGas")
            if tx.get("maxPriorityFeePerGas") is not None
            else 0
        )
        price = args.gas_price if args.gas_price is not None else 2 * GAS_PRICE + prio
        if price < GAS_PRICE:
            raise _server(f"max fee per gas less than block base fee: {price} < {GAS_PRICE}")
        if not legacy and prio > price:
            raise _server(f"max priority fee per gas higher than max fee per gas: {prio} > {price}")
        gas = args.gas or estimate_gas(chain, sender, args.to, args.data, args.value, None)
        n = chain.nonce(sender)
        receipt = chain.send(TxRequest(args.to, args.data, args.value, sender, gas), check=False)
        self._remember(
            SignedTx(
                receipt.tx_hash,
                0 if legacy else 2,
                chain.chain_id,
                n,
                gas,
                args.to,
                args.value,
                args.data,
                price,
                None if legacy else prio,
                (),
                0,
                0,
                0,
                sender,
                b"",
            )
        )
        chain.make_durable(receipt.block_number)
        return receipt.tx_hash

    # --- dev methods ---------------------------------------------------------------------------
    def evm_snapshot(self) -> str:
        return hex(self.chain.snapshot())

    def evm_revert(self, sid: Any) -> bool:
        try:
            self.chain.revert(_int(sid, "snapshot id"))
        except ChainError:
            return False
        return True

    def evm_increaseTime(self, seconds: Any) -> str:
        n = _int(seconds, "seconds")
        self.chain.mine(0, seconds=n)
        return hex(n)

    def evm_mine(self, timestamp: Any) -> str:
        seconds = 0
        if timestamp is not None:
            want = _int(timestamp, "timestamp")
            if want < self.chain.timestamp():
                raise _server(f"timestamp {want} is before the head's {self.chain.timestamp()}")
            offset = int(getattr(self.chain, "_clock_offset", 0))
            seconds = max(0, want - (int(time.time()) + offset))
        self.chain.mine(1, seconds=seconds)
        return "0x0"

    def anvil_mine(self, blocks: Any, interval: Any) -> None:
        n = 1 if blocks is None else _int(blocks, "blocks")
        step = 0 if interval is None else _int(interval, "interval")
        if n > MAX_MINE:
            raise p.bad(f"at most {MAX_MINE} blocks per call")
        if step:
            for _ in range(n):
                self.chain.mine(1, seconds=step)
        else:
            self.chain.mine(n)
