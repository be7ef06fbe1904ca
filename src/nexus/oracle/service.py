"""The oracle as a node service: `nexus up` runs one feed's node network in a thread.

Rounds follow the feed's report policy (deviation or heartbeat); every round, reported or not,
lands in the round journal (per-source contributions for the API and the dashboard) and on the
node's event bus as an `oracle.round` event. Without `oracle_sources` the service runs the
simulated dev feed, and only on development chains (the embedded chain, or chain id 1337/31337):
its node keys are deterministic and must never guard real value.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from ..node.service import Service

if TYPE_CHECKING:
    from ..node.node import Node
    from ..settings import Settings
    from .runner import NetworkRunner

__all__ = ["OracleService"]

log = logging.getLogger(__name__)
DEV_CHAIN_IDS = (1337, 31337)


class OracleService(Service):
    name = "oracle"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runner: NetworkRunner | None = None
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        self.stats: dict[str, Any] = {"rounds": 0, "reports": 0, "errors": 0}
        self.idle_reason: str | None = None

    def start(self, node: Node) -> None:
        from .runner import NetworkRunner
        from .spec import load_spec

        nexus = node.require()
        s = self.settings
        spec = load_spec(s.oracle_sources) if s.oracle_sources is not None else None
        if spec is None and nexus.chain.kind != "embedded" and nexus.chain.chain_id not in DEV_CHAIN_IDS:
            self.idle_reason = "no oracle_sources on a non-development chain"
            log.info("oracle: idle (%s)", self.idle_reason)
            return
        self.runner = NetworkRunner(
            s,
            nodes=s.oracle_nodes,
            feed=s.oracle_feed,
            spec=spec,
            nexus=nexus,
            faulty_sources=0 if spec else s.oracle_faulty_sources,
        )
        events = node.events
        self._halt.clear()
        self._thread = threading.Thread(target=self._loop, args=(events,), name="nexus-oracle", daemon=True)
        self._thread.start()

    def _loop(self, events: Any) -> None:
        runner = self.runner
        assert runner is not None
        try:  # deploy or attach the feed here, so `nexus up` starts serving at once
            runner.__enter__()
        except Exception as exc:
            self.stats["errors"] += 1
            self.idle_reason = f"feed setup failed: {exc}"
            log.error("oracle: %s", self.idle_reason)
            return
        first = True
        while first or not self._halt.wait(self.settings.oracle_interval):
            try:
                rec = runner.round(force=first)  # the first round reports; then deviation/heartbeat
            except Exception as exc:  # keep serving; the next round retries
                self.stats["errors"] += 1
                log.warning("oracle round failed: %s", exc)
                first = False
                continue
            first = False
            self.stats["rounds"] += 1
            self.stats["reports"] += bool(rec["accepted"])
            self.stats["last"] = {k: rec[k] for k in ("round_id", "accepted", "answer", "skipped")}
            if events is not None:
                events.publish(
                    "oracle.round",
                    {
                        "feed": runner.name,
                        "address": runner.feed_address,
                        **{k: rec[k] for k in ("round_id", "accepted", "skipped", "answer", "band", "gas_used")},
                    },
                )
            if rec["accepted"]:
                self._pay_claims(runner, events)

    def _pay_claims(self, runner: Any, events: Any) -> None:
        """Insurance products triggered by this feed pay what the new round makes due (each policy once)."""
        from .insurance import trigger_feed

        try:
            paid = trigger_feed(runner.nexus, runner.name)
        except Exception as exc:  # noqa: BLE001 - a product's failure must not stop the feed
            self.stats["errors"] += 1
            log.warning("insurance trigger failed: %s", exc)
            return
        self.stats["claims_paid"] = self.stats.get("claims_paid", 0) + len(paid)
        for claim in paid if events is not None else ():
            events.publish("insurance.claim", claim)

    def stop(self) -> None:
        self._halt.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        if self.runner is not None:
            self.runner.__exit__()
            self.runner = None

    def health(self) -> dict[str, Any]:
        if self.idle_reason is not None:
            return {"ok": True, "idle": self.idle_reason}
        r = self.runner
        alive = self._thread is not None and self._thread.is_alive()
        where = {"feed": r.name, "address": getattr(r, "feed_address", None), "nodes": r.n} if r else {}
        return {"ok": alive, **where, **self.stats}
