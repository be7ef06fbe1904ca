"""`LocalGrid`: Flower's `Grid` interface answered by ClientApps in this process (tests, demo, quick runs).

Flower's simulation engine needs Ray, which takes seconds to start; this grid hands each message to
the node's `ClientApp` on its own daemon thread, so `send_and_receive(timeout=...)` returns what came
back in time and a hung client is simply left behind (as the SuperLink does). A ClientApp that raises
answers with an error message, as a SuperNode does.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable

from flwr.app import Context, Error, Message, RecordDict
from flwr.clientapp import ClientApp
from flwr.serverapp import Grid
from flwr.supercore.run import Run  # the type Grid.run returns
from flwr.supercore.task_identity import TaskIdentity

__all__ = ["LocalGrid"]

SERVER_NODE_ID = 1  # flwr.common.constant.SUPERLINK_NODE_ID; clients are numbered from 2


class LocalGrid(Grid):
    def __init__(self, app: ClientApp, nodes: int, *, run_id: int = 1) -> None:
        self._app = app
        # who is sending: run_simulation sets the same process-wide identity before a ServerApp runs
        TaskIdentity.task_id, TaskIdentity.run_id, TaskIdentity.node_id = 1, run_id, SERVER_NODE_ID
        self._run = Run.create_empty(run_id)
        self._contexts = {
            n + 2: Context(run_id, n + 2, {"partition-id": n, "num-partitions": nodes}, RecordDict(), {})
            for n in range(nodes)
        }
        self._replies: dict[str, Message] = {}
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)

    def set_run(self, run: Run) -> None:
        self._run = run

    @property
    def run(self) -> Run:
        return self._run

    def create_message(
        self, content: RecordDict, message_type: str, dst_node_id: int, group_id: str, ttl: float | None = None
    ) -> Message:
        return Message(content, dst_node_id, message_type, ttl=ttl, group_id=group_id)

    def get_node_ids(self) -> Iterable[int]:
        return list(self._contexts)

    def _serve(self, mid: str, msg: Message) -> None:
        ctx = self._contexts[msg.metadata.dst_node_id]
        try:
            reply = self._app(msg, ctx)
        except Exception as exc:  # noqa: BLE001  (a crashing client answers with an error, as a SuperNode does)
            reply = Message(Error(code=0, reason=f"{type(exc).__name__}: {exc}"), reply_to=msg)
        with self._done:
            self._replies[mid] = reply
            self._done.notify_all()

    def push_messages(self, messages: Iterable[Message]) -> Iterable[str]:
        ids = []
        for msg in messages:
            mid = uuid.uuid4().hex
            threading.Thread(target=self._serve, args=(mid, msg), daemon=True, name=f"fl-client-{mid[:6]}").start()
            ids.append(mid)
        return ids

    def pull_messages(self, message_ids: Iterable[str]) -> Iterable[Message]:
        with self._lock:
            return [self._replies.pop(m) for m in list(message_ids) if m in self._replies]

    def send_and_receive(self, messages: Iterable[Message], *, timeout: float | None = None) -> Iterable[Message]:
        ids = set(self.push_messages(messages))
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._done:
            while not ids <= set(self._replies):
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    break
                self._done.wait(left)
            return [self._replies.pop(m) for m in ids if m in self._replies]
