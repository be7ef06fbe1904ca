"""Signed ballots (EIP-712, batched through castVotesBySig): replayed, wrong-chain, wrong-contract,
wrong-proposal, zero-recovering, malleable, stale-nonce and double ballots are never counted;
property: the tally equals an independent recomputation from the signatures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from gov_env import ADDR, KEYS, WAD, WEIGHTS, Env, make_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.exceptions import GovernanceInputError
from nexus.governance import Ballot, GovConfig, Proposal, read_ballots, sign_ballot, write_ballots
from nexus.governance.ballots import SUPPORT

SECP_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
POWER = {ADDR[i + 1]: w * WAD for i, w in enumerate(WEIGHTS)}


@pytest.fixture(scope="module")
def module_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Env, Proposal, Proposal]]:
    env = make_env(
        tmp_path_factory.mktemp("ballots"),
        GovConfig(voting_delay=1, voting_period=100_000, quorum_bps=2000, min_delay=60, supply=0),
    )
    env.gov.registry.register("fraud", "sha256:" + "ab" * 32)
    env.gov.registry.register("fraud", "sha256:" + "cd" * 32)
    p1 = env.gov.propose_activation("fraud", 1, sender=ADDR[1])
    p2 = env.gov.propose_activation("fraud", 2, sender=ADDR[1])
    env.chain.mine(2)
    yield env, p1, p2
    env.chain.close()


@pytest.fixture
def ctx(module_env: tuple[Env, Proposal, Proposal]) -> Iterator[tuple[Env, Proposal, Proposal]]:
    env = module_env[0]
    snap = env.chain.snapshot()
    yield module_env
    env.chain.revert(snap)


def _submit(env: Env, p: Proposal, ballots: list[Ballot]) -> dict:  # type: ignore[type-arg]
    return env.gov.submit(p.id, ballots, strict=False, sender=ADDR[9])


def _reasons(out: dict) -> list[str]:  # type: ignore[type-arg]
    return [r["reason"] for r in out["rejected"]]


def _zero_recovering(env: Env, p: Proposal) -> Ballot:
    """A ballot claiming voter address(0) whose signature ecrecover cannot recover (r = 0)."""
    return Ballot(env.chain.chain_id, env.gov.governor.address, p.id, 1, "0x" + "00" * 20, 0, 27, 0, 1)


def test_valid_ballots_count_once_with_their_snapshot_weight(ctx: tuple[Env, Proposal, Proposal]) -> None:
    env, p1, _ = ctx
    ballots = [env.gov.sign(p1.id, "for", KEYS[1]), env.gov.sign(p1.id, "against", KEYS[2])]
    out = _submit(env, p1, ballots)
    assert out["counted"] == 2 and out["added"] == {
        "for": str(POWER[ADDR[1]]),
        "against": str(POWER[ADDR[2]]),
        "abstain": "0",
    }
    assert env.gov.tally(p1.id) == {"for": POWER[ADDR[1]], "against": POWER[ADDR[2]], "abstain": 0}
    ev = env.gov.governor.events("VotesCast")[-1]
    assert [(e & (2**160 - 1), e >> 160) for e in ev.args["ballots"]] == [(int(ADDR[1], 16), 1), (int(ADDR[2], 16), 0)]


def test_replayed_ballot_is_refused(ctx: tuple[Env, Proposal, Proposal]) -> None:
    env, p1, _ = ctx
    b = env.gov.sign(p1.id, "for", KEYS[1])
    assert _submit(env, p1, [b])["counted"] == 1
    out = _submit(env, p1, [b])  # the same signature again
    assert out["counted"] == 0 and _reasons(out) == ["already voted"]
    assert _reasons(_submit(env, p1, [b, b])) == ["already voted", "already voted"]
    assert env.gov.tally(p1.id)["for"] == POWER[ADDR[1]]
    with pytest.raises(GovernanceInputError, match="already voted"):
        env.gov.submit(p1.id, [b])


def test_double_ballot_in_one_batch_counts_the_first(ctx: tuple[Env, Proposal, Proposal]) -> None:
    env, p1, _ = ctx
    first, second = env.gov.sign(p1.id, "for", KEYS[3]), env.gov.sign(p1.id, "against", KEYS[3])
    out = _submit(env, p1, [first, second])
    assert out["counted"] == 1 and _reasons(out) == ["already voted"]
    assert env.gov.tally(p1.id) == {"for": POWER[ADDR[3]], "against": 0, "abstain": 0}
    head = env.chain.block_number()
    with pytest.raises(GovernanceInputError, match="second ballot of the same voter"):
        env.gov.submit(p1.id, [env.gov.sign(p1.id, "for", KEYS[4])] * 2)
    assert env.chain.block_number() == head  # strict mode sent nothing


@pytest.mark.parametrize(
    "kind",
    [
        "wrong chain",
        "wrong contract",
        "wrong proposal",
        "zero",
        "malleable",
        "other signer",
        "stale nonce",
        "bad support",
    ],
)
def test_bad_ballots_are_never_counted(ctx: tuple[Env, Proposal, Proposal], kind: str) -> None:
    env, p1, p2 = ctx
    gov, cid = env.gov, env.chain.chain_id
    good = gov.sign(p1.id, "for", KEYS[1])
    if kind == "wrong chain":
        bad = sign_ballot(KEYS[1], cid + 1, gov.governor.address, p1.id, "for", 0)
    elif kind == "wrong contract":
        bad = sign_ballot(KEYS[1], cid, gov.timelock.address, p1.id, "for", 0)
    elif kind == "wrong proposal":
        bad = gov.sign(p2.id, "for", KEYS[1])
    elif kind == "zero":
        bad = _zero_recovering(env, p1)
    elif kind == "malleable":  # the same signature's twin (n - s, flipped v) recovers the same signer
        bad = replace(good, s=SECP_N - good.s, v=55 - good.v)
        assert bad.signer() == ADDR[1]
    elif kind == "other signer":
        bad = replace(sign_ballot(KEYS[2], cid, gov.governor.address, p1.id, "for", 0), voter=ADDR[1])
    elif kind == "stale nonce":
        gov.token.useNonce(sender=ADDR[1])  # revokes every ballot signed with nonce 0
        bad = good
    else:
        bad = replace(good, support=3)
    expect = {"stale nonce": "stale nonce", "bad support": "bad vote type"}.get(kind, "bad signature")
    # packed as signed but submitted for p1: the contract checks it against p1's domain
    out = _submit(env, p1, [bad])
    assert out["counted"] == 0 and _reasons(out) == [expect]
    assert gov.tally(p1.id) == {"for": 0, "against": 0, "abstain": 0}
    assert not gov.governor.hasVoted(p1.id, ADDR[1])
    assert gov.check(p1.id, bad) is not None  # the local check agrees, so strict mode refuses it
    with pytest.raises(GovernanceInputError, match="would not count"):
        gov.submit(p1.id, [bad])
    if kind != "stale nonce":
        assert _submit(env, p1, [good])["counted"] == 1  # the voter can still vote


def test_ballot_files_round_trip(tmp_path: Path, ctx: tuple[Env, Proposal, Proposal]) -> None:
    env, p1, _ = ctx
    ballots = [env.gov.sign(p1.id, s, KEYS[i]) for i, s in [(1, "for"), (2, "abstain")]]
    write_ballots(ballots[:1], tmp_path / "one.json")
    write_ballots(ballots, tmp_path / "two.json")
    assert read_ballots([tmp_path / "one.json", tmp_path / "two.json"]) == [ballots[0], *ballots]
    (tmp_path / "bad.json").write_text('{"format": "nexus-ballot/1", "voter": "0x1"}')
    with pytest.raises(GovernanceInputError, match="malformed ballot"):
        read_ballots([tmp_path / "bad.json"])
    data = ballots[0].typed_data()  # what a wallet would sign gives the same signature
    assert (
        Account.recover_message(encode_typed_data(full_message=data), vrs=(ballots[0].v, ballots[0].r, ballots[0].s))
        == ADDR[1]
    )


KINDS = ["valid", "valid", "wrong chain", "wrong proposal", "malleable", "other signer", "zero"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.integers(1, 8), st.sampled_from(KINDS), st.sampled_from(sorted(SUPPORT))), min_size=1, max_size=12
    )
)
def test_tally_equals_an_independent_recomputation(
    ctx: tuple[Env, Proposal, Proposal], plan: list[tuple[int, str, str]]
) -> None:
    env, p1, p2 = ctx
    gov, cid, gaddr = env.gov, env.chain.chain_id, env.gov.governor.address
    snap = env.chain.snapshot()
    try:
        ballots = []
        for who, kind, support in plan:
            if kind == "valid":
                b = sign_ballot(KEYS[who], cid, gaddr, p1.id, support, 0)
            elif kind == "wrong chain":
                b = sign_ballot(KEYS[who], cid + 7, gaddr, p1.id, support, 0)
            elif kind == "wrong proposal":
                b = sign_ballot(KEYS[who], cid, gaddr, p2.id, support, 0)
            elif kind == "malleable":
                ok = sign_ballot(KEYS[who], cid, gaddr, p1.id, support, 0)
                b = replace(ok, s=SECP_N - ok.s, v=55 - ok.v)
            elif kind == "other signer":
                b = replace(sign_ballot(KEYS[who % 8 + 1], cid, gaddr, p1.id, support, 0), voter=ADDR[who])
            else:
                b = _zero_recovering(env, p1)
            ballots.append(b)
        # independent recomputation: recover each signature over p1's EIP-712 digest here
        expect = {"for": 0, "against": 0, "abstain": 0}
        voted: set[str] = set()
        for b in ballots:
            digest_data = replace(b, chain_id=cid, governor=gaddr, proposal_id=p1.id).typed_data()
            try:
                signer = Account.recover_message(encode_typed_data(full_message=digest_data), vrs=(b.v, b.r, b.s))
            except Exception:  # noqa: BLE001
                signer = None
            low_s = b.s <= SECP_N // 2 and b.v in (27, 28)
            if (
                not low_s
                or signer is None
                or signer != b.voter
                or b.chain_id != cid
                or b.proposal_id != p1.id
                or b.voter in voted
                or POWER.get(b.voter, 0) == 0
            ):
                continue
            voted.add(b.voter)
            expect[next(k for k, v in SUPPORT.items() if v == b.support)] += POWER[b.voter]
        out = _submit(env, p1, ballots)
        assert gov.tally(p1.id) == expect
        assert out["counted"] == len(voted) and out["counted"] + len(out["rejected"]) == len(ballots)
        assert {a for a in ADDR if gov.governor.hasVoted(p1.id, a)} == voted
    finally:
        env.chain.revert(snap)
