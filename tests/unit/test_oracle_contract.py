"""Aggregator contract: signed reports accepted once; replayed, reordered, duplicate-signer,
under-signed, unauthorised, stale and unsorted reports revert; AggregatorV3 reads; signer set."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import ContractReverted, OracleInputError
from nexus.oracle import Feed, OracleReport, deploy_feed, dev_node_key
from nexus.oracle._crypto import Signature

KEYS = [dev_node_key(i, "test") for i in range(7)]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedChain, Feed]]:
    root = tmp_path_factory.mktemp("agg")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    feed = deploy_feed(chain, "ETH/USD", [k.address for k in KEYS[:4]], 1, history=8, cache_dir=Path(root / "cache"))
    yield chain, feed
    chain.close()


@pytest.fixture
def feed(env: tuple[EmbeddedChain, Feed]) -> Iterator[Feed]:
    chain, feed = env
    snap = chain.snapshot()
    yield feed
    chain.revert(snap)


def _report(
    feed: Feed,
    rid: int | None = None,
    answer: int = 2000_00000000,
    *,
    values: tuple[int, ...] | None = None,
    observed_at: int | None = None,
) -> OracleReport:
    """Four observations (n=4, f=1) around `answer`: median `answer`, band [answer, answer+10]."""
    chain = feed.contract.backend
    rid = feed.latest_round() + 1 if rid is None else rid
    vals = (max(answer - 10, -(2**95 - 1)), answer, answer + 10, answer + 10) if values is None else values
    at = chain.timestamp() if observed_at is None else observed_at
    return OracleReport(feed.config()[0], rid, at, vals, 1)


def _raw_transmit(feed: Feed, rep: OracleReport, word: int, sigs: list, **kw: object) -> object:
    return feed.contract.transmit(rep.round_id, rep.observed_at, list(rep.values), word, sigs, **kw)


def _sign(feed: Feed, rep: OracleReport, idx: list[int]) -> list:
    d = rep.digest(feed.domain)
    return [(i, KEYS[i].sign(d)) for i in idx]


def test_accepts_a_signed_report_and_serves_aggregator_v3(feed: Feed) -> None:
    rep = _report(feed)
    rc = feed.transmit(rep, _sign(feed, rep, [0, 2]))
    ev = next(e for e in feed.contract.decode(rc) if e.name == "NewRound")
    assert ev.args["answer"] == rep.answer and ev.args["round_id"] == 1
    assert (ev.args["low"], ev.args["high"]) == (rep.values[1], rep.values[2])
    rid, answer, started, updated, answered = feed.contract.latestRoundData()
    assert (rid, answer, answered) == (1, rep.answer, 1) and started == updated > 0
    assert feed.contract.getRoundData(1)[1] == rep.answer
    assert feed.latest().low == rep.low and feed.latest().high == rep.high  # type: ignore[union-attr]
    assert feed.decimals == 8 and feed.description == "ETH/USD" and feed.contract.version() == 1


@pytest.mark.parametrize("answer", [-1, -(2**95 - 1), 0, 2**95 - 11])
def test_negative_and_extreme_answers_round_trip(feed: Feed, answer: int) -> None:
    rep = _report(feed, answer=answer)
    feed.transmit(rep, _sign(feed, rep, [0, 1]))
    assert feed.contract.latestRoundData()[1] == answer
    assert (feed.latest().low, feed.latest().high) == (rep.low, rep.high)  # type: ignore[union-attr]


def test_replayed_report_reverts(feed: Feed) -> None:
    rep = _report(feed)
    sigs = _sign(feed, rep, [0, 1])
    feed.transmit(rep, sigs)
    with pytest.raises(ContractReverted, match="round not new"):
        feed.transmit(rep, sigs)


@pytest.mark.parametrize(
    "idx, why",
    [
        ([0], "too few signatures"),
        ([1, 1], "not sorted or repeated"),
    ],
)
def test_under_signed_and_duplicate_signer_revert(feed: Feed, idx: list[int], why: str) -> None:
    rep = _report(feed)
    with pytest.raises(ContractReverted, match=why):
        feed.transmit(rep, _sign(feed, rep, idx))


def test_reordered_signatures_revert(feed: Feed) -> None:
    rep = _report(feed)
    word_sigs = _sign(feed, rep, [2, 0])  # encode_signatures sorts; send them unsorted by hand
    sigs = [s.compact() for _, s in word_sigs]
    word = 2 | (0 << 8)
    with pytest.raises(ContractReverted, match="not sorted"):
        _raw_transmit(feed, rep, word, sigs)


def test_signature_by_an_outsider_or_over_another_report_reverts(feed: Feed) -> None:
    rep = _report(feed)
    outsider = [(0, KEYS[0].sign(rep.digest(feed.domain))), (1, KEYS[5].sign(rep.digest(feed.domain)))]
    with pytest.raises(ContractReverted, match="bad signature"):
        feed.transmit(rep, outsider)
    other = _report(feed, answer=1)
    with pytest.raises(ContractReverted, match="bad signature"):
        feed.transmit(rep, _sign(feed, other, [0, 1]))
    with pytest.raises(ContractReverted, match="bad signature"):  # index 9 of n=4: an empty table entry
        feed.transmit(rep, [(0, KEYS[0].sign(rep.digest(feed.domain))), (9, KEYS[5].sign(rep.digest(feed.domain)))])
    no_key = Signature(0, 0, 1)  # r = 0 recovers to nothing (0x0), like the empty entry: caught by the bound check
    with pytest.raises(ContractReverted, match="unknown signer"):
        feed.transmit(rep, [(0, KEYS[0].sign(rep.digest(feed.domain))), (9, no_key)])


def test_future_skipped_stale_and_unsorted_reports_revert(feed: Feed) -> None:
    now = feed.contract.backend.timestamp()
    cases = [
        (_report(feed, rid=2), "round not new"),
        (_report(feed, values=(1, 3, 2, 4)), "observations not sorted"),
        (_report(feed, values=(1, 2)), "need 2f\\+1..n observations"),
        (_report(feed, values=(1, 2, 3, 4, 5)), "need 2f\\+1..n observations"),
        (_report(feed, values=(0, 1, 2**95, 2**95)), "out of range"),
        (_report(feed, values=(0, 0, 2**61, 2**61)), "band too wide"),
        (_report(feed, observed_at=now - 4000), "stale report"),
        (_report(feed, observed_at=now + 4000), "from the future"),
    ]
    for rep, why in cases:
        with pytest.raises(ContractReverted, match=why):
            feed.transmit(rep, _sign(feed, rep, [0, 1]))


def test_signer_set_is_owner_managed_and_old_signatures_stop_verifying(feed: Feed) -> None:
    c, chain = feed.contract, feed.contract.backend
    new = [k.address for k in KEYS[3:7]]
    with pytest.raises(ContractReverted, match="not owner"):
        c.set_config(new, 1, 2, sender=chain.accounts[3])
    for bad, why in [(new[:3], "3f\\+1"), ([new[0]] * 4, "duplicate")]:
        with pytest.raises(ContractReverted, match=why):
            c.set_config(bad, 1, 2)
    with pytest.raises(ContractReverted, match="quorum"):
        c.set_config(new, 1, 1)
    old = _report(feed)
    old_sigs = _sign(feed, old, [0, 1])
    rc = c.set_config(new, 1, 2)
    names = [e.name for e in c.decode(rc)]
    assert names.count("SignerAdded") == 3 and names.count("SignerRemoved") == 3 and "ConfigSet" in names
    assert feed.signers() == new and feed.config() == (2, 1, 2, 4)
    with pytest.raises(ContractReverted, match="bad signature"):
        feed.transmit(old, old_sigs)
    rep = _report(feed)
    d = rep.digest(feed.domain)
    feed.transmit(rep, [(0, KEYS[3].sign(d)), (3, KEYS[6].sign(d))])
    assert feed.latest_round() == 1


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.integers(-(10**12), 10**12), min_size=3, max_size=4))
def test_property_contract_takes_median_and_band_of_sorted_observations(feed: Feed, values: list[int]) -> None:
    """The answer is x_(ceil(m/2)) and the band [x_(f+1), x_(m-f)] of the sorted values, as in Python."""
    rep = _report(feed, values=tuple(sorted(values)))
    feed.transmit(rep, _sign(feed, rep, [1, 2]))
    got = feed.latest()
    assert got is not None and (got.answer, got.low, got.high) == (rep.answer, rep.low, rep.high)
    xs = sorted(values)
    assert got.answer == xs[(len(xs) + 1) // 2 - 1] and (got.low, got.high) == (xs[1], xs[len(xs) - 2])


def test_history_ring_keeps_the_last_rounds(feed: Feed) -> None:
    for _ in range(10):
        rep = _report(feed, answer=1000 + feed.latest_round())
        feed.transmit(rep, _sign(feed, rep, [1, 3]))
    assert [r.round_id for r in feed.rounds(20)] == list(range(10, 2, -1))
    with pytest.raises(ContractReverted, match="no data"):
        feed.contract.getRoundData(2)


def test_deploy_feed_rejects_bad_shapes(env: tuple[EmbeddedChain, Feed]) -> None:
    chain, _ = env
    with pytest.raises(OracleInputError):
        deploy_feed(chain, "x", [k.address for k in KEYS[:3]], 1)
    with pytest.raises(OracleInputError):
        deploy_feed(chain, "x" * 65, [k.address for k in KEYS[:4]], 1)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(idx=st.lists(st.integers(0, 6), min_size=0, max_size=5), answer=st.integers(-(10**20), 10**20))
def test_property_only_f_plus_1_distinct_authorised_sorted_signers_pass(
    feed: Feed, idx: list[int], answer: int
) -> None:
    rep = _report(feed, answer=answer)
    signed = [(i, KEYS[i].sign(rep.digest(feed.domain))) for i in idx]
    word, sigs = 0, []
    for j, (i, s) in enumerate(signed):  # in the given order, unsorted and repeated as drawn
        word |= i << (8 * j)
        sigs.append(s.compact())
    valid = len(idx) >= 2 and all(i < 4 for i in idx) and all(a < b for a, b in itertools.pairwise(idx))
    before = feed.latest_round()
    rc = _raw_transmit(feed, rep, word, sigs, check=False)
    assert rc.status == valid
    assert feed.latest_round() == before + (1 if valid else 0)
