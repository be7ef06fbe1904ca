"""Model bounties: escrowed rewards, revealed submissions, judged scores, payouts."""

from __future__ import annotations

from pydantic import Field

from ._base import Schema

__all__ = ["Bounty", "BountyClaim", "BountyJudged"]


class Bounty(Schema):
    id: int
    sponsor: str
    reward: str = Field(description="wei, decimal string")
    test_commitment: str = Field(description="hash the sponsor committed to the hidden test set")
    test_set: str | None = Field(description="the revealed test set's digest (null until revealed)")
    commit_deadline: int
    reveal_deadline: int
    dispute_window: int = Field(description="seconds after the scores during which they can be disputed")
    quorum: int = Field(description="judge signatures needed for the scores")
    dispute_quorum: int = Field(description="judge signatures needed to settle a dispute (round 2)")
    arbiter: str
    bond: str = Field(description="wei a disputer bonds, decimal string")
    round: int
    posted_at: int
    disputer: str | None
    winner: str | None
    best: int = Field(description="the winning score")
    paid: bool
    judges: list[str]
    solvers: list[str] = Field(description="in reveal order")
    fingerprints: list[str] = Field(description="each solver's revealed model fingerprint")
    scores: list[int]
    disputed: bool
    final: bool


class BountyJudged(Schema):
    id: int
    solvers: list[str]
    scores: list[int]
    judges: list[str]
    signatures: list[str]
    posted: bool


class BountyClaim(Schema):
    id: int
    to: str
    amount: str = Field(description="wei paid, decimal string")
