"""Lending operations as plain data for the CLI, the API and the SDK (amounts as decimal strings).

Signing is passed in: the caller (CLI / service glue) hands over the oracle nodes' addresses and signing
callables, so this package never imports the oracle network. Fraud probabilities from the guard, the
governance-approved model fingerprint and the consent check (identity's on-chain grants) come in the same
way: `nexus.models.credit_score` is that glue.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils import is_address, to_checksum_address

from ..exceptions import CreditConsentMissing, LendingInputError
from .attest import ScoreAttestation, Signer
from .model import CreditModel
from .pool import WAD, CreditPool
from .scoring import BASE_RATE, ONCHAIN_WEIGHTS, History, score_borrower

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = [
    "ConsentCheck",
    "borrow",
    "checksum",
    "deposit",
    "ensure_pool",
    "liquidate",
    "loan_of",
    "offchain_model",
    "parse_units",
    "pool_state",
    "read_features",
    "repay",
    "score",
    "scorer_fingerprint",
]


ConsentCheck = Callable[[str, Sequence[str]], None]
"""`check(borrower, fields)`: returns when a live consent grant covers `fields`, raises CreditConsentMissing else."""


def parse_units(text: str, what: str = "amount") -> int:
    """Whole units ("12.5") -> 18-decimal base units; anything else is one LendingInputError."""
    try:
        v = Decimal(str(text).replace("_", ""))
    except InvalidOperation:
        raise LendingInputError(f"{what} {text!r} is not a number") from None
    if not v.is_finite() or v <= 0 or v.adjusted() > 30:
        raise LendingInputError(f"{what} must be a positive number, got {text!r}")
    return int(v * WAD)


def _fmt(wei: int) -> str:
    return f"{Decimal(wei) / WAD:.6f}".rstrip("0").rstrip(".")


def checksum(text: str) -> str:
    """An address in checksum form (LendingInputError when it is not one)."""
    return _address(text)


def _address(text: str) -> str:
    if not is_address(text):
        raise LendingInputError(f"not an address: {text!r}")
    return to_checksum_address(text)


def scorer_fingerprint(model: CreditModel | None = None) -> bytes:
    """32-byte fingerprint of the whole scorer (on-chain weights, prior, off-chain model if any)."""
    spec = {
        "onchain": ONCHAIN_WEIGHTS,
        "base_rate": BASE_RATE,
        "offchain": model.fingerprint() if model is not None else None,
    }
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).digest()


def offchain_model(path: Path) -> CreditModel:
    """The German-credit model fitted on `path` (the off-chain part of the scorer)."""
    from .evaluate import german_model
    from .german import load_german

    d = load_german(path)
    return german_model().fit(d.rows, d.bad)


def read_features(path: Path) -> dict[str, Any]:
    """One borrower's off-chain features from a JSON object."""
    try:
        row = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise LendingInputError(f"off-chain features: cannot read {path}: {e}") from None
    if not isinstance(row, dict):
        raise LendingInputError("off-chain features: a JSON object of feature -> value")
    return row


def ensure_pool(nexus: Nexus, *, nodes: Sequence[str], quorum: int, model: bytes, max_age: int = 86_400) -> CreditPool:
    """The deployed pool, deploying it (with a dev price feed) the first time on this chain."""
    if "CreditPool" in (nexus.deployer.manifest() or _NoManifest()).contracts:
        return CreditPool.attach(nexus.chain, nexus.deployer)
    return CreditPool.deploy(nexus.chain, nexus.deployer, nodes=nodes, quorum=quorum, model=model, max_age=max_age)


class _NoManifest:
    contracts: dict[str, Any] = {}


def pool_state(pool: CreditPool) -> dict[str, Any]:
    st = pool.state()
    return {**st, "cash": _fmt(int(st["cash"])), "borrowed": _fmt(int(st["borrowed"])), "price": _fmt(int(st["price"]))}


def loan_of(pool: CreditPool, who: str) -> dict[str, Any]:
    """A borrower's loan and on-chain record as plain data."""
    return _loan(pool, _address(who))


def _loan(pool: CreditPool, who: str) -> dict[str, Any]:
    ln = pool.loan(who)
    return {
        "borrower": who,
        "principal": _fmt(ln.principal),
        "debt": _fmt(ln.debt),
        "collateral_eth": _fmt(ln.collateral),
        "rate_pct": ln.rate_bps / 100,
        "cf_pct": ln.cf_bps / 100,
        "health_pct": None if ln.health_bps is None else ln.health_bps / 100,
        "score": ln.score,
        "repaid_loans": ln.repaid,
        "liquidations": ln.liquidated,
    }


def score(
    pool: CreditPool,
    who: str,
    *,
    signers: Sequence[Signer],
    fraud_probability: float = 0.0,
    model: CreditModel | None = None,
    offchain: dict[str, Any] | None = None,
    consent: ConsentCheck | None = None,
    post: bool = True,
) -> dict[str, Any]:
    """Score `who` from its on-chain record, sign, post, explain. Off-chain features count only after
    `consent(who, fields)` confirmed a live grant for every one of them: without a check, or when it
    refuses, CreditConsentMissing and nothing is scored."""
    who = _address(who)
    hist = History(
        repaid_loans=pool.contract.repaid_count(who),
        liquidations=pool.contract.liquidated_count(who),
        fraud_probability=fraud_probability,
    )
    if offchain is not None:
        if consent is None:
            raise CreditConsentMissing(
                f"lending: off-chain data of {who} is used only with a consent grant, and none was checked"
            )
        consent(who, sorted(offchain))
    ex = score_borrower(hist, model=model, offchain=offchain, consent=offchain is not None)
    fp = scorer_fingerprint(model if offchain is not None else None)
    att = ScoreAttestation(who, ex.score, fp, pool.backend.timestamp())
    if post:
        pool.post_score(att.signed(pool.backend.chain_id, pool.address, signers))
    return {
        "borrower": who,
        "model": "0x" + fp.hex(),
        "posted": post,
        "issued_at": att.issued_at,
        "signers": len(signers),
        **ex.to_json(),
    }


def deposit(pool: CreditPool, amount: str, *, sender: str) -> dict[str, Any]:
    n = parse_units(amount)
    pool.deposit(n, sender=sender)
    return {
        "lender": sender,
        "deposited": _fmt(n),
        "shares": _fmt(pool.contract.shares(sender)),
        "pool": pool_state(pool),
    }


def borrow(pool: CreditPool, amount: str, collateral: str, *, sender: str) -> dict[str, Any]:
    pool.borrow(parse_units(amount), parse_units(collateral, "collateral"), sender=sender)
    return _loan(pool, sender)


def repay(pool: CreditPool, *, sender: str) -> dict[str, Any]:
    paid = pool.repay(sender=sender)
    return {**_loan(pool, sender), "paid_at_most": _fmt(paid)}


def liquidate(pool: CreditPool, who: str, *, sender: str) -> dict[str, Any]:
    who = _address(who)
    out = pool.liquidate(who, sender=sender)
    return {"borrower": who, "debt_repaid": _fmt(out["debt"]), "tx": out["tx"], **{"loan": _loan(pool, who)}}
