"""`eth_subscribe` / `eth_unsubscribe` for one WebSocket on `/rpc`: newHeads and logs pushed as
`eth_subscription` notifications. Each subscription wakes on the node's `block` events (the
chain follower) and also polls the head every `poll_interval`, so it works without a follower."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool

from ...chain._rpc_server import RpcServer, as_rpc_error, error_response
from ...exceptions import JsonRpcError

if TYPE_CHECKING:
    from ...node import Node

__all__ = ["Subscriptions"]

MAX_SUBSCRIPTIONS = 32  # per connection
MAX_CATCH_UP = 256  # after a stall, notify only the newest blocks
_HEADER_DROP = ("transactions", "uncles", "size", "totalDifficulty")


class Subscriptions:
    """The subscriptions of one connection; `handle` answers one request body."""

    def __init__(self, server: RpcServer, node: Node, send: Callable[[Any], Awaitable[None]]) -> None:
        self.server = server
        self.node = node
        self.send = send
        self.tasks: dict[str, asyncio.Task[None]] = {}

    async def handle(self, body: Any) -> Any:
        if isinstance(body, dict) and body.get("method") in ("eth_subscribe", "eth_unsubscribe"):
            rid = body.get("id")
            try:
                if body["method"] == "eth_subscribe":
                    result: Any = await self._subscribe(body.get("params"))
                else:
                    result = self._unsubscribe(body.get("params"))
            except Exception as exc:  # noqa: BLE001 - answered as an error object
                return error_response(rid, as_rpc_error(exc))
            return {"jsonrpc": "2.0", "id": rid, "result": result}
        return await run_in_threadpool(self.server.handle, body)

    async def _subscribe(self, params: Any) -> str:
        if not isinstance(params, list) or not params or len(params) > 2:
            raise JsonRpcError(-32602, 'invalid params: expected ["newHeads"] or ["logs", filter]')
        kind, filt = params[0], (params[1] if len(params) > 1 else None)
        if kind == "newHeads" and filt is None:
            pass
        elif kind == "logs":
            filt = filt if filt is not None else {}
            if not isinstance(filt, dict) or set(filt) - {"address", "topics"}:
                raise JsonRpcError(-32602, "invalid params: a logs filter has address and topics only")
            head = hex(self.server.methods.chain.block_number())
            await run_in_threadpool(
                self.server.methods.eth_getLogs,  # validates the filter
                {**filt, "fromBlock": head, "toBlock": head},
            )
        else:
            raise JsonRpcError(
                -32602, f"invalid params: unsupported subscription {str(kind)[:40]!r} (newHeads and logs are)"
            )
        if len(self.tasks) >= MAX_SUBSCRIPTIONS:
            raise JsonRpcError(-32000, f"at most {MAX_SUBSCRIPTIONS} subscriptions per connection")
        sid = "0x" + secrets.token_hex(16)
        start = self.server.methods.chain.block_number()
        self.tasks[sid] = asyncio.create_task(self._feed(sid, kind, filt, start))
        return sid

    def _unsubscribe(self, params: Any) -> bool:
        if not isinstance(params, list) or len(params) != 1 or not isinstance(params[0], str):
            raise JsonRpcError(-32602, "invalid params: expected [subscription id]")
        task = self.tasks.pop(params[0], None)
        if task is None:
            return False
        task.cancel()
        return True

    def _items(self, kind: str, filt: dict[str, Any] | None, number: int) -> list[Any]:
        methods = self.server.methods
        if kind == "newHeads":
            header = methods._block(methods.chain.get_block(number), False)
            return [{k: v for k, v in header.items() if k not in _HEADER_DROP}]
        return methods.eth_getLogs({**(filt or {}), "fromBlock": hex(number), "toBlock": hex(number)})

    async def _feed(self, sid: str, kind: str, filt: dict[str, Any] | None, last: int) -> None:
        chain = self.server.methods.chain
        wake = self.node.events.subscribe(["block"], maxsize=16, loop=asyncio.get_running_loop())
        poll = self.node.settings.poll_interval
        try:
            while True:
                if wake.closed:  # the node is stopping
                    return
                await wake.aget(poll)
                head = chain.block_number()
                if head < last:  # evm_revert moved the head back
                    last = head
                last = max(last, head - MAX_CATCH_UP)
                while last < head:
                    last += 1
                    for item in await run_in_threadpool(self._items, kind, filt, last):
                        await self.send(
                            {
                                "jsonrpc": "2.0",
                                "method": "eth_subscription",
                                "params": {"subscription": sid, "result": item},
                            }
                        )
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - the socket is gone; the connection loop cleans up
            return
        finally:
            wake.close()

    def close(self) -> None:
        for task in self.tasks.values():
            task.cancel()
        self.tasks.clear()
