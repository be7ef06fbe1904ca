"""JSON-RPC backend: any Ethereum node (anvil, geth, a provider), transactions signed locally."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import requests
from web3 import Web3
from web3.providers.rpc import HTTPProvider

from ..exceptions import (
    AccountError,
    BlockRangeError,
    ChainError,
    ChainIdMismatch,
    ContractReverted,
    NexusError,
    NotSupported,
    RPCUnreachable,
)
from . import _rpc_codec as codec
from ._fast import checksum
from ._rpc_codec import RPCError
from ._rpc_sign import TxSigner
from .abi import decode_revert
from .accounts import Signer
from .base import ChainBackend, TxRequest
from .types import Block, CallFrame, Log, TxReceipt

__all__ = ["RPCChain"]

GAS_MARGIN = 1.2  # estimate * margin + a fixed cushion
GAS_CUSHION = 10_000
FALLBACK_GAS = 1_000_000  # for a transaction whose estimate reverts, sent with check=False
DEFAULT_TIP = 10**9  # 1 gwei when the node has no eth_maxPriorityFeePerGas
BATCH = 250  # requests per HTTP batch
_NO_SIGNER = "no signing key: set NEXUS_PRIVATE_KEY or NEXUS_KEYSTORE"


class RPCChain(ChainBackend):
    """A chain behind an HTTP JSON-RPC endpoint.

    Transactions are signed here with `signer` (EIP-1559, or legacy where blocks have no base
    fee) and sent raw; the nonce is tracked locally. Without a signer the backend is read-only.
    """

    kind = "rpc"
    receipt_timeout: float = 120.0  # how long send() waits for a transaction to be mined

    def __init__(
        self,
        url: str,
        *,
        signer: Signer | None = None,
        timeout: float = 10.0,
        expected_chain_id: int | None = None,
        max_log_range: int = 5000,
    ) -> None:
        self._url = url
        self._safe_url = codec.redact_url(url)
        self.timeout = timeout
        self.max_log_range = max_log_range
        self._signer = TxSigner(signer) if signer is not None else None
        self._session = requests.Session()
        provider = HTTPProvider(
            url, request_kwargs={"timeout": timeout}, session=self._session, exception_retry_configuration=None
        )
        self._w3 = Web3(provider, middleware=[])
        self._provider = provider
        self._send_lock = threading.RLock()
        self._nonce: int | None = None
        self._supports: dict[str, bool] = {}
        # (base fee, node tip) -> EIP-1559 fee fields for this node's own sends; None: 2 * base + tip.
        # Set by the fee advisor service (setting `fee_advisor`); a failing policy falls back.
        self.fee_policy: Callable[[int, int], dict[str, int]] | None = None
        self._genesis: str | None = None
        self._node_accounts: list[str] | None = None
        try:
            self._chain_id = int(self._rpc("eth_chainId"), 16)
        except ChainError:
            self._session.close()
            raise
        if expected_chain_id is not None and expected_chain_id != self._chain_id:
            self._session.close()
            raise ChainIdMismatch(
                f"the node at {self._safe_url} has chain id {self._chain_id}, expected {expected_chain_id}"
            )

    # --- transport ---------------------------------------------------------------------------
    def _transport(self, method: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except requests.Timeout:
            raise RPCUnreachable(f"{self._safe_url} did not answer {method} within {self.timeout:g}s") from None
        except requests.ConnectionError:
            raise RPCUnreachable(f"cannot connect to {self._safe_url} ({method})") from None
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            raise ChainError(f"{self._safe_url} answered HTTP {status} to {method}") from None
        except requests.RequestException as exc:
            raise ChainError(f"request to {self._safe_url} failed: {type(exc).__name__}") from None
        except (ValueError, TypeError):  # undecodable body
            raise ChainError(f"{self._safe_url} sent a malformed answer to {method}") from None

    def _rpc(self, method: str, *params: Any) -> Any:
        resp = self._transport(method, self._provider.make_request, method, list(params))
        return codec.check_response(method, resp)

    def _batch_raw(self, calls: Sequence[tuple[str, list[Any]]]) -> list[Any]:
        """Raw responses (dicts with result or error), in order, `BATCH` requests per POST."""
        out: list[Any] = []
        for i in range(0, len(calls), BATCH):
            chunk = list(calls[i : i + BATCH])
            resp = self._transport(chunk[0][0], self._provider.make_batch_request, chunk)
            if not isinstance(resp, list):  # the node refused the batch as a whole
                codec.check_response(chunk[0][0], resp)
                raise ChainError(f"{self._safe_url} answered a batch with a single response")
            if len(resp) != len(chunk):
                raise ChainError(f"{self._safe_url} answered {len(resp)} of {len(chunk)} batched calls")
            out.extend(resp)
        return out

    def _batch(self, calls: Sequence[tuple[str, list[Any]]]) -> list[Any]:
        return [codec.check_response(m, r) for (m, _), r in zip(calls, self._batch_raw(calls))]

    def _optional(self, method: str, *params: Any) -> Any:
        """Call a method the node may lack: NotSupported (remembered) when it does."""
        if self._supports.get(method) is False:
            raise NotSupported(f"the node at {self._safe_url} does not support {method}")
        try:
            result = self._rpc(method, *params)
        except RPCError as err:
            if err.not_found:
                self._supports[method] = False
                raise codec.not_supported(method, err) from None
            raise ChainError(str(err)) from None
        self._supports[method] = True
        return result

    def _plain(self, method: str, *params: Any) -> Any:
        try:
            return self._rpc(method, *params)
        except RPCError as err:
            raise ChainError(str(err)) from None

    # --- identity ----------------------------------------------------------------------------
    @property
    def chain_id(self) -> int:
        return self._chain_id

    @property
    def url(self) -> str:
        return self._safe_url

    @property
    def signer_address(self) -> str | None:
        return self._signer.address if self._signer else None

    @property
    def accounts(self) -> list[str]:
        if self._signer is not None:
            return [self._signer.address]
        if self._node_accounts is None:
            try:
                self._node_accounts = [checksum(a) for a in self._plain("eth_accounts") or ()]
            except ChainError:
                self._node_accounts = []
        return list(self._node_accounts)

    @property
    def default_account(self) -> str:
        accts = self.accounts
        if not accts:
            raise AccountError(_NO_SIGNER)
        return accts[0]

    @property
    def genesis_hash(self) -> str:
        if self._genesis is None:
            blk = self._plain("eth_getBlockByNumber", "0x0", False)
            if not blk:
                raise ChainError(f"the node at {self._safe_url} has no genesis block")
            self._genesis = str(blk["hash"])
        return self._genesis

    def describe(self) -> str:
        return self._safe_url

    def __repr__(self) -> str:
        return f"RPCChain({self._safe_url}, chain_id={self._chain_id}, signer={self.signer_address})"

    __str__ = __repr__

    # --- reading -----------------------------------------------------------------------------
    def block_number(self) -> int:
        return int(self._plain("eth_blockNumber"), 16)

    def timestamp(self) -> int:
        return int(self._plain("eth_getBlockByNumber", "latest", False)["timestamp"], 16)

    def get_block(self, number: int) -> Block:
        if number < 0:
            raise BlockRangeError(f"block {number} does not exist")
        tag = hex(number)
        if self._supports.get("eth_getBlockReceipts") is not False:
            blk_r, rcp_r = self._batch_raw([("eth_getBlockByNumber", [tag, True]), ("eth_getBlockReceipts", [tag])])
            blk = self._result_or_chain_error("eth_getBlockByNumber", blk_r)
            if not blk:
                raise BlockRangeError(f"block {number} does not exist (head is {self.block_number()})")
            try:
                receipts = codec.check_response("eth_getBlockReceipts", rcp_r)
                self._supports["eth_getBlockReceipts"] = True
                if receipts is not None:
                    return codec.block(blk, receipts)
            except RPCError as err:
                if not err.not_found:
                    raise ChainError(str(err)) from None
                self._supports["eth_getBlockReceipts"] = False
        else:
            blk = self._plain("eth_getBlockByNumber", tag, True)
            if not blk:
                raise BlockRangeError(f"block {number} does not exist (head is {self.block_number()})")
        hashes = [t["hash"] for t in blk.get("transactions") or ()]
        receipts = self._wrap(self._batch, [("eth_getTransactionReceipt", [h]) for h in hashes])
        return codec.block(blk, [r for r in receipts if r])

    def _result_or_chain_error(self, method: str, resp: Any) -> Any:
        try:
            return codec.check_response(method, resp)
        except RPCError as err:
            raise ChainError(str(err)) from None

    def _wrap(self, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except RPCError as err:
            raise ChainError(str(err)) from None

    def balance(self, address: str) -> int:
        return int(self._plain("eth_getBalance", checksum(address), "latest"), 16)

    def nonce(self, address: str) -> int:
        return int(self._plain("eth_getTransactionCount", checksum(address), "latest"), 16)

    def code(self, address: str) -> bytes:
        return bytes.fromhex(self._plain("eth_getCode", checksum(address), "latest")[2:])

    def receipt(self, tx_hash: str) -> TxReceipt | None:
        r = self._plain("eth_getTransactionReceipt", tx_hash)
        return codec.receipt(r) if r else None

    def _call_obj(
        self, to: str | None, data: bytes, sender: str | None, value: int, gas: int | None = None
    ) -> dict[str, Any]:
        obj: dict[str, Any] = {"data": "0x" + data.hex()}
        if to is not None:
            obj["to"] = checksum(to)
        frm = sender or (self.accounts[0] if self.accounts else None)
        if frm:
            obj["from"] = checksum(frm)
        if value:
            obj["value"] = hex(value)
        if gas:
            obj["gas"] = hex(gas)
        return obj

    def call(self, to: str, data: bytes, *, sender: str | None = None, value: int = 0) -> bytes:
        try:
            out = self._rpc("eth_call", self._call_obj(to, data, sender, value), "latest")
        except RPCError as err:
            if err.is_revert:
                raise codec.revert_from_error(err) from None
            raise ChainError(str(err)) from None
        return bytes.fromhex(out[2:])

    def _logs(
        self, from_block: int, to_block: int, address: Sequence[str] | None, topic0: Sequence[bytes] | None
    ) -> list[Log]:
        flt: dict[str, Any] = {"fromBlock": hex(from_block), "toBlock": hex(to_block)}
        if address:
            flt["address"] = [checksum(a) for a in address]
        if topic0:
            flt["topics"] = [["0x" + t.hex() for t in topic0]]
        try:
            return [codec.log(x) for x in self._rpc("eth_getLogs", flt)]
        except RPCError as err:
            if "range" in err.message.lower() or "too many" in err.message.lower():
                raise BlockRangeError(str(err)) from None
            raise ChainError(str(err)) from None

    # --- writing -----------------------------------------------------------------------------
    def _require_signer(self, txs: Sequence[TxRequest]) -> TxSigner:
        if self._signer is None:
            raise AccountError(_NO_SIGNER)
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

    # --- tracing and test control --------------------------------------------------------------
    def trace(self, tx_hash: str) -> CallFrame:
        frame = self._optional("debug_traceTransaction", tx_hash, {"tracer": "callTracer"})
        if not frame:
            raise NotSupported(f"no trace for transaction {tx_hash}")
        return CallFrame.from_json(codec.checksum_trace(frame))

    def snapshot(self) -> int:
        return int(self._optional("evm_snapshot"), 16)

    def revert(self, snapshot_id: int) -> None:
        with self._send_lock:
            ok = self._optional("evm_revert", hex(snapshot_id))
            self._nonce = None
        if ok is False:
            raise ChainError(f"unknown or already reverted snapshot {snapshot_id}")

    def mine(self, blocks: int = 1, *, seconds: int = 0) -> None:
        if blocks < 0 or seconds < 0:
            raise ChainError("cannot mine a negative number of blocks or move time backwards")
        if seconds:
            self._optional("evm_increaseTime", hex(seconds))
        if not blocks:
            return
        if self._supports.get("anvil_mine") is not False:
            try:
                self._optional("anvil_mine", hex(blocks))
                return
            except NotSupported:
                pass
        for _ in range(blocks):
            self._optional("evm_mine")

    # --- lifecycle ----------------------------------------------------------------------------
    def close(self) -> None:
        self._session.close()
