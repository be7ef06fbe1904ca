"""GameItems behaves as OpenZeppelin's ERC-1155: batch balances and transfers, operators, the receiver
acceptance check, events, ERC-165; crafting burns inputs and mints the output; and after random operations
every balance and supply equals an independent recomputation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from game_env import deploy_receiver, make_world
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import ContractReverted, GameError
from nexus.game.rules import ORE, TOOL, WOOD
from nexus.game.world import GameWorld

OK_SINGLE, OK_BATCH = bytes.fromhex("f23a6e61"), bytes.fromhex("bc197c81")
IDS = [WOOD, ORE, TOOL]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmbeddedChain, GameWorld]]:
    chain, world = make_world(tmp_path_factory.mktemp("game1155"))
    yield chain, world
    chain.close()


@pytest.fixture
def fresh(env: tuple[EmbeddedChain, GameWorld]) -> Iterator[tuple[EmbeddedChain, GameWorld]]:
    chain, _ = env
    snap = chain.snapshot()
    yield env
    chain.revert(snap)


def receiver(chain: EmbeddedChain, single: bytes, batch: bytes) -> str:
    return deploy_receiver(chain, single, batch)


def test_erc165_and_uri(env: tuple[EmbeddedChain, GameWorld]) -> None:
    _, w = env
    for iid in ("01ffc9a7", "d9b67a26", "0e89341c"):
        assert w.items.supportsInterface(bytes.fromhex(iid)) is True
    assert w.items.supportsInterface(bytes.fromhex("ffffffff")) is False
    assert w.items.uri(7) == "nexus://game/items/{id}.json"
    assert w.market.supportsInterface(bytes.fromhex("4e2312e0")) is True  # ERC1155Receiver


def test_batch_transfer_balances_and_events(fresh: tuple[EmbeddedChain, GameWorld]) -> None:
    chain, w = fresh
    a, b = chain.accounts[1], chain.accounts[2]
    w.mint(a, {WOOD: 5, ORE: 3})
    assert w.items.balanceOfBatch([a, a, b], [WOOD, ORE, WOOD]) == [5, 3, 0]
    rc = w.items.transact("safeBatchTransferFrom", a, b, [WOOD, ORE], [2, 3], b"", sender=a)
    (ev,) = [e for e in w.items.decode(rc) if e.name == "TransferBatch"]
    assert ev.args == {"operator": a, "sender": a, "receiver": b, "ids": [WOOD, ORE], "amounts": [2, 3]}
    assert w.items.balanceOfBatch([a, a, b, b], [WOOD, ORE, WOOD, ORE]) == [3, 0, 2, 3]
    rc = w.items.transact("safeTransferFrom", b, a, ORE, 1, b"", sender=b)
    (ev,) = w.items.decode(rc)
    assert ev.name == "TransferSingle" and ev.args["id"] == ORE and ev.args["amount"] == 1
    with pytest.raises(ContractReverted, match="length mismatch"):
        w.items.transact("safeBatchTransferFrom", a, b, [WOOD], [1, 1], b"", sender=a)
    with pytest.raises(ContractReverted, match="length mismatch"):
        w.items.balanceOfBatch([a], [WOOD, ORE])
    with pytest.raises(ContractReverted, match="insufficient balance"):
        w.items.transact("safeBatchTransferFrom", a, b, [WOOD, WOOD], [2, 2], b"", sender=a)
    with pytest.raises(ContractReverted, match="zero address"):
        w.items.transact("safeTransferFrom", a, "0x" + "00" * 20, WOOD, 1, b"", sender=a)
    assert w.items.balanceOfBatch([a, b], [WOOD, WOOD]) == [3, 2]  # the failed transfers moved nothing


def test_operator_approval_is_needed_and_revocable(fresh: tuple[EmbeddedChain, GameWorld]) -> None:
    chain, w = fresh
    a, b, op = chain.accounts[1], chain.accounts[2], chain.accounts[3]
    w.mint(a, {WOOD: 4})
    with pytest.raises(ContractReverted, match="not owner nor approved"):
        w.items.transact("safeTransferFrom", a, b, WOOD, 1, b"", sender=op)
    rc = w.items.transact("setApprovalForAll", op, True, sender=a)
    assert w.items.decode(rc)[0].args == {"account": a, "operator": op, "approved": True}
    assert w.items.isApprovedForAll(a, op) is True and w.items.isApprovedForAll(b, op) is False
    w.items.transact("safeBatchTransferFrom", a, b, [WOOD], [3], b"", sender=op)
    with pytest.raises(ContractReverted, match="not owner nor approved"):  # approval is per owner
        w.items.transact("safeTransferFrom", b, a, WOOD, 1, b"", sender=op)
    w.items.transact("setApprovalForAll", op, False, sender=a)
    with pytest.raises(ContractReverted, match="not owner nor approved"):
        w.items.transact("safeTransferFrom", a, b, WOOD, 1, b"", sender=op)
    with pytest.raises(ContractReverted, match="invalid operator"):
        w.items.transact("setApprovalForAll", "0x" + "00" * 20, True, sender=a)
    assert w.items.balanceOfBatch([a, b], [WOOD, WOOD]) == [1, 3]


def test_a_contract_must_accept_what_it_receives(fresh: tuple[EmbeddedChain, GameWorld]) -> None:
    chain, w = fresh
    a = chain.accounts[1]
    good = receiver(chain, OK_SINGLE, OK_BATCH)
    wrong = receiver(chain, b"\x12\x34\x56\x78", b"\x12\x34\x56\x78")
    w.mint(a, {WOOD: 10, ORE: 10})
    w.items.transact("safeTransferFrom", a, good, WOOD, 2, b"hi", sender=a)
    w.items.transact("safeBatchTransferFrom", a, good, [WOOD, ORE], [1, 3], b"", sender=a)
    w.mint(good, {ORE: 1})
    assert w.items.balanceOfBatch([good, good], [WOOD, ORE]) == [3, 4]
    for target in (wrong, w.items.address, w.market.address):  # a wrong answer, no hook, a refusing hook
        with pytest.raises(ContractReverted):
            w.items.transact("safeTransferFrom", a, target, WOOD, 1, b"", sender=a)
        with pytest.raises(ContractReverted):
            w.items.transact("safeBatchTransferFrom", a, target, [WOOD], [1], b"", sender=a)
    with pytest.raises(GameError):
        w.mint(wrong, {WOOD: 1})
    assert w.items.balanceOfBatch([a, a, wrong], [WOOD, ORE, WOOD]) == [7, 7, 0]


def test_crafting_burns_inputs_and_only_the_master_mints(fresh: tuple[EmbeddedChain, GameWorld]) -> None:
    chain, w = fresh
    a = chain.accounts[1]
    assert [list(x) if isinstance(x, (list, tuple)) else x for x in w.items.recipe(0)] == [[WOOD, ORE], [2, 1], TOOL, 1]
    w.mint(a, {WOOD: 5, ORE: 3})
    with pytest.raises(GameError, match="missing recipe inputs"):
        w.craft(a, times=3)
    rc = w.craft(a, times=2)
    assert [e.name for e in w.items.decode(rc)] == ["TransferBatch", "TransferSingle", "Crafted"]
    assert w.balances(a) == {WOOD: 1, ORE: 1, TOOL: 2}
    assert [w.items.totalSupply(i) for i in IDS] == [1, 1, 2]
    with pytest.raises(ContractReverted, match="only the game master"):
        w.items.transact("mintBatch", a, [WOOD], [1], b"", sender=a)
    with pytest.raises(ContractReverted, match="only the game master"):
        w.items.transact("addRecipe", [WOOD], [1], ORE, 1, sender=a)


# --- random operations against an independent model --------------------------------------------------
ACTORS = 4  # dev accounts 1..3 and an accepting receiver contract
op = st.one_of(
    st.tuples(
        st.just("mint"), st.integers(0, 3), st.lists(st.tuples(st.sampled_from(IDS), st.integers(0, 5)), max_size=3)
    ),
    st.tuples(
        st.just("send"),
        st.integers(0, 2),
        st.integers(0, 3),
        st.integers(0, 3),
        st.sampled_from(IDS),
        st.integers(0, 4),
    ),
    st.tuples(
        st.just("batch"),
        st.integers(0, 2),
        st.integers(0, 3),
        st.integers(0, 3),
        st.lists(st.tuples(st.sampled_from(IDS), st.integers(0, 3)), min_size=1, max_size=3),
    ),
    st.tuples(st.just("approve"), st.integers(0, 2), st.integers(0, 2), st.booleans()),
    st.tuples(st.just("craft"), st.integers(0, 2), st.integers(1, 2)),
    st.tuples(st.just("burn"), st.integers(0, 2), st.integers(0, 2), st.sampled_from(IDS), st.integers(0, 3)),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=10))
def test_random_operations_match_an_independent_recomputation(env: tuple[EmbeddedChain, GameWorld], ops: list) -> None:  # type: ignore[type-arg]
    chain, w = env
    snap = chain.snapshot()
    try:
        who = [*chain.accounts[1:4], _good_receiver(chain)]
        bal = {(x, i): 0 for x in who for i in IDS}
        appr: set[tuple[str, str]] = set()
        for o in ops:
            kind = o[0]
            if kind == "mint":
                to, pairs = who[o[1]], o[2]
                w.items.transact("mintBatch", to, [p[0] for p in pairs], [p[1] for p in pairs], b"", sender=w.master)
                for i, n in pairs:
                    bal[to, i] += n
                continue
            if kind == "approve":
                owner, oper = who[o[1]], who[o[2]]
                w.items.transact("setApprovalForAll", oper, o[3], sender=owner)
                (appr.add if o[3] else appr.discard)((owner, oper))
                continue
            if kind == "craft":
                a, t = who[o[1]], o[2]
                ok = bal[a, WOOD] >= 2 * t and bal[a, ORE] >= t
                _expect(ok, w.items.transact, "craft", 0, t, sender=a)
                if ok:
                    bal[a, WOOD] -= 2 * t
                    bal[a, ORE] -= t
                    bal[a, TOOL] += t
                continue
            operator = who[o[1]]
            frm = who[o[2]]
            allowed = operator == frm or (frm, operator) in appr
            if kind == "burn":
                pairs, to = [(o[3], o[4])], None
            elif kind == "send":
                pairs, to = [(o[4], o[5])], who[o[3]]
            else:
                pairs, to = o[4], who[o[3]]
            trial = dict(bal)
            ok = allowed
            for i, n in pairs:
                ok = ok and trial[frm, i] >= n
                if ok:
                    trial[frm, i] -= n
                    if to is not None:
                        trial[to, i] += n
            ids, amounts = [p[0] for p in pairs], [p[1] for p in pairs]
            if kind == "burn":
                _expect(ok, w.items.transact, "burnBatch", frm, ids, amounts, sender=operator)
            elif kind == "send":
                _expect(ok, w.items.transact, "safeTransferFrom", frm, to, ids[0], amounts[0], b"", sender=operator)
            else:
                _expect(ok, w.items.transact, "safeBatchTransferFrom", frm, to, ids, amounts, b"", sender=operator)
            if ok:
                bal = trial
        keys = list(bal)
        assert w.items.balanceOfBatch([k[0] for k in keys], [k[1] for k in keys]) == [bal[k] for k in keys]
        for i in IDS:
            assert w.items.totalSupply(i) == sum(n for (x, j), n in bal.items() if j == i)
    finally:
        chain.revert(snap)


_receivers: dict[int, str] = {}


def _good_receiver(chain: EmbeddedChain) -> str:
    if id(chain) not in _receivers:  # deployed once, before any snapshot, so reverts keep it
        raise AssertionError("receiver not deployed")
    return _receivers[id(chain)]


@pytest.fixture(scope="module", autouse=True)
def _deploy_receiver(env: tuple[EmbeddedChain, GameWorld]) -> None:
    _receivers[id(env[0])] = receiver(env[0], OK_SINGLE, OK_BATCH)


def _expect(ok: bool, send, *args, **kw) -> None:  # type: ignore[no-untyped-def]
    if ok:
        send(*args, **kw)
    else:
        with pytest.raises(ContractReverted):
            send(*args, **kw)
