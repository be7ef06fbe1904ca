"""Scoring a borrower as the node does it: governance's promoted scorer only, off-chain data only under a
live identity consent grant (glue between `lending`, `governance` and `identity`).

A borrower lets the pool use off-chain features by granting, from its own account, the pool's DID
(`grantee_did`, `did:ethr:<chain id>:<pool>`) the feature names for the purpose `credit-scoring`
(`nexus consent grant --grantee DID --purpose credit-scoring --fields a,b,...`). Without a live grant
covering every feature used, the score is refused with CreditConsentMissing and nothing is computed;
on-chain history alone needs no grant. When the pool belongs to governance's timelock, a scorer whose
fingerprint is not the promoted `credit-score` version is refused (CreditModelNotApproved) before the
oracle nodes sign anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..exceptions import CreditConsentMissing
from ..governance.client import Governance
from ..identity.consent_book import ConsentBook, subject_address
from ..lending import service as lending
from .credit import require_promoted

if TYPE_CHECKING:
    from .._client import Nexus
    from ..lending.attest import Signer
    from ..lending.model import CreditModel
    from ..lending.pool import CreditPool

__all__ = ["PURPOSE", "consent_check", "governed_by", "grantee_did", "score"]

PURPOSE = "credit-scoring"


def grantee_did(pool: CreditPool) -> str:
    """The DID a borrower grants consent to: the pool's account on its chain."""
    return f"did:ethr:{hex(pool.backend.chain_id)}:{pool.address}"


def consent_check(book: ConsentBook | None, grantee: str, purpose: str = PURPOSE) -> lending.ConsentCheck:
    """A check that raises CreditConsentMissing unless `book` holds a live grant of every field."""

    def check(who: str, fields: Sequence[str]) -> None:
        if book is None:
            raise CreditConsentMissing(
                "lending: no Consent contract on this chain, so no borrower has granted consent to off-chain data"
            )
        have = book.live(grantee, purpose).get(subject_address(who) or "", set())
        missing = sorted(set(fields) - have)
        if missing:
            shown = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
            raise CreditConsentMissing(
                f"lending: {who} has no live consent grant to {grantee} for {purpose!r} covering {shown}"
                f" (the borrower runs `nexus consent grant --grantee {grantee} --purpose {purpose} --fields ...`)"
            )

    return check


def governed_by(nexus: Nexus, pool: CreditPool) -> Governance | None:
    """Governance, when it is deployed on this chain and owns the pool (else the pool's owner decides)."""
    gov = Governance(nexus.chain, nexus.deployer)
    if not gov.deployed():
        return None
    return gov if str(pool.contract.owner()).lower() == str(gov.timelock.address).lower() else None


def score(
    nexus: Nexus,
    pool: CreditPool,
    who: str,
    *,
    signers: Sequence[Signer],
    fraud_probability: float = 0.0,
    model: CreditModel | None = None,
    offchain: dict[str, Any] | None = None,
    post: bool = True,
) -> dict[str, Any]:
    """`lending.service.score` with the consent check and, when posting, governance's model check."""
    check = None
    if offchain is not None:
        from ..identity.service import consent_book

        check = consent_check(consent_book(nexus, deploy=False), grantee_did(pool))
        check(lending.checksum(who), sorted(offchain))  # refuse before anything else is done
    if post:
        gov = governed_by(nexus, pool)
        if gov is not None:
            require_promoted(gov, lending.scorer_fingerprint(model if offchain is not None else None))
    out = lending.score(
        pool,
        who,
        signers=signers,
        fraud_probability=fraud_probability,
        model=model,
        offchain=offchain,
        consent=check,
        post=post,
    )
    if offchain is not None:
        out["consent"] = {"grantee": grantee_did(pool), "purpose": PURPOSE}
    return out
