"""The JSON-RPC backend's writing side: the local signer and its nonce (fetched once, advanced
locally, resynchronised after a refusal, one retry on a stale nonce), fees and gas from one batched
round trip, signing and broadcasting in batches, waiting for receipts and finding revert reasons."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from ..exceptions import AccountError, ChainError, ContractReverted, NexusError
from . import _rpc_codec as codec
from ._fast import checksum
from ._rpc_codec import RPCError
from ._rpc_sign import TxSigner
from ._rpc_transport import BATCH, RPCTransport
from .abi import decode_revert
from .base import TxRequest
from .types import TxReceipt

__all__ = ["DEFAULT_TIP", "FALLBACK_GAS", "GAS_CUSHION", "GAS_MARGIN", "NO_SIGNER", "RPCSender"]

GAS_MARGIN = 1.2  # estimate * margin + a fixed cushion
GAS_CUSHION = 10_000
FALLBACK_GAS = 1_000_000  # for a transaction whose estimate reverts, sent with check=False
DEFAULT_TIP = 10**9  # 1 gwei when the node has no eth_maxPriorityFeePerGas
NO_SIGNER = "no signing key: set NEXUS_PRIVATE_KEY or NEXUS_KEYSTORE"


class RPCSender(RPCTransport):
    """Signing and sending for `RPCChain` (its constructor sets these attributes)."""

    receipt_timeout: float = 120.0  # how long send() waits for a transaction to be mined
    fee_policy: Callable[[int, int], dict[str, int]] | None
    _chain_id: int
    _signer: TxSigner | None
    _send_lock: threading.RLock
    _nonce: int | None  # the next nonce to sign with; None: fetch the pending count first

    def _require_signer(self, txs: Sequence[TxRequest]) -> TxSigner:
        if self._signer is None:
            raise AccountError(NO_SIGNER)
        for tx in txs:
            if tx.sender is not None and checksum(tx.sender) != self._signer.address:
                raise AccountError(f"cannot send from {tx.sender}: this backend signs only for {self._signer.address}")
        return self._signer

    def _prepare(self, txs: Sequence[TxRequest], check: bool, single: bool) -> tuple[dict[str, int], list[int]]:
        """Fee fields and gas per transaction, from one batched round trip that also fetches the
        pending nonce when it is not known yet. EIP-1559 where the head has a base fee, else legacy.
        Gas is the caller's, or estimated once per distinct call with a margin; a transaction
        whose estimate reverts raises (single send with check) or gets `FALLBACK_GAS`."""
        signer = self._signer
        assert signer is not None
        want_tip = self._supports.get("eth_maxPriorityFeePerGas") is not False
        calls: list[tuple[str, list[Any]]] = [
            ("eth_getBlockByNumber", ["latest", False]),
            ("eth_maxPriorityFeePerGas", []) if want_tip else ("eth_gasPrice", []),
        ]
        if self._nonce is None:
            calls.append(("eth_getTransactionCount", [signer.address, "pending"]))
        slot: dict[tuple[str | None, bytes, int], int] = {}
        for t in txs:
            key = (t.to, t.data, t.value)
            if not t.gas and key not in slot:
                slot[key] = len(calls)
                calls.append(("eth_estimateGas", [self._call_obj(t.to, t.data, signer.address, t.value)]))
        resp = self._batch_raw(calls)
        if self._nonce is None:
            self._nonce = int(self._result_or_chain_error(calls[2][0], resp[2]), 16)
        gases: list[int] = []
        for t in txs:
            if t.gas:
                gases.append(t.gas)
                continue
            try:
                est = int(codec.check_response("eth_estimateGas", resp[slot[(t.to, t.data, t.value)]]), 16)
                gases.append(int(est * GAS_MARGIN) + GAS_CUSHION)
            except RPCError as err:
                if not err.is_revert:
                    raise ChainError(str(err)) from None
                if check and single:
                    raise codec.revert_from_error(err) from None
                gases.append(FALLBACK_GAS)
        head = self._result_or_chain_error("eth_getBlockByNumber", resp[0])
        base = head.get("baseFeePerGas") if head else None
        try:
            second: int | None = int(codec.check_response(calls[1][0], resp[1]), 16)
        except RPCError as err:
            if want_tip and err.not_found:
                self._supports["eth_maxPriorityFeePerGas"] = False
            second = None
        if base is None:
            price = second if (second is not None and not want_tip) else int(self._plain("eth_gasPrice"), 16)
            return {"gasPrice": price}, gases
        tip = second if (second is not None and want_tip) else DEFAULT_TIP
        if self.fee_policy is not None:
            try:
                return self.fee_policy(int(base, 16), tip), gases
            except (NexusError, ValueError):
                pass
        return {"maxFeePerGas": 2 * int(base, 16) + tip, "maxPriorityFeePerGas": tip}, gases

    def _broadcast(
        self, txs: Sequence[TxRequest], fees: dict[str, int], gases: list[int]
    ) -> tuple[list[str], list[Any]]:
        """Sign chunk by chunk and send each as one batch; the next chunk is signed while the
        previous one is on the wire. Returns the hashes and the raw responses, in order."""
        signer = self._signer
        assert signer is not None and self._nonce is not None
        hashes: list[str] = []

        def chunk(i: int) -> list[tuple[str, list[Any]]]:
            calls = []
            for j in range(i, min(i + BATCH, len(txs))):
                t = txs[j]
                raw, h = signer.sign(
                    self._chain_id,
                    self._nonce + j,  # type: ignore[operator]
                    t.to,
                    t.value,
                    t.data,
                    gases[j],
                    fees,
                )
                hashes.append(h)
                calls.append(("eth_sendRawTransaction", ["0x" + raw.hex()]))
            return calls

        if len(txs) <= BATCH:
            return hashes, self._batch_raw(chunk(0))
        pending: list[Future[list[Any]]] = []
        with ThreadPoolExecutor(1, thread_name_prefix="nexus-rpc-send") as pool:
            for i in range(0, len(txs), BATCH):
                pending.append(pool.submit(self._batch_raw, chunk(i)))
            responses = [r for f in pending for r in f.result()]
        return hashes, responses

    def send(self, tx: TxRequest, *, check: bool = True) -> TxReceipt:
        return self._send([tx], check=check, single=True)[0]

    def send_many(self, txs: Sequence[TxRequest], *, check: bool = True) -> list[TxReceipt]:
        return self._send(txs, check=check, single=False) if txs else []

    def _send(self, txs: Sequence[TxRequest], *, check: bool, single: bool) -> list[TxReceipt]:
        self._require_signer(txs)
        with self._send_lock:
            for attempt in (0, 1):
                fees, gases = self._prepare(txs, check, single)
                try:
                    hashes, responses = self._broadcast(txs, fees, gases)
                except BaseException:
                    self._nonce = None
                    raise
                errors = [
                    (i, r["error"])
                    for i, r in enumerate(responses)
                    if isinstance(r, dict) and r.get("error") is not None
                ]
                if not errors:
                    self._nonce = (self._nonce or 0) + len(txs)
                    break
                first_i, first = errors[0]
                err = RPCError("eth_sendRawTransaction", first if isinstance(first, dict) else {})
                self._nonce = None  # resync: some may have gone through
                if err.is_nonce and first_i == 0 and attempt == 0:
                    continue  # stale nonce: none was accepted, sign again with a fresh one
                raise ChainError(f"transaction {first_i + 1} of {len(txs)} was refused: {err.message}")
        raw_receipts = self._wait(hashes)
        receipts = []
        for tx, r in zip(txs, raw_receipts):
            rcpt = codec.receipt(r)
            if not rcpt.status and rcpt.revert_reason is None:
                rcpt = codec.receipt(r, self._revert_reason(tx, r))
            receipts.append(rcpt)
        if check:
            for rcpt in receipts:
                if not rcpt.status:
                    raise ContractReverted(rcpt.revert_reason, receipt=rcpt)
        return receipts

    def _wait(self, hashes: list[str]) -> list[dict[str, Any]]:
        """Poll receipts in batches until all are mined."""
        found: dict[str, dict[str, Any]] = {}
        deadline = time.monotonic() + self.receipt_timeout
        delay = 0.001
        while True:
            todo = [h for h in hashes if h not in found]
            for h, r in zip(todo, self._wrap(self._batch, [("eth_getTransactionReceipt", [h]) for h in todo])):
                if r:
                    found[h] = r
            if len(found) == len(hashes):
                return [found[h] for h in hashes]
            if time.monotonic() > deadline:
                raise ChainError(
                    f"{len(hashes) - len(found)} transaction(s) not mined within"
                    f" {self.receipt_timeout:g}s (first: {todo[0]})"
                )
            time.sleep(delay)
            delay = min(delay * 2, 0.5)

    def _revert_reason(self, tx: TxRequest, r: dict[str, Any]) -> str | None:
        """Why a mined transaction failed: from its trace, else by replaying it as a call."""
        try:
            frame = self._optional("debug_traceTransaction", r["transactionHash"], {"tracer": "callTracer"})
            out = bytes.fromhex((frame.get("output") or "0x")[2:])
            return decode_revert(out) or frame.get("revertReason") or frame.get("error")
        except ChainError:
            pass
        parent = hex(max(int(r["blockNumber"], 16) - 1, 0))
        try:
            self._rpc("eth_call", self._call_obj(tx.to, tx.data, r["from"], tx.value), parent)
        except RPCError as err:
            return codec.revert_from_error(err).reason if err.is_revert else None
        except ChainError:
            pass
        return None
