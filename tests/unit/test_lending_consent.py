"""Off-chain credit features only under a live identity consent grant: no check, no grant, a partial
grant, another purpose or grantee, a revoked or an expired grant are all refused (CreditConsentMissing,
nothing scored); a covering grant lets the features move the score."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nexus.chain import crypto
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts.deploy import Deployer
from nexus.exceptions import CreditConsentMissing
from nexus.identity.consent_book import deploy_consent
from nexus.lending import service
from nexus.lending.model import CreditModel
from nexus.lending.pool import CreditPool
from nexus.models.credit_score import PURPOSE, consent_check, grantee_did

NODE_KEYS = [bytes([i + 1]) * 32 for i in range(3)]
FEATURES = {"age": 45.0, "income": 3.0}


def _model() -> CreditModel:
    """A real (tiny) credit model: high income, low default; fitted on 40 synthetic rows."""
    rows = [{"age": 20.0 + i, "income": float(i % 8)} for i in range(40)]
    bad = np.array([1 if r["income"] < 3 else 0 for r in rows])
    return CreditModel(numeric=["age", "income"], categorical=[]).fit(rows, bad)


MODEL = _model()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("lendconsent")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    nodes = [crypto.address_of(k) for k in NODE_KEYS]
    pool = CreditPool.deploy(
        chain, Deployer(chain, root / "dep", Path(root / "cache")), nodes=nodes, quorum=3, model=b"\1" * 32
    )
    book = deploy_consent(chain, cache_dir=root / "build")
    yield chain, pool, book
    chain.close()


def _score(pool: CreditPool, who: str, check):  # type: ignore[no-untyped-def]
    return service.score(pool, who, signers=[], model=MODEL, offchain=dict(FEATURES), consent=check, post=False)


def test_no_check_or_no_consent_contract_is_refused(env) -> None:  # type: ignore[no-untyped-def]
    chain, pool, _book = env
    who = chain.accounts[1]
    with pytest.raises(CreditConsentMissing, match="none was checked"):
        _score(pool, who, None)
    with pytest.raises(CreditConsentMissing, match="no Consent contract"):
        _score(pool, who, consent_check(None, grantee_did(pool)))
    # on-chain history alone needs no grant
    assert service.score(pool, who, signers=[], post=False)["score"] > 0


def test_only_a_live_covering_grant_for_this_pool_and_purpose_counts(env) -> None:  # type: ignore[no-untyped-def]
    chain, pool, book = env
    a = chain.accounts
    did, now = grantee_did(pool), chain.timestamp()
    check = consent_check(book, did)
    base = service.score(pool, a[2], signers=[], post=False)
    with pytest.raises(CreditConsentMissing, match="income"):
        _score(pool, a[2], check)
    book.grant(did, ["age"], purpose=PURPOSE, expires=now + 3600, sender=a[2])  # partial
    book.grant(did, ["age", "income"], purpose="marketing", expires=now + 3600, sender=a[2])  # other purpose
    book.grant("did:ethr:0x539:" + a[9], ["age", "income"], purpose=PURPOSE, expires=now + 3600, sender=a[2])
    book.grant(did, ["age", "income"], purpose=PURPOSE, expires=now + 3600, sender=a[3])  # someone else's
    with pytest.raises(CreditConsentMissing, match=r"covering income"):
        _score(pool, a[2], check)
    gid = book.grant(did, ["income"], purpose=PURPOSE, expires=now + 3600, sender=a[2])
    used = _score(pool, a[2], check)
    assert used["score"] != base["score"] and "income" in [r["feature"] for r in used["reasons"]]
    book.revoke(gid, sender=a[2])  # revoked: refused again
    with pytest.raises(CreditConsentMissing):
        _score(pool, a[2], check)
    short = book.grant(did, ["income"], purpose=PURPOSE, expires=chain.timestamp() + 60, sender=a[2])
    assert _score(pool, a[2], check)["score"] == used["score"]
    chain.mine(1, seconds=120)  # expired
    with pytest.raises(CreditConsentMissing):
        _score(pool, a[2], check)
    assert short
