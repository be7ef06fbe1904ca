"""Governance chooses the credit-score model: a passed, timelocked proposal activates the registry version
and sets the pool's model in one operation (recorded in the ledger); the pool's former owner can no
longer change it; scorers governance did not promote are refused before anything is signed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from gov_env import ADDR, Env, make_env

from nexus.chain import crypto
from nexus.exceptions import CreditModelNotApproved, LendingError, ScoreRejected
from nexus.governance import GovConfig
from nexus.ledger import open_ledger
from nexus.lending.pool import CreditPool
from nexus.lending.service import scorer_fingerprint
from nexus.models import credit, credit_score

DELAY, PERIOD = 3600, 10
NODE_KEYS = [bytes([i + 1]) * 32 for i in range(4)]
NODES = [crypto.address_of(k) for k in NODE_KEYS]
SIGNERS = [lambda d, k=k: crypto.sign_hash(d, k) for k in NODE_KEYS]
V1 = scorer_fingerprint()  # the on-chain-history scorer the pool starts with
V2 = hashlib.sha256(b"a retrained scorer").digest()
V3 = hashlib.sha256(b"an unfair scorer").digest()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Env, CreditPool, Path]]:
    root = tmp_path_factory.mktemp("lendgov")
    env = make_env(
        root,
        GovConfig(
            voting_delay=1, voting_period=PERIOD, quorum_bps=2000, min_delay=DELAY, max_fairness_gap=100_000, supply=0
        ),
    )
    pool = CreditPool.deploy(env.chain, env.gov.deployer, nodes=NODES, quorum=3, model=V1, max_age=3600, sender=ADDR[0])
    yield env, pool, root
    env.chain.close()


def _nexus(env: Env) -> SimpleNamespace:
    return SimpleNamespace(chain=env.chain, deployer=env.gov.deployer)


def _pass(env: Env, p) -> None:  # type: ignore[no-untyped-def]
    env.chain.mine(2)
    env.gov.vote(p.id, "for", sender=ADDR[1])
    env.gov.vote(p.id, "for", sender=ADDR[2])
    env.chain.mine(p.deadline - env.chain.block_number() + 1)
    env.gov.queue(p)
    env.chain.mine(1, seconds=DELAY)


def test_promotion_sets_the_pools_model_through_the_timelock(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env, pool, _root = world
    gov = env.gov
    assert credit.register_scorer(gov, V1, sender=ADDR[0]) == 1
    v2 = credit.register_scorer(gov, V2, fairness_gap=0.03, sender=ADDR[0])
    with pytest.raises(LendingError, match="not owned by governance"):
        credit.propose_promotion(gov, pool, v2, sender=ADDR[1])
    assert credit.hand_over(pool, gov, sender=ADDR[0]) == gov.timelock.address
    assert pool.state()["owner"] == gov.timelock.address
    with pytest.raises(LendingError, match="not owner"):  # the deployer lost the choice
        pool.set_model(V2, sender=ADDR[0])
    # governance owns the pool but has promoted nothing: no scorer may post
    with pytest.raises(CreditModelNotApproved, match="promoted no credit-score"):
        credit_score.score(_nexus(env), pool, ADDR[5], signers=SIGNERS[:3])
    p = credit.propose_promotion(gov, pool, v2, sender=ADDR[1])
    assert [t.lower() for t in p.targets] == [gov.registry.address.lower(), pool.address.lower()]
    _pass(env, p)
    with open_ledger(path=tmp_path / "ledger.db") as led:
        out = credit.execute_promotion(gov, pool, p, ledger=led)
        rec = led.record(out["record"])
        assert rec.kind == "lending.model" and rec.content is not None and V2.hex() in rec.content.decode()
    assert out["version"] == v2 and out["fingerprint"] == "sha256:" + V2.hex()
    assert bytes.fromhex(pool.state()["model"][2:]) == V2 == credit.promoted_fingerprint(gov)
    assert gov.registry.active_version(credit.CREDIT_MODEL) == v2
    # the old scorer (V1) is no longer the promoted one: refused before the nodes sign
    before = env.chain.block_number()
    with pytest.raises(CreditModelNotApproved, match="not the credit-score model governance promoted"):
        credit_score.score(_nexus(env), pool, ADDR[5], signers=SIGNERS[:3])
    assert env.chain.block_number() == before
    credit.require_promoted(gov, V2)
    # and the pool itself refuses V1 scores even if someone bypassed the check
    with pytest.raises(ScoreRejected, match="not approved"):
        from nexus.lending.attest import ScoreAttestation

        pool.post_score(
            ScoreAttestation(ADDR[5], 9000, V1, env.chain.timestamp()).signed(
                env.chain.chain_id, pool.address, SIGNERS[:3]
            )
        )


def test_an_unfair_scorer_cannot_be_promoted(world) -> None:  # type: ignore[no-untyped-def]
    env, pool, _root = world
    gov = env.gov
    if str(pool.contract.owner()) != gov.timelock.address:
        credit.hand_over(pool, gov, sender=ADDR[0])
    v3 = credit.register_scorer(gov, V3, fairness_gap=0.4, sender=ADDR[0])  # above the registry's 0.1
    with pytest.raises(CreditModelNotApproved, match="fairness gap"):
        credit.propose_promotion(gov, pool, v3, sender=ADDR[1])
    with pytest.raises(CreditModelNotApproved):
        credit.require_promoted(gov, V3)
