"""Decision audit: `@nexus.audited(model=...)` logs every prediction to the ledger, durably.

Contract. `durable=True` (the default): the audited call returns only after its record is
committed (with `ledger_sync="full"`, fsync'd); threads calling at once share one transaction
(group commit), and a call whose record cannot be written raises `LedgerError` instead of
returning. `durable=False`: the call returns once the record is queued; at most
`ledger_async_queue` records (`NEXUS_LEDGER_ASYNC_QUEUE`, default 10,000; queued plus the
transaction being written) wait uncommitted, callers block beyond that, a normal exit, `flush()`
and `Ledger.close()` commit them all, and a crash (kill -9, power loss) loses at most that many.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any, Self, TypeVar

from ..exceptions import NotAnchored
from ._writer import Pending
from .ledger import Ledger, open_ledger
from .records import canonical_json, salted_hash

__all__ = ["Auditor", "Decision", "audited", "input_digest"]

F = TypeVar("F", bound=Callable[..., Any])
_default: Ledger | None = None
_default_lock = threading.Lock()


def _default_ledger() -> Ledger:
    global _default
    with _default_lock:
        if _default is None:
            _default = open_ledger()
            atexit.register(_close_default)
        return _default


def _close_default() -> None:
    """At a normal exit, commit every queued decision of the default ledger and close it."""
    global _default
    with _default_lock:
        led, _default = _default, None
    if led is not None:
        try:
            led.close()
        except Exception:
            logging.getLogger(__name__).exception("closing the default ledger at exit failed")


def _plain(value: Any) -> Any:
    """JSON-ready form of a model output: numpy/torch values via tolist/item, else as is."""
    for attr in ("tolist", "item"):
        fn = getattr(value, attr, None)
        if callable(fn):
            try:
                return fn()
            except (TypeError, ValueError):
                pass
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def input_digest(value: Any) -> bytes:
    """Bytes that stand for a model input: raw bytes, array buffers (with dtype and shape), else
    canonical JSON of its plain form. Only its salted hash is ever stored."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    tobytes = getattr(value, "tobytes", None)
    if callable(tobytes) and hasattr(value, "dtype"):
        head = f"{value.dtype}:{getattr(value, 'shape', '')}:".encode()
        return head + hashlib.sha256(tobytes()).digest()
    return canonical_json(_plain(value))


class Decision:
    """The receipt handle of one logged prediction. `id` waits until the record is durable
    (a durable auditor returns handles that already are);
    `receipt(timeout)` waits until a checkpoint covering it is anchored (a node or
    `nexus ledger anchor` anchors). `salt` lets the caller later prove which input was used."""

    __slots__ = ("_ledger", "_pending", "input_hash", "output", "salt")

    def __init__(self, output: Any, salt: bytes, input_hash: str, pending: Pending, ledger: Ledger) -> None:
        self.output, self.salt, self.input_hash = output, salt, input_hash
        self._pending, self._ledger = pending, ledger

    @property
    def id(self) -> int:
        return self._pending.result()

    def durable(self) -> bool:
        return self._pending.done()

    def wait(self, timeout: float | None = None) -> int:
        return self._pending.result(timeout)

    def receipt(self, timeout: float = 0.0, poll: float = 0.02) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self._ledger.receipt(self.id)
            except NotAnchored:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(poll)

    def __repr__(self) -> str:
        return f"<Decision {self._pending!r} output={self.output!r}>"


class Auditor:
    """Logs decisions of one model. Call it (`auditor.log(input, output)`), use it as a context
    manager, or let `audited` wrap a function with it. `durable` as in the module docstring."""

    def __init__(
        self,
        model: Any,
        *,
        ledger: Ledger | None = None,
        kind: str = "decision",
        explain: Callable[[Any, Any], Any] | None = None,
        durable: bool = True,
    ) -> None:
        # a model loaded by `nexus.models.load` (anything with `governed_version`): each record
        # names the registry version that served it, read at each call (a node swaps versions)
        self.governed = model if hasattr(model, "governed_version") else None
        name = model.governed_version["name"] if self.governed is not None else model
        self.model, self.kind, self.explain = str(name), kind, explain
        self.durable = bool(durable)
        self._ledger = ledger

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = _default_ledger()
        return self._ledger

    def log(self, inputs: Any, output: Any, *, explanation: Any = None) -> Decision:
        """Log one decision (salted input hash, output, model, time, explanation); durable
        auditors return once it is committed, async ones once it is queued."""
        salt = os.urandom(32)
        ih = "sha256:" + salted_hash(salt, input_digest(inputs)).hex()
        if explanation is None and self.explain is not None:
            explanation = self.explain(inputs, output)
        payload: dict[str, Any] = {"input": ih, "model": self.model, "output": _plain(output)}
        if self.governed is not None:
            payload["model_version"] = dict(self.governed.governed_version)
        if explanation is not None:
            payload["explanation"] = _plain(explanation)
        pending = self.ledger.submit(self.kind, payload, salt=salt)
        if self.durable:
            pending.result()  # group commit: concurrent callers share this transaction
        return Decision(output, salt, ih, pending, self.ledger)

    __call__ = log

    def wrap(self, fn: F) -> F:
        """`fn` unchanged in behaviour, each call logged; `fn.audit(...)` returns the Decision."""

        def audit(*args: Any, **kwargs: Any) -> Decision:
            out = fn(*args, **kwargs)
            return self.log({"args": list(args), "kwargs": kwargs} if kwargs or len(args) != 1 else args[0], out)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return audit(*args, **kwargs).output

        wrapper.audit = audit  # type: ignore[attr-defined]
        wrapper.auditor = self  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    def flush(self) -> None:
        """Wait until every decision logged so far is durable."""
        self.ledger.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()


def audited(
    fn: F | None = None,
    *,
    model: Any,
    ledger: Ledger | None = None,
    kind: str = "decision",
    explain: Callable[[Any, Any], Any] | None = None,
    durable: bool = True,
) -> Any:
    """Audit a model's decisions: as a decorator (`@audited(model="m1")`; the function returns
    what it did, `fn.audit(x)` returns a `Decision` handle) or a context manager
    (`with audited(model="m1") as log: handle = log(x, y)`).

    `durable=True` (default): each call returns only after its record is committed to disk
    (fsync'd under the default `ledger_sync="full"`); many threads calling at once share one
    transaction, which is how throughput stays high. If the record cannot be written the call
    raises `LedgerError`. `durable=False`: a call returns once its record is queued; at most
    `ledger_async_queue` records (default 10,000) wait uncommitted and callers block beyond
    that; `flush()`, `Ledger.close()` and a normal interpreter exit commit them all; a crash
    (kill -9) loses at most `ledger_async_queue` decisions that already returned.
    Without `ledger`, decisions go to the settings' ledger, flushed and closed at exit.
    `model` is a name, or a model from `nexus.models.load` (each record then also names the
    registry version, `model_version`: name, version, fingerprint)."""
    auditor = Auditor(model, ledger=ledger, kind=kind, explain=explain, durable=durable)
    if fn is not None:
        return auditor.wrap(fn)
    return _Audited(auditor)


class _Audited(Auditor):
    """What `audited(model=...)` returns: a decorator that is also the context manager."""

    def __init__(self, auditor: Auditor) -> None:
        super().__init__(
            auditor.governed or auditor.model,
            ledger=auditor._ledger,
            kind=auditor.kind,
            explain=auditor.explain,
            durable=auditor.durable,
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if len(args) == 1 and callable(args[0]) and not kwargs:
            return self.wrap(args[0])
        return self.log(*args, **kwargs)
