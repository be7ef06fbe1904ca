"""Errors of the node's serving side: API tokens, missing services, the `/rpc` endpoint: exit codes 60-64."""

from __future__ import annotations

from typing import Any

from ._base import NexusError

__all__ = ["ApiAuthError", "ApiForbidden", "ApiTooManyAttempts", "JsonRpcError", "ServiceUnavailable"]


class ApiAuthError(NexusError):
    """An API write came without the API token (`Authorization: Bearer <token>`)."""

    exit_code = 60
    http_status = 401
    http_headers: dict[str, str] = {"WWW-Authenticate": 'Bearer realm="nexus"'}


class ApiForbidden(ApiAuthError):
    """An API write came with a token that is not this node's API token."""

    exit_code = 61
    http_status = 403


class ApiTooManyAttempts(ApiAuthError):
    """A client sent too many wrong API tokens; it may try again after `retry_after` seconds."""

    exit_code = 62
    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.http_headers = {"Retry-After": str(retry_after)}


class ServiceUnavailable(NexusError):
    """The node runs no such service (switched off in the settings, or not started yet)."""

    exit_code = 63
    http_status = 503


class JsonRpcError(NexusError, ValueError):
    """An error answered to a client of the node's `/rpc` endpoint, as a JSON-RPC error object:
    `code` per JSON-RPC 2.0 / EIP-1474 (-32700 parse, -32600 invalid request, -32601 no such
    method, -32602 bad params, -32000 server; 3 for a revert, with its raw bytes in `data`)."""

    exit_code = 64
    http_status = 400

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data is not None:
            out["data"] = self.data
        return out
