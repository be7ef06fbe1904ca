"""Bounty contract and SDK on the embedded chain: a full lifecycle with real models on German credit,
commit-reveal binding, deadlines, judge quorum against forged and duplicate signatures, disputes,
single payment and refunds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("skops")

from nexus.bounty import (  # noqa: E402
    BountyBoard,
    deploy_bounty,
    file_fingerprint,
    judge_bounty,
    score_submissions,
    sign_scores,
)
from nexus.chain.embedded import EmbeddedChain  # noqa: E402
from nexus.exceptions import BountyInputError, BountyNotFound, ContractReverted  # noqa: E402
from nexus.fairness import load_data, save_model  # noqa: E402
from nexus.fairness.baseline import baseline_model  # noqa: E402
from nexus.oracle import dev_node_key  # noqa: E402

GERMAN = next(
    (
        p / "shared/data/credit-fairness/german.data"
        for p in Path(__file__).resolve().parents
        if (p / "shared/data/credit-fairness/german.data").is_file()
    ),
    Path("/work/shared/data/credit-fairness/german.data"),
)
pytestmark = pytest.mark.skipif(not GERMAN.is_file(), reason="shared UCI data not present")
JUDGES = [dev_node_key(i, "bounty judge") for i in range(4)]
ETH = 10**18
SALT = b"\x11" * 32


@dataclass
class World:
    chain: EmbeddedChain
    board: BountyBoard
    models: Path
    test: Path
    good: str  # fingerprint of the logistic-regression model
    weak: str  # fingerprint of a constant model
    accounts: list[str]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from sklearn.dummy import DummyClassifier

    root = tmp_path_factory.mktemp("bounty")
    ds = load_data(GERMAN)
    train, test = ds.X.iloc[:700], ds.X.iloc[700:]
    models = root / "models"
    models.mkdir()
    save_model(baseline_model(train, drop=["age_group"]).fit(train, ds.y.iloc[:700]), models / "good.skops")
    save_model(DummyClassifier(strategy="constant", constant=0).fit(train, ds.y.iloc[:700]), models / "weak.skops")
    test_file = root / "test.csv"
    test.assign(label=ds.y.iloc[700:]).to_csv(test_file, index=False)
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    board = deploy_bounty(chain, cache_dir=root / "cache")
    yield World(
        chain,
        board,
        models,
        test_file,
        file_fingerprint(models / "good.skops"),
        file_fingerprint(models / "weak.skops"),
        chain.accounts,
    )
    chain.close()


@pytest.fixture
def w(world: World) -> Iterator[World]:
    snap = world.chain.snapshot()
    yield world
    world.chain.revert(snap)


def _create(w: World, **kw: object) -> int:
    a = w.accounts
    args: dict = {
        "commit_seconds": 100,
        "reveal_seconds": 100,
        "dispute_seconds": 100,
        "judges": [k.address for k in JUDGES],
        "quorum": 2,
        "dispute_quorum": 3,
        "arbiter": a[3],
        "bond": ETH // 10,
        "sender": a[0],
    }
    return w.board.create(ETH, file_fingerprint(w.test), SALT, **{**args, **kw})


def _to_scoring(w: World, bid: int, solvers: dict[str, str]) -> None:
    """Solvers (address -> fingerprint) commit, reveal; the sponsor reveals the test set."""
    for who, fp in solvers.items():
        w.board.commit(bid, fp, SALT, who)
    w.chain.time_travel(seconds=101)
    for who, fp in solvers.items():
        w.board.reveal(bid, fp, SALT, who)
    w.board.reveal_test_set(bid, file_fingerprint(w.test), SALT, "file://test.csv", sender=w.accounts[0])
    w.chain.time_travel(seconds=101)


def _reverts(fragment: str):  # type: ignore[no-untyped-def]
    return pytest.raises(ContractReverted, match=fragment)


def test_full_lifecycle_pays_the_best_model_once(w: World) -> None:
    a = w.accounts
    bid = _create(w)
    _to_scoring(w, bid, {a[1]: w.weak, a[2]: w.good})
    out = judge_bounty(w.board, bid, JUDGES[:2], w.models, w.test, sender=a[5])
    info = w.board.info(bid)
    assert info.solvers == [a[1], a[2]] and info.fingerprints == [w.weak, w.good]
    assert out["scores"] == info.scores and info.scores[1] > info.scores[0] > 0
    labels = [line.rsplit(",", 1)[1] for line in w.test.read_text().splitlines()[1:]]
    assert info.scores[0] == round(labels.count("0") / len(labels) * 1e6)  # constant "bad risk": its share
    assert info.winner == a[2] and not info.final
    with _reverts("not final"):
        w.board.claim(bid, a[2])
    w.chain.time_travel(seconds=101)
    before = w.chain.balance(a[2])
    assert w.board.claim(bid, a[2]) == ETH
    assert ETH - 10**16 < w.chain.balance(a[2]) - before <= ETH  # less gas
    with _reverts("already paid"):
        w.board.claim(bid, a[2])
    with _reverts("already paid"):
        w.board.refund(bid, a[0])
    winner = w.board.info(bid)
    assert winner.paid and winner.fingerprints[winner.solvers.index(winner.winner)] == w.good


def test_a_copied_commitment_cannot_be_revealed_by_the_copier(w: World) -> None:
    a = w.accounts
    bid = _create(w)
    honest = w.board.commit(bid, w.good, SALT, a[1])
    w.board.contract.commit(bid, honest, sender=a[2])  # the copier replays the honest solver's hash
    w.chain.time_travel(seconds=101)
    with _reverts("does not match commitment"):
        w.board.reveal(bid, w.good, SALT, a[2])
    w.board.reveal(bid, w.good, SALT, a[1])
    with _reverts("already revealed"):
        w.board.reveal(bid, w.good, SALT, a[1])
    assert w.board.info(bid).solvers == [a[1]]


def test_deadlines_are_enforced(w: World) -> None:
    a = w.accounts
    bid = _create(w)
    with _reverts("commit phase still open"):
        w.board.reveal_test_set(bid, file_fingerprint(w.test), SALT, sender=a[0])  # would leak the test set
    w.board.commit(bid, w.good, SALT, a[1])
    with _reverts("commit phase still open"):
        w.board.reveal(bid, w.good, SALT, a[1])
    w.chain.time_travel(seconds=101)
    with _reverts("commit deadline passed"):
        w.board.commit(bid, w.weak, SALT, a[2])
    w.chain.time_travel(seconds=101)
    with _reverts("reveal deadline passed"):
        w.board.reveal(bid, w.good, SALT, a[1])
    with _reverts("test set does not match"):
        w.board.reveal_test_set(bid, w.good, SALT, sender=a[0])


def test_judge_quorum_refuses_forged_duplicate_and_foreign_signatures(w: World) -> None:
    a = w.accounts
    bid = _create(w)
    _to_scoring(w, bid, {a[1]: w.weak, a[2]: w.good})
    info = w.board.info(bid)
    scores = score_submissions(info, w.models, w.test)
    sigs = sign_scores(w.board, bid, scores, JUDGES[:2])
    contract = w.board.contract

    def raw(signatures: list) -> list:  # type: ignore[type-arg]
        return [(27 + s.parity, s.r.to_bytes(32, "big"), s.s.to_bytes(32, "big")) for s in signatures]

    with _reverts("too few signatures"):
        w.board.post_scores(bid, scores, sigs[:1])
    with _reverts("signers not sorted or repeated"):
        contract.postScores(bid, scores, raw([sigs[0], sigs[0]]))
    ordered = sorted(sigs, key=lambda s: int(JUDGES[sigs.index(s)].address, 16))
    with _reverts("signers not sorted or repeated"):
        contract.postScores(bid, scores, raw(ordered[::-1]))
    outsider = sign_scores(w.board, bid, scores, [dev_node_key(99, "not a judge")])
    with _reverts("not a judge"):
        w.board.post_scores(bid, scores, [sigs[0], outsider[0]])
    with _reverts("not a judge|bad signature"):  # signed other scores: recovers some other address
        w.board.post_scores(bid, [scores[1], scores[0]], sigs)
    with _reverts("one score per"):
        w.board.post_scores(bid, scores[:1], sigs)
    w.board.post_scores(bid, scores, sigs)
    with _reverts("already posted"):
        w.board.post_scores(bid, scores, sigs)


def test_a_dispute_with_a_higher_quorum_corrects_wrong_scores(w: World) -> None:
    a = w.accounts
    bid = _create(w)
    _to_scoring(w, bid, {a[1]: w.weak, a[2]: w.good})
    honest = score_submissions(w.board.info(bid), w.models, w.test)
    wrong = [honest[1], honest[0]]  # two colluding judges swap the scores
    w.board.post_scores(bid, wrong, sign_scores(w.board, bid, wrong, JUDGES[2:]))
    assert w.board.info(bid).winner == a[1]
    assert score_submissions(w.board.info(bid), w.models, w.test) != w.board.info(bid).scores  # anyone re-runs
    with _reverts("wrong bond"):
        w.board.contract.dispute(bid, sender=a[4], value=1)
    w.board.dispute(bid, a[4])
    with _reverts("scores not final"):
        w.board.claim(bid, a[1])
    with _reverts("too few signatures"):  # round 2 needs the dispute quorum (3)
        w.board.post_scores(bid, honest, sign_scores(w.board, bid, honest, JUDGES[:2]))
    before = w.chain.balance(a[4])
    w.board.post_scores(bid, honest, sign_scores(w.board, bid, honest, JUDGES[:3]))
    info = w.board.info(bid)
    assert info.winner == a[2] and info.final and info.round == 2 and not info.disputed
    assert w.board.contract.credits(a[4]) == ETH // 10  # upheld: the bond is credited back
    assert w.board.withdraw(a[4]) == ETH // 10
    assert ETH // 10 - 10**16 < w.chain.balance(a[4]) - before <= ETH // 10
    with _reverts("nothing to withdraw"):
        w.board.withdraw(a[4])
    with _reverts("nothing to dispute"):
        w.board.dispute(bid, a[4])
    with _reverts("not the winner"):
        w.board.claim(bid, a[1])
    assert w.board.claim(bid, a[2]) == ETH


def test_a_frivolous_dispute_loses_its_bond_to_the_reward(w: World) -> None:
    a = w.accounts
    bid = _create(w, dispute_quorum=0)
    _to_scoring(w, bid, {a[1]: w.weak, a[2]: w.good})
    out = judge_bounty(w.board, bid, JUDGES[:2], w.models, w.test)
    w.board.dispute(bid, a[4])
    with _reverts("only the arbiter"):
        w.board.post_scores(bid, out["scores"], sign_scores(w.board, bid, out["scores"], JUDGES))
    with _reverts("not the arbiter"):
        w.board.arbitrate(bid, out["scores"], a[0])
    w.board.arbitrate(bid, out["scores"], a[3])
    assert w.board.claim(bid, a[2]) == ETH + ETH // 10


def test_refunds_only_without_a_valid_submission(w: World) -> None:
    a = w.accounts
    empty = _create(w)
    with _reverts("scores not final"):
        w.board.refund(empty, a[0])  # reveal deadline not reached
    w.chain.time_travel(seconds=201)
    with _reverts("not the sponsor"):
        w.board.refund(empty, a[1])
    assert w.board.refund(empty, a[0]) == ETH
    with _reverts("already paid"):
        w.board.refund(empty, a[0])
    zero = _create(w)
    _to_scoring(w, zero, {a[1]: "0x" + "ab" * 32})  # a fingerprint nobody published: scores 0
    judge_bounty(w.board, zero, JUDGES[:2], w.models, w.test)
    with _reverts("scores not final"):
        w.board.refund(zero, a[0])
    w.chain.time_travel(seconds=101)
    with _reverts("not the winner"):
        w.board.claim(zero, a[1])
    assert w.board.refund(zero, a[0]) == ETH


def test_bad_inputs_are_one_clear_error(w: World) -> None:
    a = w.accounts
    with pytest.raises(BountyNotFound, match="no bounty 7"):
        w.board.info(7)
    with pytest.raises(BountyInputError, match="quorum"):
        _create(w, quorum=5)
    with pytest.raises(BountyInputError, match="32 bytes"):
        w.board.commit(_create(w), "sha256:abc", SALT, a[1])
    with _reverts("arbiter must not be the sponsor"):
        _create(w, arbiter=a[0])
    with pytest.raises(BountyInputError, match="distinct judges"):
        _create(w, judges=[JUDGES[0].address, JUDGES[0].address], quorum=1, dispute_quorum=0)
    now = w.chain.timestamp()
    with _reverts("duplicate judge"):  # the contract checks too
        w.board.contract.create(
            b"\x01" * 32, now + 10, now + 20, 10, [JUDGES[0].address] * 2, 1, 0, a[3], 1, sender=a[0], value=1
        )
    bid = _create(w)
    _to_scoring(w, bid, {a[1]: w.good})
    other = w.test.with_name("other.csv")
    other.write_text(w.test.read_text().replace("\n", "\n", 1) + "\n")
    with pytest.raises(BountyInputError, match="does not match the revealed test set"):
        score_submissions(w.board.info(bid), w.models, other)


def test_python_digests_equal_the_contracts(w: World) -> None:
    from nexus.bounty import scores_digest, solver_commitment, test_commitment
    from nexus.bounty._crypto import b32

    a = w.accounts

    def raw(v: object) -> bytes:
        return v if isinstance(v, bytes) else bytes.fromhex(str(v).removeprefix("0x"))

    assert raw(w.board.contract.DOMAIN_SEPARATOR()) == w.board.domain
    bid = _create(w)
    _to_scoring(w, bid, {a[1]: w.good})
    test_set = b32(file_fingerprint(w.test))
    for round_, scores in ((1, [123]), (2, [0]), (1, [2**256 - 1])):
        want = scores_digest(w.board.domain, bid, round_, test_set, scores)
        assert raw(w.board.contract.scoresDigest(bid, round_, scores)) == want
    assert raw(w.board.contract.commitments(bid, a[1])) == solver_commitment(b32(w.good), SALT, a[1])
    assert w.board.info(bid).test_commitment == "0x" + test_commitment(test_set, SALT).hex()


def test_winner_is_the_first_highest_score_property(world: World) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    w, a = world, world.accounts
    base = w.chain.snapshot()
    try:
        bid = _create(w)
        _to_scoring(w, bid, {a[1]: w.good, a[2]: w.weak, a[3]: "0x" + "cd" * 32})

        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.lists(st.sampled_from([0, 1, 5, 2**255, 2**256 - 1]), min_size=3, max_size=3))
        def check(scores: list[int]) -> None:
            snap = w.chain.snapshot()
            try:
                w.board.post_scores(bid, scores, sign_scores(w.board, bid, scores, JUDGES[1:3]))
                info = w.board.info(bid)
                best = max(scores)
                assert info.best == best and info.scores == scores
                assert info.winner == (None if best == 0 else info.solvers[scores.index(best)])
            finally:
                w.chain.revert(snap)

        check()
    finally:
        w.chain.revert(base)
