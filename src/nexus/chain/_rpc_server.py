"""The node's Ethereum JSON-RPC server over the embedded chain, transport-free: it takes a parsed
JSON body (one request or a batch) and returns the response body, per JSON-RPC 2.0.

Errors are always JSON-RPC error objects, never exceptions: -32700 parse error (the transport
reports it through `parse_error`), -32600 invalid request, -32601 method not found, -32602
invalid params, -32000 server error (nonce, funds, unknown block, ...), -32603 internal error
(logged), and 3 for a revert with the ABI-encoded reason in `data`, as geth and anvil answer.
"""

from __future__ import annotations

import logging
from typing import Any

from ..exceptions import ContractReverted, JsonRpcError, NexusError
from . import _rpc_params as p
from ._rpc_methods import WRITE_METHODS
from ._rpc_writes import EthMethods
from .embedded import EmbeddedChain

__all__ = ["WRITE_METHODS", "RpcServer", "error_response", "parse_error"]

log = logging.getLogger(__name__)
# Methods that never take the chain's lock nor do work that grows with input: a transport may
# answer them on its event loop instead of a worker thread (wallets poll these constantly).
LOCK_FREE = frozenset(
    {
        "web3_clientVersion",
        "net_version",
        "net_listening",
        "net_peerCount",
        "eth_chainId",
        "eth_blockNumber",
        "eth_syncing",
        "eth_accounts",
        "eth_gasPrice",
        "eth_maxPriorityFeePerGas",
    }
)


def error_response(rid: Any, err: JsonRpcError) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": rid, "error": err.to_json()}


def parse_error(why: str = "invalid JSON") -> dict[str, Any]:
    return error_response(None, JsonRpcError(-32700, f"parse error: {why}"))


def _valid_id(rid: Any) -> bool:
    return (
        rid is None or isinstance(rid, str) and len(rid) <= 256 or (isinstance(rid, int) and not isinstance(rid, bool))
    )


def as_rpc_error(exc: BaseException) -> JsonRpcError:
    """The JSON-RPC error object for an exception raised by a method."""
    if isinstance(exc, JsonRpcError):
        return exc
    if isinstance(exc, ContractReverted):
        message = f"execution reverted: {exc.reason}" if exc.reason else "execution reverted"
        return JsonRpcError(3, message, "0x" + exc.data.hex())
    if isinstance(exc, NexusError):
        return JsonRpcError(-32000, str(exc))
    log.exception("JSON-RPC method failed", exc_info=exc)
    return JsonRpcError(-32603, "internal error")


class RpcServer:
    """Answers JSON-RPC bodies for one embedded chain. Thread-safe (the chain takes its lock)."""

    def __init__(self, chain: EmbeddedChain, *, max_batch: int = 100) -> None:
        self.methods = EthMethods(chain)
        self.max_batch = max_batch

    @staticmethod
    def writes(body: Any) -> bool:
        """Whether `body` (one request or a batch) calls a state-changing method."""
        items = body if isinstance(body, list) else [body]
        return any(isinstance(r, dict) and r.get("method") in WRITE_METHODS for r in items)

    @staticmethod
    def lock_free(body: Any) -> bool:
        """Whether every request in `body` calls a LOCK_FREE method (or is malformed)."""
        items = body if isinstance(body, list) else [body]
        return all(not isinstance(r, dict) or r.get("method") in LOCK_FREE for r in items)

    def handle(self, body: Any) -> Any:
        """The response body for a parsed request body; None when it held only notifications."""
        if isinstance(body, list):
            if not body:
                return error_response(None, JsonRpcError(-32600, "invalid request: empty batch"))
            if len(body) > self.max_batch:
                return error_response(
                    None,
                    JsonRpcError(
                        -32600, f"invalid request: a batch of {len(body)} is over the limit of {self.max_batch}"
                    ),
                )
            out = [r for r in (self.one(req) for req in body) if r is not None]
            return out or None
        return self.one(body)

    def one(self, req: Any) -> dict[str, Any] | None:
        if not isinstance(req, dict):
            return error_response(None, JsonRpcError(-32600, "invalid request: not an object"))
        rid = req.get("id")
        if not _valid_id(rid):
            return error_response(None, JsonRpcError(-32600, "invalid request: bad id"))
        method = req.get("method")
        if req.get("jsonrpc") != "2.0" or not isinstance(method, str):
            return error_response(
                rid, JsonRpcError(-32600, 'invalid request: needs "jsonrpc": "2.0" and a method name')
            )
        try:
            result = self.call(method, req.get("params"))
        except Exception as exc:  # noqa: BLE001 - every failure becomes an error object
            if "id" not in req:
                return None
            return error_response(rid, as_rpc_error(exc))
        if "id" not in req:  # a notification: no answer
            return None
        return {"jsonrpc": "2.0", "id": rid, "result": result}

    def call(self, method: str, params: Any) -> Any:
        """The result of one method call; raises on failure (see `as_rpc_error`)."""
        entry = self.methods.table.get(method)
        if entry is None:
            shown = method if len(method) <= 64 else method[:61] + "..."
            raise JsonRpcError(-32601, f"the method {shown} does not exist/is not available")
        handler, lo, hi = entry
        return handler(*p.args(params, lo, hi))
