"""The node network: gather observations, rotate leaders, collect f+1 signatures, transmit."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..exceptions import ContractReverted, OracleInputError
from ._crypto import OracleReport, Signature
from .node import RoundContext, RoundProposal, SignedObservation
from .onchain import Feed

__all__ = ["NodeLike", "OracleNetwork", "ReportPolicy", "RoundOutcome"]

log = logging.getLogger(__name__)


class NodeLike(Protocol):
    """What the network needs from a node, local or behind HTTP."""

    index: int
    address: str

    def observe(self, ctx: RoundContext) -> SignedObservation | None: ...

    def lead(self, observations: Sequence[SignedObservation], ctx: RoundContext) -> RoundProposal | None: ...

    def sign(self, proposal: RoundProposal, ctx: RoundContext) -> Signature | None: ...

    def choose_signatures(
        self, sigs: dict[int, Signature], proposal: RoundProposal, ctx: RoundContext, quorum: int
    ) -> list[tuple[int, Signature]]: ...


@dataclass(frozen=True)
class ReportPolicy:
    """Report when the answer moved by `deviation` (relative) or `heartbeat` seconds passed."""

    deviation: float = 0.005
    heartbeat: float = 3600.0

    def due(self, last_answer: int | None, last_at: int | None, report: OracleReport) -> bool:
        if last_answer is None or last_at is None:
            return True
        if report.observed_at - last_at >= self.heartbeat:
            return True
        return abs(report.answer - last_answer) > self.deviation * max(abs(last_answer), 1)


@dataclass
class RoundOutcome:
    """What happened in one round: the accepted report (if any) and every leader attempt."""

    round_id: int
    accepted: OracleReport | None = None
    leader: int | None = None
    gas_used: int | None = None
    skipped: bool = False
    attempts: list[tuple[int, str]] = field(default_factory=list)
    observations: list[SignedObservation] = field(default_factory=list)

    def to_json(self, decimals: int) -> dict[str, Any]:
        scale = 10**decimals
        rep = self.accepted
        return {
            "round_id": self.round_id,
            "accepted": rep is not None,
            "skipped": self.skipped,
            "answer": rep.answer / scale if rep else None,
            "band": [rep.low / scale, rep.high / scale] if rep else None,
            "observed_at": rep.observed_at if rep else None,
            "leader": self.leader,
            "gas_used": self.gas_used,
            "attempts": [{"leader": i, "outcome": why} for i, why in self.attempts],
            "observations": len(self.observations),
        }


class OracleNetwork:
    """n nodes serving one feed. Node i signs as the feed's signer i."""

    def __init__(
        self,
        feed: Feed,
        nodes: Sequence[NodeLike],
        *,
        policy: ReportPolicy | None = None,
        sender: str | None = None,
        parallel: bool = False,
    ) -> None:
        self.feed, self.nodes = feed, list(nodes)
        self.policy, self.sender, self.parallel = policy or ReportPolicy(), sender, parallel
        signers = feed.signers()
        if [n.address for n in self.nodes] != signers:
            raise OracleInputError("the nodes' addresses must match the feed's signers, in order")
        self.config_version, self.f, self.quorum, _ = feed.config()
        self.signers = tuple(signers)
        self.decimals = feed.decimals

    def context(self, now: int | None = None) -> RoundContext:
        chain = self.feed.contract.backend
        return RoundContext(
            self.feed.address,
            self.feed.domain,
            self.config_version,
            self.feed.latest_round() + 1,
            chain.timestamp() if now is None else now,
            self.decimals,
            self.signers,
            self.f,
        )

    def _each(self, fn: Any, *args: Any) -> list[Any]:
        def call(node: NodeLike) -> Any:
            try:
                return fn(node, *args)
            except Exception as exc:  # noqa: BLE001 - a failing node is an absent node
                log.info("node %s failed: %s", node.index, exc)
                return None

        if self.parallel:
            with ThreadPoolExecutor(max_workers=min(32, len(self.nodes))) as pool:
                return list(pool.map(call, self.nodes))
        return [call(n) for n in self.nodes]

    def run_round(self, now: int | None = None, *, force: bool = False) -> RoundOutcome:
        """One round: observe, then up to n leaders in turn until one report is accepted."""
        ctx = self.context(now)
        out = RoundOutcome(ctx.round_id)
        obs = [o for o in self._each(lambda n, c: n.observe(c), ctx) if o is not None]
        out.observations = obs
        last = self.feed.latest()
        n = len(self.nodes)
        for attempt in range(n):
            idx = (ctx.round_id + attempt) % n
            leader = self.nodes[idx]
            try:
                proposal = leader.lead(obs, ctx)
            except Exception as exc:  # noqa: BLE001 - a failing leader is skipped like an absent one
                proposal, why = None, f"leader failed: {exc}"
            else:
                why = "no proposal (offline, or fewer than 2f+1 valid observations)"
            if proposal is None:
                out.attempts.append((idx, why))
                continue
            if not force and not self.policy.due(
                last.answer if last else None, last.updated_at if last else None, proposal.report
            ):
                out.skipped, out.leader = True, idx
                out.attempts.append((idx, "not due (deviation and heartbeat not reached)"))
                return out
            got = self._each(lambda nd, p, c: nd.sign(p, c), proposal, ctx)
            sigs = {i: s for i, s in enumerate(got) if s is not None}
            chosen = leader.choose_signatures(sigs, proposal, ctx, self.quorum)
            if not chosen:
                out.attempts.append((idx, f"fewer than {self.quorum} valid signatures"))
                continue
            try:
                rc = self.feed.transmit(proposal.report, chosen, sender=self.sender)
            except ContractReverted as exc:
                out.attempts.append((idx, f"reverted: {exc.reason}"))
                continue
            out.accepted, out.leader, out.gas_used = proposal.report, idx, rc.gas_used
            out.attempts.append((idx, "accepted"))
            return out
        return out
