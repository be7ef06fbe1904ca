"""The CreditPool contract on the embedded chain: signed fresh scores gate loans; rates and collateral
factors follow the score; liquidation pays the bonus; replays, strangers and stale scores are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from nexus.chain import crypto
from nexus.chain.embedded import EmbeddedChain
from nexus.contracts.deploy import Deployer
from nexus.exceptions import LendingError, LendingInputError, ScoreRejected
from nexus.lending.attest import ScoreAttestation
from nexus.lending.pool import WAD, CreditPool

NODE_KEYS = [bytes([i + 1]) * 32 for i in range(4)]
NODES = [crypto.address_of(k) for k in NODE_KEYS]
MODEL = b"\x11" * 32


def signer(secret: bytes):
    return lambda d: crypto.sign_hash(d, secret)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("lend")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    dep = Deployer(chain, root / "deployments", Path(root / "cache"))
    accts = chain.accounts
    pool = CreditPool.deploy(chain, dep, nodes=NODES, quorum=3, model=MODEL, max_age=3600, sender=accts[0])
    pool.token.mint(accts[1], 100_000 * WAD, sender=accts[1])
    pool.deposit(50_000 * WAD, sender=accts[1])
    yield chain, pool, accts
    chain.close()


def attest(chain, pool, who, score, keys=NODE_KEYS[:3], age=0, model=MODEL):
    att = ScoreAttestation(who, score, model, chain.timestamp() - age)
    return att.signed(chain.chain_id, pool.address, [signer(k) for k in keys])


def test_no_loan_without_a_score(env) -> None:
    chain, pool, a = env
    with pytest.raises(ScoreRejected, match="no posted score"):
        pool.borrow(100 * WAD, 1 * WAD, sender=a[2])
    # the contract refuses too, not just the client
    with pytest.raises(LendingError, match="no score"):
        pool._send("borrow", 100 * WAD, sender=a[2], value=WAD)


def test_scores_need_quorum_of_nodes_and_freshness(env) -> None:
    chain, pool, a = env
    with pytest.raises(ScoreRejected, match="quorum"):
        pool.post_score(attest(chain, pool, a[3], 8000, keys=NODE_KEYS[:2]))
    with pytest.raises(ScoreRejected, match="not an oracle node"):
        pool.post_score(attest(chain, pool, a[3], 8000, keys=[*NODE_KEYS[:3], b"\x55" * 32]))
    with pytest.raises(ScoreRejected, match="stale"):
        pool.post_score(attest(chain, pool, a[3], 8000, age=7200))
    with pytest.raises(ScoreRejected, match="model"):
        pool.post_score(attest(chain, pool, a[3], 8000, model=b"\x22" * 32))
    # duplicate signatures of one node do not make a quorum, even sent straight to the contract
    att = attest(chain, pool, a[3], 8000, keys=[NODE_KEYS[0]] * 3)
    with pytest.raises(LendingError, match="not sorted"):
        pool._send("post_score", *att.call_args())
    assert pool.contract.score_at(a[3]) == 0


def test_score_sets_collateral_factor_and_rate(env) -> None:
    chain, pool, a = env
    pool.post_score(attest(chain, pool, a[4], 9000))
    pool.post_score(attest(chain, pool, a[5], 4000))
    assert pool.max_borrow(a[4], WAD) > pool.max_borrow(a[5], WAD)
    with pytest.raises(LendingError, match="at most"):
        pool.borrow(pool.max_borrow(a[5], WAD) + 1, WAD, sender=a[5])
    good = pool.borrow(1000 * WAD, WAD, sender=a[4])
    weak = pool.borrow(500 * WAD, WAD, sender=a[5])
    assert good.rate_bps < weak.rate_bps and good.cf_bps > weak.cf_bps
    assert pool.token.balanceOf(a[4]) == 1000 * WAD
    # an old attestation cannot replace a newer one
    old = ScoreAttestation(a[4], 9900, MODEL, good.score_at - 1).signed(
        chain.chain_id, pool.address, [signer(k) for k in NODE_KEYS[:3]]
    )
    with pytest.raises(LendingError, match="older"):
        pool.post_score(old)


def test_repay_returns_collateral_with_interest(env) -> None:
    chain, pool, a = env
    chain.time_travel(seconds=30 * 86400)
    debt = pool.contract.debt_of(a[4])
    assert debt > 1000 * WAD
    pool.token.mint(a[4], 100 * WAD, sender=a[4])
    before = chain.balance(a[4])
    pool.repay(sender=a[4])
    loan = pool.loan(a[4])
    assert loan.principal == 0 and loan.repaid == 1
    assert chain.balance(a[4]) > before + WAD // 2  # collateral back (less gas)
    with pytest.raises(LendingError, match="no open loan"):
        pool.repay(sender=a[4])


def test_liquidation_after_price_drop_pays_bonus(env) -> None:
    chain, pool, a = env
    with pytest.raises(LendingError, match="healthy"):
        pool.liquidate(a[5], sender=a[1])
    from nexus.chain.contract import Contract
    from nexus.lending.pool import _FEED_ABI

    abi = _FEED_ABI + [
        {
            "type": "function",
            "name": "set_price",
            "inputs": [{"name": "p", "type": "uint256"}],
            "outputs": [],
            "stateMutability": "nonpayable",
        }
    ]
    Contract(chain, pool.contract.feed(), abi, "feed").set_price(700 * WAD, sender=a[0])
    loan = pool.loan(a[5])
    assert loan.health_bps is not None and loan.health_bps < 10_000
    before = chain.balance(a[1])
    pool.liquidate(a[5], sender=a[1])
    after = pool.loan(a[5])
    assert after.principal == 0 and after.liquidated == 1
    gained = chain.balance(a[1]) - before
    assert gained > loan.debt * WAD // (700 * WAD)  # more ETH than the debt is worth: the bonus


def test_bad_input_is_one_error(env) -> None:
    chain, pool, a = env
    with pytest.raises(LendingInputError):
        pool.deposit(0, sender=a[1])
    with pytest.raises(LendingInputError):
        ScoreAttestation("0xnope", 5000, MODEL, 1)
    with pytest.raises(LendingInputError):
        ScoreAttestation(a[1], 10_001, MODEL, 1)


def test_governance_model_switch_retires_old_scores(env) -> None:
    chain, pool, a = env
    pool.post_score(attest(chain, pool, a[6], 9000))
    with pytest.raises(LendingError, match="not owner"):
        pool.set_model(b"\x33" * 32, sender=a[6])
    pool.set_model(b"\x33" * 32, sender=a[0])
    try:
        with pytest.raises(ScoreRejected, match="retired model"):
            pool.borrow(10 * WAD, WAD, sender=a[6])
        with pytest.raises(LendingError, match="retired model"):  # the contract refuses too
            pool._send("borrow", 10 * WAD, sender=a[6], value=WAD)
        pool.post_score(attest(chain, pool, a[6], 9000, model=b"\x33" * 32))
        assert pool.borrow(10 * WAD, WAD, sender=a[6]).principal == 10 * WAD
    finally:
        pool.set_model(MODEL, sender=a[0])


def test_a_tampered_score_is_refused_by_the_contract(env) -> None:
    chain, pool, a = env
    good = attest(chain, pool, a[7], 3500)
    # the borrower raises its own score after the nodes signed: signatures no longer recover to nodes
    forged = ScoreAttestation(good.borrower, 9999, good.model, good.issued_at, good.signatures)
    with pytest.raises(ScoreRejected):
        pool.post_score(forged)
    with pytest.raises(LendingError, match="not an oracle node|not sorted"):
        pool._send("post_score", *forged.call_args())
    # and a score signed for another pool (another domain) does not carry over
    other = ScoreAttestation(a[7], 9999, MODEL, good.issued_at).signed(
        chain.chain_id, a[9], [signer(k) for k in NODE_KEYS[:3]]
    )
    with pytest.raises(LendingError, match="not an oracle node|not sorted"):
        pool._send("post_score", *other.call_args())
    assert pool.contract.score_at(a[7]) == 0
