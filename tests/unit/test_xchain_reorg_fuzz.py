"""Hypothesis: random schedules of sends, blocks, relayer passes and reorgs shallower than the
finality depth (evm_revert on the embedded source chain). Whatever the schedule, the destination
delivers only messages of the canonical chain, each nonce once, and every canonical message once
it is final."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_utils import keccak
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from xchain_env import KEYS, Net, embedded, make_net

from nexus.xchain.endpoint import Limits, sent_messages
from nexus.xchain.journal import Journal
from nexus.xchain.relayer import Relayer

FINALITY = 3
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("send"), st.integers(0, 255)),
        st.tuples(st.just("mine"), st.integers(1, 2)),
        st.tuples(st.just("relay"), st.just(0)),
        st.tuples(st.just("reorg"), st.integers(1, FINALITY - 1)),
    ),
    min_size=3,
    max_size=14,
)


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Net]:
    root = tmp_path_factory.mktemp("xchain-fuzz")
    n = make_net(root, embedded(root, [1337, 1338]), finality=FINALITY, limits=Limits(3600, 10_000, 10_000))
    yield n
    for c in n.chains:
        c.close()


def _b32(v: object) -> bytes:
    return v if isinstance(v, bytes) else bytes.fromhex(str(v).removeprefix("0x"))


def test_reorgs_shallower_than_finality_never_deliver_an_orphan(net: Net, tmp_path: Path) -> None:
    a, b = net.eps
    runs = iter(range(10_000))

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(OPS)
    def check(ops: list[tuple[str, int]]) -> None:
        start = (a.chain.snapshot(), b.chain.snapshot())
        rel = Relayer(net.eps, net.witnesses(), Journal(tmp_path / f"j{next(runs)}.db"), finality=FINALITY)
        marks: list[tuple[int, int]] = []  # (block number, snapshot id) taken as the chain grows
        peak = a.chain.block_number()  # the highest head so far: a block final once stays final
        try:
            for op, arg in ops:
                if op == "send":
                    marks.append((a.chain.block_number(), a.chain.snapshot()))
                    a.send(1338, KEYS[0].address, bytes([arg]))
                elif op == "mine":
                    marks.append((a.chain.block_number(), a.chain.snapshot()))
                    a.chain.mine(arg)
                elif op == "relay":
                    rel.step()
                else:  # at most FINALITY-1 blocks below the highest head ever seen: never past a block
                    # that was final (successive shallow reorgs must not add up to a deep one)
                    ok = [(n, s) for n, s in marks if peak - n <= arg]
                    if ok:
                        n, sid = ok[0]
                        a.chain.revert(sid)
                        marks = [(m, s) for m, s in marks if m < n and s < sid]
                peak = max(peak, a.chain.block_number())
            canonical = {
                m.nonce: m.payload
                for m in sent_messages(a.chain, a.outbox.address, 0, a.chain.block_number(), finality=FINALITY)
            }
            delivered = {n: _b32(b.inbox.call("delivered", 1337, n)) for n in range(1, max(canonical, default=0) + 3)}
            for n, h in delivered.items():  # only canonical messages, with their canonical payload
                if h != b"\0" * 32:
                    assert n in canonical and h == keccak(canonical[n]), (n, ops)
            a.chain.mine(FINALITY)
            rel.step()
            assert int(b.inbox.call("count")) == len(canonical), ops  # all, each once
            for n, payload in canonical.items():
                assert _b32(b.inbox.call("delivered", 1337, n)) == keccak(payload)
        finally:
            rel.journal.close()
            a.chain.revert(start[0])
            b.chain.revert(start[1])

    check()
