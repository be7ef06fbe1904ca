"""An oracle node: reads and scores its sources, signs observations, checks and signs reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eth_utils import keccak

from ._crypto import NodeKey, Observation, OracleReport, Signature, recover
from .scoring import Assessment, SourceMonitor
from .sources import Reading, Source, SourceError

__all__ = ["OracleNode", "RoundProposal", "RoundContext", "SignedObservation", "build_report", "verify_proposal"]


@dataclass(frozen=True)
class RoundContext:
    """What every node needs to take part in one round of one feed."""

    feed: str
    domain: bytes
    config_version: int
    round_id: int
    now: int
    decimals: int
    signers: tuple[str, ...]
    f: int


@dataclass(frozen=True)
class SignedObservation:
    """An observation, its signature, and the node's evidence (sources used and flagged)."""

    observation: Observation
    signature: Signature
    used: tuple[str, ...] = ()
    flagged: dict[str, tuple[str, ...]] = field(default_factory=dict)
    confidence: float = 1.0

    def signer(self, domain: bytes) -> str | None:
        return recover(self.observation.digest(domain), self.signature)


@dataclass(frozen=True)
class RoundProposal:
    """A leader's report with the signed observations it was built from."""

    report: OracleReport
    observations: tuple[SignedObservation, ...]
    leader: int


def build_report(obs: Sequence[SignedObservation], ctx: RoundContext) -> OracleReport:
    """The m >= 2f+1 observed values, ascending: median answer and band [x_(f+1), x_(m-f)].

    With at most f Byzantine values among the m, every point of that band (median included)
    lies within the range of the honest values: at most f values sit below the honest minimum
    or above the honest maximum.
    """
    values = tuple(sorted(o.observation.value for o in obs))
    return OracleReport(ctx.config_version, ctx.round_id, ctx.now, values, ctx.f)


def verify_proposal(p: RoundProposal, ctx: RoundContext) -> str | None:
    """Why an honest node must not sign `p` (None when it may)."""
    r = p.report
    if (r.config_version, r.round_id) != (ctx.config_version, ctx.round_id):
        return "wrong round or config"
    if r.observed_at != ctx.now:  # each attempt has its own time: no report from an earlier one
        return "report is from another attempt"
    if not 2 * ctx.f + 1 <= len(p.observations) <= len(ctx.signers):
        return f"needs 2f+1 = {2 * ctx.f + 1} observations, got {len(p.observations)}"
    seen: set[str] = set()
    for o in p.observations:
        ob = o.observation
        if (ob.config_version, ob.round_id) != (ctx.config_version, ctx.round_id):
            return "an observation is from another round"
        if ob.node in seen or ob.node not in ctx.signers:
            return "duplicate or unauthorised observer"
        if ob.observed_at != r.observed_at:
            return "an observation is from another attempt (stale or replayed)"
        if o.signer(ctx.domain) != ob.node:
            return "bad observation signature"
        seen.add(ob.node)
    if build_report(p.observations, ctx) != r:
        return "report does not follow from its observations"
    return None


class OracleNode:
    """An honest node. `observe` and `sign` return None when it abstains or refuses."""

    byzantine = False

    def __init__(
        self,
        index: int,
        key: NodeKey,
        sources: Sequence[Source],
        *,
        monitor: SourceMonitor | None = None,
        tolerance: float = 0.05,
        observe_offset: float = 0.0,
    ) -> None:
        self.index, self.key = index, key
        self.address: str = key.address
        self.sources = list(sources)
        self.monitor = monitor or SourceMonitor()
        self.tolerance, self.observe_offset = tolerance, observe_offset
        # (round, attempt time) -> this node's observation: a retried round is observed afresh
        self.last: dict[tuple[int, int], tuple[SignedObservation, Assessment]] = {}

    def read(self, now: float) -> dict[str, Reading | None]:
        out: dict[str, Reading | None] = {}
        for s in self.sources:
            try:
                out[s.id] = s.read(now)
            except SourceError:
                out[s.id] = None
        return out

    def assess(self, now: float) -> Assessment:
        t = now + self.observe_offset
        return self.monitor.assess(self.read(t), t)

    def observe(self, ctx: RoundContext) -> SignedObservation | None:
        key = (ctx.round_id, ctx.now)
        if key in self.last:  # the same attempt asks again (e.g. to check a proposal)
            return self.last[key][0]
        a = self.assess(ctx.now)
        if a.value is None:
            return None
        ob = Observation(
            ctx.config_version,
            ctx.round_id,
            self.address,
            round(a.value * 10**ctx.decimals),
            min(10_000, max(0, round(a.confidence * 10_000))),
            ctx.now,
            keccak(",".join(a.used).encode()),
        )
        signed = SignedObservation(ob, self.key.sign(ob.digest(ctx.domain)), a.used, a.flagged, a.confidence)
        self.last = {k: v for k, v in list(self.last.items())[-15:] if k[0] > ctx.round_id - 8}
        self.last[key] = (signed, a)
        return signed

    def lead(self, observations: Sequence[SignedObservation], ctx: RoundContext) -> RoundProposal | None:
        """Build a report from the valid observations; None without 2f+1 of them."""
        valid, seen = [], set()
        for o in observations:
            ob = o.observation
            if (
                (ob.config_version, ob.round_id) == (ctx.config_version, ctx.round_id)
                and ob.node in ctx.signers
                and ob.node not in seen
                and ob.observed_at == ctx.now
                and o.signer(ctx.domain) == ob.node
            ):
                valid.append(o)
                seen.add(ob.node)
        if len(valid) < 2 * ctx.f + 1:
            return None
        valid.sort(key=lambda o: ctx.signers.index(o.observation.node))
        return RoundProposal(build_report(valid, ctx), tuple(valid), self.index)

    def sign(self, proposal: RoundProposal, ctx: RoundContext) -> Signature | None:
        if verify_proposal(proposal, ctx) is not None:
            return None
        own = self.observe(ctx)
        if own is not None:  # refuse a report far from what this node saw itself
            mine, answer = own.observation.value, proposal.report.answer
            if abs(answer - mine) > self.tolerance * abs(mine):
                return None
        return self.key.sign(proposal.report.digest(ctx.domain))

    def choose_signatures(
        self, sigs: dict[int, Signature], proposal: RoundProposal, ctx: RoundContext, quorum: int
    ) -> list[tuple[int, Signature]]:
        """The quorum of valid signatures to transmit, by signer index."""
        digest = proposal.report.digest(ctx.domain)
        good = [(i, s) for i, s in sorted(sigs.items()) if recover(digest, s) == ctx.signers[i]]
        return good[:quorum] if len(good) >= quorum else []

    def describe(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "address": self.address,
            "byzantine": self.byzantine,
            "sources": [s.id for s in self.sources],
        }
