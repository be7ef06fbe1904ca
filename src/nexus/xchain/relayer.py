"""The relayer: finds final messages on each source, gathers a quorum of witness signatures, delivers once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..exceptions import ContractReverted
from .endpoint import Endpoint, sent_messages
from .journal import Journal
from .message import Message, Sig, sort_sigs
from .witness import Witness

__all__ = ["Relayer", "StepReport", "is_delivered"]

log = logging.getLogger(__name__)


def is_delivered(dst: Endpoint, m: Message) -> bool:
    """Whether the inbox has consumed `m`'s (source chain, nonce)."""
    got = dst.inbox.call("delivered", m.src_chain, m.nonce)
    return int(got.hex() if isinstance(got, bytes) else str(got), 16) != 0


@dataclass
class StepReport:
    """What one pass over every route did."""

    found: int = 0
    delivered: int = 0
    deferred: int = 0
    orphaned: int = 0
    unsigned: int = 0
    rewound: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


class _Budget:
    """The inbox's rate limits for one source chain in the current window, as the chain counts
    them, minus what this pass already used: the relayer never sends a delivery that would revert."""

    def __init__(self, dst: Endpoint, src_chain: int) -> None:
        ib = dst.inbox
        self.ib, self.src = ib, src_chain
        self.w = dst.chain.timestamp() // int(ib.call("window"))
        self.route_left = int(ib.call("route_cap")) - int(ib.call("route_used", src_chain, self.w))
        self.sender_cap = int(ib.call("sender_cap"))
        self.sender_left: dict[str, int] = {}

    def take(self, sender: str) -> bool:
        if sender not in self.sender_left:
            self.sender_left[sender] = self.sender_cap - int(self.ib.call("sender_used", self.src, sender, self.w))
        if self.route_left <= 0 or self.sender_left[sender] <= 0:
            return False
        self.route_left -= 1
        self.sender_left[sender] -= 1
        return True


class Relayer:
    """Relays along every ordered pair of `endpoints`. Messages enter the journal only once their
    block is `finality` blocks deep; each is re-checked against the source (block hash) and
    against the inbox (already delivered?) right before it is sent."""

    def __init__(
        self,
        endpoints: Sequence[Endpoint],
        witnesses: Sequence[Witness],
        journal: Journal,
        *,
        finality: int,
        batch: int = 32,
        scan_span: int = 2000,
        senders: dict[int, str | None] | None = None,
    ) -> None:
        self.endpoints = list(endpoints)
        self.witnesses = list(witnesses)
        self.journal = journal
        self.finality = finality
        self.batch = batch
        self.scan_span = scan_span
        self.senders = senders or {}
        self.steps = 0
        self.last_error: str | None = None
        self.totals = StepReport()

    def routes(self) -> list[tuple[Endpoint, Endpoint]]:
        return [(a, b) for a in self.endpoints for b in self.endpoints if a is not b]

    def step(self) -> StepReport:
        """One pass: scan every route, then deliver what is pending (at most `batch` per route)."""
        rep = StepReport()
        for src, dst in self.routes():
            rep.found += self._scan(src, dst, rep)
            self._deliver(src, dst, rep)
        self.steps += 1
        for k in ("found", "delivered", "deferred", "orphaned", "unsigned"):
            setattr(self.totals, k, getattr(self.totals, k) + getattr(rep, k))
        return rep

    def _scan(self, src: Endpoint, dst: Endpoint, rep: StepReport) -> int:
        route = f"{src.chain_id}->{dst.chain_id}"
        safe = src.chain.block_number() - self.finality
        cur = self.journal.cursor(route)
        last = -1 if cur is None else cur[0]
        if cur is not None and last >= 0 and (last > safe or src.chain.get_block(last).hash != cur[1]):
            # the source lost the block the cursor stands on: a reorg deeper than the finality
            # depth. Rescan from well before it; messages re-found replace undelivered ones.
            back = max(-1, min(last, safe) - 4 * max(self.finality, 1))
            log.warning("route %s: block %d was reorged away; rescanning from %d", route, last, back + 1)
            self.journal.rewind(route, back, "")
            rep.rewound.append(route)
            last = back
        if safe <= last:
            return 0
        to = min(safe, last + self.scan_span)
        found = sent_messages(
            src.chain, src.outbox.address, last + 1, to, finality=self.finality, dst_chain=dst.chain_id
        )
        return self.journal.advance(route, to, src.chain.get_block(to).hash, found)

    def _deliver(self, src: Endpoint, dst: Endpoint, rep: StepReport) -> None:
        pending = self.journal.pending(src.chain_id, dst.chain_id, self.batch)
        if not pending:
            return
        quorum = int(dst.inbox.call("quorum"))
        budget = _Budget(dst, src.chain_id)
        for m in pending:
            if is_delivered(dst, m):
                self.journal.settle(m, "delivered", note="found delivered on the inbox")
                continue
            if src.chain.get_block(m.block).hash.lower() != m.block_hash.lower():
                self.journal.settle(m, "orphaned", note=f"block {m.block} was reorged away")
                rep.orphaned += 1
                continue
            if not budget.take(m.sender):
                self.journal.settle(m, "pending", note="rate limit: waits for the next window")
                rep.deferred += 1
                continue
            sigs = self.collect(m, dst.inbox.address)
            if len(sigs) < quorum:
                self.journal.settle(m, "pending", note=f"{len(sigs)} of {quorum} signatures")
                rep.unsigned += 1
                continue
            self._send(m, sigs[:quorum], dst, rep)

    def collect(self, m: Message, inbox: str) -> list[Sig]:
        """Signatures of the witnesses that vouch for `m` at `inbox`, in the inbox's order."""
        return sort_sigs([s for w in self.witnesses if (s := w.vouch(m, inbox)) is not None])

    def _send(self, m: Message, sigs: list[Sig], dst: Endpoint, rep: StepReport) -> None:
        try:
            rc = dst.inbox.transact(
                "deliver", *m.deliver_args(), [s.compact() for s in sigs], sender=self.senders.get(dst.chain_id)
            )
        except ContractReverted as exc:
            reason = exc.reason or str(exc)
            if "already delivered" in reason:
                self.journal.settle(m, "delivered", note="delivered by someone else")
            else:
                self.journal.settle(m, "pending", note=f"inbox refused: {reason}")
                rep.deferred += 1
            return
        dst.chain.make_durable(rc.block_number)  # the journal never says delivered before the chain keeps it
        self.journal.settle(m, "delivered", dst_tx=rc.tx_hash, gas=rc.gas_used)
        rep.delivered += 1

    def run(self, stop: threading.Event, poll_s: float = 0.5) -> None:
        """Step until `stop` is set; failures back off (0.5 s doubling to 10 s) and retry."""
        backoff = poll_s
        while not stop.is_set():
            try:
                self.step()
                self.last_error, backoff = None, poll_s
            except Exception as exc:  # noqa: BLE001  (a chain hiccup must not stop the relayer)
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("relayer step failed (retrying in %.1f s): %s", backoff, self.last_error)
                backoff = min(backoff * 2, 10.0)
            stop.wait(backoff)
