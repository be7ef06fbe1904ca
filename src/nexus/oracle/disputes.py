"""Optimistic assertions and disputes, with the AI's first-pass assessment attached on-chain."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from eth_utils import keccak

from ..chain.contract import Contract
from ..exceptions import OracleInputError
from .scoring import Assessment

__all__ = ["DisputeAssessment", "DisputeDesk", "assess_claim", "claim_hash"]


def claim_hash(text: str) -> bytes:
    """The bytes32 a claim's text is asserted under."""
    if not text.strip():
        raise OracleInputError("a claim needs some text")
    return keccak(text.encode())


@dataclass(frozen=True)
class DisputeAssessment:
    """The AI's advice on a disputed claim: which side, how sure, and the evidence behind it."""

    supports_claim: bool
    confidence_bps: int
    evidence: dict[str, Any]

    @property
    def evidence_hash(self) -> bytes:
        return keccak(json.dumps(self.evidence, sort_keys=True, separators=(",", ":")).encode())


def assess_claim(claimed: float, assessment: Assessment, *, tolerance: float = 0.1) -> DisputeAssessment:
    """Compare a claimed value with what the node's scored sources say now.

    Supports the claim when it is within `tolerance` (relative) of the assessed value. Confidence
    is the sources' confidence scaled by how clear-cut the comparison is (0 without data).
    """
    if assessment.value is None:
        return DisputeAssessment(False, 0, {"reason": "no usable sources", "claimed": claimed})
    v = assessment.value
    gap = abs(claimed - v) / max(abs(v), 1e-9)
    supports = gap <= tolerance
    clarity = min(1.0, abs(gap - tolerance) / tolerance)  # near the edge -> unsure
    evidence = {
        "claimed": claimed,
        "assessed": round(v, 6),
        "relative_gap": round(gap, 6),
        "used": list(assessment.used),
        "flagged": {k: list(f) for k, f in assessment.flagged.items()},
        "source_confidence": assessment.confidence,
    }
    return DisputeAssessment(supports, round(10_000 * assessment.confidence * clarity), evidence)


class DisputeDesk:
    """Drives an OptimisticOracle contract: assert, dispute, assess, settle."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    def assert_claim(self, text: str, value: int, bond: int, *, sender: str | None = None) -> int:
        rc = self.contract.assert_claim(claim_hash(text), value, value=bond, sender=sender)
        return int(self.contract.decode(rc)[0].args["assertion_id"])

    def dispute(self, assertion_id: int, *, sender: str | None = None) -> None:
        bond = self.contract.assertions(assertion_id)[4]
        self.contract.dispute(assertion_id, value=bond, sender=sender)

    def attach(self, assertion_id: int, verdict: DisputeAssessment, *, sender: str | None = None) -> None:
        """Post the assessment (the assessor role's account must send it)."""
        self.contract.attach_assessment(
            assertion_id, verdict.supports_claim, verdict.confidence_bps, verdict.evidence_hash, sender=sender
        )

    def state(self, assertion_id: int) -> dict[str, Any]:
        a = self.contract.assertions(assertion_id)
        s = self.contract.assessments(assertion_id)
        names = {0: "none", 1: "pending", 2: "disputed", 3: "true", 4: "false"}
        return {
            "asserter": a[0],
            "disputer": a[1],
            "value": a[3],
            "bond": a[4],
            "expires": a[5],
            "state": names.get(a[6], "?"),
            "assessment": {"supports_claim": s[0], "confidence_bps": s[1]}
            if s[3] != "0x" + "00" * 20 and int(s[3], 16)
            else None,
        }
