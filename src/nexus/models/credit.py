"""Governance chooses the credit-score model: glue between `governance` and `lending` (a composite, since
neither capability may import the other).

The scorer's fingerprint (`lending.service.scorer_fingerprint`: the on-chain weights, the prior and the
off-chain model, if any) is registered as a version of the model `credit-score` in governance's
ModelRegistry. Once the pool belongs to the timelock (`hand_over`), one proposal carries two calls the
timelock makes together or not at all: `registry.activate(credit-score, v)` and `pool.set_model(fp)`
(`propose_promotion`), so the pool's score model is always the version the DAO promoted. Executing it
(`execute_promotion`) writes a `lending.model` record to the ledger. A scorer governance has not
promoted is refused (`CreditModelNotApproved`) before anything is signed or sent (`require_promoted`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..exceptions import CreditModelNotApproved, GovernanceInputError, LendingError, ModelVersionNotFound
from ..governance.registry import GAP_UNIT, fingerprint_bytes, name_bytes

if TYPE_CHECKING:
    from ..governance.client import Governance
    from ..governance.proposals import Proposal
    from ..ledger.ledger import Ledger
    from ..lending.pool import CreditPool

__all__ = [
    "CREDIT_MODEL",
    "MODEL_KIND",
    "execute_promotion",
    "hand_over",
    "promoted_fingerprint",
    "propose_promotion",
    "register_scorer",
    "require_promoted",
    "status",
]

CREDIT_MODEL = "credit-score"
MODEL_KIND = "lending.model"


def _hex(fp: bytes) -> str:
    return "sha256:" + fp.hex()


def register_scorer(
    gov: Governance,
    fingerprint: bytes,
    *,
    fairness_gap: float = 0.0,
    lineage: bytes | None = None,
    sender: str | None = None,
) -> int:
    """Register a scorer as a new (not yet active) `credit-score` version; returns its number."""
    if not 0 <= fairness_gap <= 1:
        raise GovernanceInputError("gov: a fairness gap is between 0 and 1")
    return gov.registry.register(
        CREDIT_MODEL,
        fingerprint,
        lineage=lineage or b"\0" * 32,
        fairness_gap=round(fairness_gap * GAP_UNIT),
        sender=sender,
    )


def hand_over(pool: CreditPool, gov: Governance, *, sender: str | None = None) -> str:
    """Make governance's timelock the pool's owner; returns the timelock address."""
    timelock = str(gov.timelock.address)
    if str(pool.contract.owner()).lower() != timelock.lower():
        pool.transfer_ownership(timelock, sender=sender)
    return timelock


def promoted_fingerprint(gov: Governance) -> bytes:
    """The fingerprint of the `credit-score` version governance has active (and not paused)."""
    try:
        return fingerprint_bytes(gov.registry.serving_fingerprint(CREDIT_MODEL))
    except (ModelVersionNotFound, GovernanceInputError) as exc:
        raise CreditModelNotApproved(f"lending: governance has promoted no credit-score model ({exc})") from None


def require_promoted(gov: Governance, fingerprint: bytes) -> None:
    """CreditModelNotApproved unless `fingerprint` is the credit-score version governance promoted."""
    promoted = promoted_fingerprint(gov)
    if fingerprint != promoted:
        raise CreditModelNotApproved(
            f"lending: scorer {_hex(fingerprint)[:23]}… is not the credit-score model governance promoted"
            f" ({_hex(promoted)[:23]}…); register it and pass a proposal first"
        )


def propose_promotion(
    gov: Governance, pool: CreditPool, ref: str | int, *, description: str | None = None, sender: str | None = None
) -> Proposal:
    """One proposal: activate `credit-score` version `ref` and set it as the pool's score model."""
    reg = gov.registry
    if str(pool.contract.owner()).lower() != str(gov.timelock.address).lower():
        raise LendingError("lending: the pool is not owned by governance's timelock yet (hand it over first)")
    version = reg.resolve(CREDIT_MODEL, ref)
    info = reg.version(CREDIT_MODEL, version)
    if info["fairness_gap_raw"] > int(reg.contract.maxFairnessGap()):
        raise CreditModelNotApproved(
            f"lending: credit-score v{version} reports fairness gap {info['fairness_gap']}, above the registry's bound"
        )
    fp = fingerprint_bytes(info["fingerprint"])
    calls = [
        reg.contract.abi.encode_call("activate", (name_bytes(CREDIT_MODEL), version)),
        pool.contract.abi.encode_call("set_model", (fp,)),
    ]
    text = description or (
        f"Promote credit-score v{version} ({info['fingerprint']}) as the score model of pool {pool.address}"
        f" at block {gov.backend.block_number()}"
    )
    return gov.propose([reg.address, pool.address], [0, 0], calls, text, sender=sender)


def execute_promotion(
    gov: Governance, pool: CreditPool, proposal: Proposal, *, ledger: Ledger | None = None, sender: str | None = None
) -> dict[str, Any]:
    """Execute a queued promotion; the pool's model is then the promoted version (recorded in `ledger`)."""
    tx = gov.execute(proposal, sender=sender)
    fp = promoted_fingerprint(gov)
    raw = pool.contract.model()
    if (bytes.fromhex(raw.removeprefix("0x")) if isinstance(raw, str) else bytes(raw)) != fp:
        raise CreditModelNotApproved("lending: the executed proposal did not set the pool's model")
    out = {
        "pool": pool.address,
        "model": CREDIT_MODEL,
        "version": gov.registry.active_version(CREDIT_MODEL),
        "fingerprint": _hex(fp),
        "proposal": str(proposal.id),
        "tx": tx,
        "block": gov.backend.block_number(),
    }
    if ledger is not None:
        out["record"] = ledger.append(MODEL_KIND, out, key=f"{MODEL_KIND}:{pool.address}:{tx}")
    return out


def status(gov: Governance | None, pool: CreditPool) -> dict[str, Any]:
    """Who chooses the pool's model, which model it takes, and whether that is governance's promoted one."""
    raw = pool.contract.model()
    model = bytes.fromhex(raw.removeprefix("0x")) if isinstance(raw, str) else bytes(raw)
    owner = str(pool.contract.owner())
    out: dict[str, Any] = {"pool": pool.address, "model": _hex(model), "owner": owner, "governed": False}
    if gov is None or not gov.deployed():
        return {**out, "governance": None}
    timelock = str(gov.timelock.address)
    reg = gov.registry
    count = reg.version_count(CREDIT_MODEL)
    active = reg.active_version(CREDIT_MODEL) if count else 0
    promoted = reg.version(CREDIT_MODEL, active)["fingerprint"] if active else None
    return {
        **out,
        "governed": owner.lower() == timelock.lower(),
        "governance": timelock,
        "versions": count,
        "promoted_version": active or None,
        "promoted": promoted,
        "in_agreement": promoted == _hex(model),
    }
