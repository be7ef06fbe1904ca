"""Byzantine nodes for simulations and safety tests: liars, colluders, replayers, offline nodes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from eth_utils import keccak

from ..exceptions import OracleInputError
from ._crypto import Observation, OracleReport, Signature
from .node import OracleNode, RoundContext, RoundProposal, SignedObservation

__all__ = ["BEHAVIOURS", "ByzantineNode"]

BEHAVIOURS = ("lie", "collude", "replay", "offline", "pad")


class ByzantineNode(OracleNode):
    """A node with a valid key that misbehaves.

    lie: observes a wild value of its own and signs any report; collude: every colluder pushes
    `target`, leads with a forged report and signs only forged ones; replay: re-sends old
    observations and old report signatures; offline: never answers; pad: as a leader, pads the
    signatures with repeats of its own to reach the quorum.
    """

    byzantine = True

    def __init__(self, *args: object, behaviour: str = "lie", target: float = 0.0, **kw: object) -> None:
        if behaviour not in BEHAVIOURS:
            raise OracleInputError(f"unknown behaviour {behaviour!r}; choose from {', '.join(BEHAVIOURS)}")
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        self.behaviour, self.target = behaviour, target
        self._old_obs: SignedObservation | None = None
        self._old_sig: Signature | None = None

    def _signed(self, ctx: RoundContext, value: int) -> SignedObservation:
        ob = Observation(ctx.config_version, ctx.round_id, self.address, value, 10_000, ctx.now, keccak(b"trust me"))
        return SignedObservation(ob, self.key.sign(ob.digest(ctx.domain)))

    def observe(self, ctx: RoundContext) -> SignedObservation | None:
        b = self.behaviour
        if b == "offline":
            return None
        if b == "replay":
            honest = super().observe(ctx)
            out, self._old_obs = (self._old_obs or honest), honest
            return out
        if b == "collude":
            return self._signed(ctx, round(self.target * 10**ctx.decimals))
        if b == "lie":
            wild = (ctx.round_id * 7919 + self.index * 104729) % 5
            scale = (0.0, 0.01, 10.0, 1000.0, -3.0)[wild]
            honest = super().observe(ctx)
            base = honest.observation.value if honest else 10**ctx.decimals
            return self._signed(ctx, round(base * scale))
        return super().observe(ctx)  # pad: honest observations, bad leadership

    def lead(self, observations: Sequence[SignedObservation], ctx: RoundContext) -> RoundProposal | None:
        b = self.behaviour
        if b == "offline":
            return None
        if b in ("collude", "lie"):
            forged = round(self.target * 10**ctx.decimals) if b == "collude" else -(10**ctx.decimals)
            rep = OracleReport(ctx.config_version, ctx.round_id, ctx.now, (forged,) * (2 * ctx.f + 1), ctx.f)
            return RoundProposal(rep, tuple(observations), self.index)
        if b == "replay":
            honest = super().lead(observations, ctx)
            if honest is None:
                return None
            return replace(honest, report=replace(honest.report, round_id=max(1, ctx.round_id - 1)))
        return super().lead(observations, ctx)

    def sign(self, proposal: RoundProposal, ctx: RoundContext) -> Signature | None:
        b = self.behaviour
        if b == "offline":
            return None
        if b == "replay":
            out, self._old_sig = self._old_sig, super().sign(proposal, ctx)
            return out
        if b == "collude":
            forged = round(self.target * 10**ctx.decimals)
            return self.key.sign(proposal.report.digest(ctx.domain)) if proposal.report.answer == forged else None
        if b == "lie":
            return self.key.sign(proposal.report.digest(ctx.domain))
        return super().sign(proposal, ctx)

    def choose_signatures(
        self, sigs: dict[int, Signature], proposal: RoundProposal, ctx: RoundContext, quorum: int
    ) -> list[tuple[int, Signature]]:
        """Send whatever it has; a padder repeats its own signature up to the quorum."""
        chosen = sorted(sigs.items())
        if self.behaviour == "pad" and self.index in sigs:
            while len(chosen) < quorum:
                chosen.append((self.index, sigs[self.index]))
        return chosen[: max(quorum, 1)] if self.behaviour != "pad" else chosen

    def describe(self) -> dict[str, object]:
        return {**super().describe(), "behaviour": self.behaviour}
