"""JSON-RPC plumbing for RPCChain: URL redaction, error mapping, conversion of node records."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..exceptions import ChainError, ContractReverted, NotSupported, RPCError
from ._fast import checksum
from .abi import decode_revert
from .types import Block, Log, Tx, TxReceipt

__all__ = ["RPCError", "block", "check_response", "log", "receipt", "redact_url", "revert_from_error", "tx"]

_TOKENISH = re.compile(r"^[A-Za-z0-9_\-]{20,}$")


def redact_url(url: str) -> str:
    """`url` without credentials, query, fragment or API-key-like path segments."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return "<malformed url>"
    path = "/".join("***" if _TOKENISH.match(seg) else seg for seg in parts.path.split("/"))
    return urlunsplit((parts.scheme, netloc, path, "", ""))


def check_response(method: str, resp: Any) -> Any:
    """The `result` of one JSON-RPC response; RPCError for an error object."""
    if not isinstance(resp, dict):
        raise ChainError(f"{method}: malformed JSON-RPC response")
    if resp.get("error") is not None:
        err = resp["error"]
        raise RPCError(method, err if isinstance(err, dict) else {"message": str(err)})
    if "result" not in resp:
        raise ChainError(f"{method}: JSON-RPC response has no result")
    return resp["result"]


def _hexbytes(x: Any) -> bytes:
    if isinstance(x, str) and x.startswith("0x"):
        try:
            return bytes.fromhex(x[2:])
        except ValueError:
            return b""
    return b""


def revert_from_error(err: RPCError, receipt: TxReceipt | None = None) -> ContractReverted:
    """A ContractReverted carrying the reason decoded from a node's revert error."""
    data = err.data.get("data") if isinstance(err.data, dict) else err.data
    raw = _hexbytes(data)
    reason = decode_revert(raw)
    if reason is None:
        msg = err.message
        low = msg.lower()
        if "execution reverted:" in low:
            reason = msg[low.index("execution reverted:") + len("execution reverted:") :].strip()
            reason = reason.split("(")[0].strip() if reason.startswith("custom error") else reason
        else:
            reason = msg
    return ContractReverted(reason or None, data=raw, receipt=receipt)


def not_supported(method: str, err: RPCError) -> NotSupported:
    return NotSupported(f"the node does not support {method} ({err.message})")


def _int(x: Any) -> int:
    return int(x, 16) if isinstance(x, str) else int(x or 0)


def _addr(x: Any) -> str | None:
    return checksum(x) if x else None


def log(d: dict[str, Any]) -> Log:
    return Log(
        checksum(d["address"]),
        tuple(_hexbytes(t) for t in d.get("topics") or ()),
        _hexbytes(d.get("data")),
        _int(d.get("blockNumber")),
        d.get("transactionHash") or "",
        _int(d.get("transactionIndex")),
        _int(d.get("logIndex")),
    )


def receipt(d: dict[str, Any], reason: str | None = None) -> TxReceipt:
    ok = _int(d.get("status", 1)) == 1
    if not ok and reason is None and isinstance(d.get("revertReason"), str):
        reason = decode_revert(_hexbytes(d["revertReason"])) or d["revertReason"]
    return TxReceipt(
        d["transactionHash"],
        _int(d["blockNumber"]),
        _int(d["transactionIndex"]),
        checksum(d["from"]),
        _addr(d.get("to")),
        ok,
        _int(d["gasUsed"]),
        _addr(d.get("contractAddress")),
        tuple(log(x) for x in d.get("logs") or ()),
        None if ok else reason,
    )


def tx(d: dict[str, Any]) -> Tx:
    return Tx(
        d["hash"],
        checksum(d["from"]),
        _addr(d.get("to")),
        _int(d.get("value")),
        _hexbytes(d.get("input") or d.get("data")),
        _int(d.get("nonce")),
        _int(d.get("gas")),
        _int(d.get("gasPrice") or d.get("maxFeePerGas")),
        _int(d.get("blockNumber")),
        _int(d.get("transactionIndex")),
    )


def block(d: dict[str, Any], receipts: list[dict[str, Any]]) -> Block:
    by_hash = {r["transactionHash"]: r for r in receipts}
    txs = tuple(tx(t) for t in d.get("transactions") or () if isinstance(t, dict))
    return Block(
        _int(d["number"]),
        d["hash"],
        d["parentHash"],
        _int(d["timestamp"]),
        txs,
        tuple(receipt(by_hash[t.hash]) for t in txs if t.hash in by_hash),
    )


def checksum_trace(d: dict[str, Any]) -> dict[str, Any]:
    """A callTracer frame with checksummed addresses, like the embedded backend's."""
    out = dict(d)
    for k in ("from", "to"):
        if out.get(k):
            out[k] = checksum(out[k])
    if out.get("calls"):
        out["calls"] = [checksum_trace(c) for c in out["calls"]]
    return out
