"""The JSON-RPC backend's transport: one request or a batch over HTTP, transport failures mapped
onto the error tree (`RPCUnreachable`, `ChainError`), optional methods remembered as unsupported,
and the `eth_call` / `eth_estimateGas` call object. `RPCChain` builds on it (see `rpc.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import requests
from web3.providers.rpc import HTTPProvider

from ..exceptions import ChainError, NotSupported, RPCUnreachable
from . import _rpc_codec as codec
from ._fast import checksum
from ._rpc_codec import RPCError
from .base import ChainBackend

__all__ = ["BATCH", "RPCTransport"]

BATCH = 250  # requests per HTTP batch


class RPCTransport(ChainBackend):
    """Requests to one node: `RPCChain`'s lowest layer (its constructor sets these attributes)."""

    timeout: float
    _safe_url: str
    _provider: HTTPProvider
    _supports: dict[str, bool]  # method -> whether the node has it (absent: not asked yet)

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
