"""Verified compute jobs: the sandbox (no network, rlimits, temp cwd) and the ComputeJobs contract
(k-of-n agreement, mismatch challenge decided by re-execution, spot checks catch colluding lazy workers)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from nexus.aiaas.jobs import JobBoard, JobSpec, deploy_jobs, execute, work
from nexus.aiaas.sandbox import Limits, network_isolation, run_sandboxed
from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import ContractReverted, SandboxError

ETH = 10**18
SPEC = JobSpec("def f(n, m):\n    return sum(i * i % m for i in range(n))\n", "f", [2000, 97])
ISOLATIONS = ["audit-hook"] + (["namespace"] if network_isolation() == "namespace" else [])


@pytest.mark.parametrize("isolation", ISOLATIONS)
def test_sandbox_blocks_network_and_enforces_limits(isolation: str) -> None:
    net = "import socket\ndef f():\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n    return 1\n"
    with pytest.raises(SandboxError):
        run_sandboxed(net, "f", [], isolation=isolation)
    with pytest.raises(SandboxError):
        run_sandboxed(
            "def f():\n    while True:\n        pass\n",
            "f",
            [],
            Limits(cpu_seconds=1, wall_seconds=20),
            isolation=isolation,
        )
    with pytest.raises(SandboxError, match="MemoryError"):
        run_sandboxed(
            "def f():\n    return len(bytearray(1 << 31))\n", "f", [], Limits(memory_bytes=1 << 29), isolation=isolation
        )
    cwd = run_sandboxed(
        "import os\ndef f():\n    open('x', 'w').write('1')\n    return os.getcwd()\n", "f", [], isolation=isolation
    )
    assert "nexus-job-" in cwd and not Path(cwd).exists()
    assert run_sandboxed(SPEC.source, "f", SPEC.args, isolation=isolation) == sum(i * i % 97 for i in range(2000))


@dataclass
class World:
    chain: EmbeddedChain
    board: JobBoard
    a: list[str]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("jobs")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    yield World(chain, deploy_jobs(chain, cache_dir=root / "cache"), chain.accounts)
    chain.close()


@pytest.fixture
def w(world: World) -> Iterator[World]:
    snap = world.chain.snapshot()
    yield world
    world.chain.revert(snap)


def _job(w: World, k: int = 2, n: int = 3) -> int:
    return w.board.submit(
        SPEC,
        price=ETH // 10,
        k=k,
        n=n,
        deadline=w.chain.timestamp() + 600,
        bond=ETH // 100,
        window=300,
        arbiter=w.a[9],
        sender=w.a[1],
    )


def test_k_matching_results_settle_after_the_window(w: World) -> None:
    jid = _job(w)
    good = execute(SPEC)[1]
    for worker in w.a[2:4]:
        w.board.post(jid, work(SPEC), sender=worker)
    info = w.board.info(jid)
    assert (info.state, info.result) == ("agreed", good)
    with pytest.raises(ContractReverted):
        w.board.finalize(jid, sender=w.a[1])
    w.chain.mine(seconds=301)
    w.board.finalize(jid, sender=w.a[1])
    assert [w.board.credit(x) for x in w.a[2:4]] == [ETH // 20 + ETH // 100] * 2


def test_a_mismatch_is_decided_by_re_execution(w: World) -> None:
    jid = _job(w)
    w.board.post(jid, work(SPEC), sender=w.a[2])
    w.board.post(jid, work(SPEC, "wrong", random.Random(1)), sender=w.a[3])
    assert w.board.info(jid).state == "challenged"
    with pytest.raises(ContractReverted):  # only the arbiter decides
        w.board.decide(jid, execute(SPEC)[1], sender=w.a[1])
    assert w.board.arbitrate(jid, SPEC, w.a[9]) == "settled"
    assert w.board.credit(w.a[2]) == ETH // 10 + ETH // 100  # the whole price and the bond back
    assert w.board.credit(w.a[3]) == 0
    assert w.board.credit(w.a[9]) == ETH // 200 and w.board.credit(w.a[1]) == ETH // 200


def test_colluding_lazy_workers_are_caught_only_by_spot_checks(w: World) -> None:
    jid = _job(w, k=2, n=2)
    for worker in w.a[2:4]:
        w.board.post(jid, work(SPEC, "lazy"), sender=worker)
    assert w.board.info(jid).state == "agreed"  # they agree with each other
    assert w.board.arbitrate(jid, SPEC, w.a[9], spot_rate=1.0) == "settled"
    info = w.board.info(jid)
    assert info.result == execute(SPEC)[1] and w.board.credit(w.a[1]) == ETH // 10 + ETH // 100
    assert w.board.credit(w.a[2]) == 0


def test_short_of_workers_refunds_after_the_deadline(w: World) -> None:
    jid = _job(w)
    w.board.post(jid, work(SPEC), sender=w.a[2])
    with pytest.raises(ContractReverted):
        w.board.refund(jid, sender=w.a[1])
    w.chain.mine(seconds=601)
    with pytest.raises(ContractReverted):
        w.board.post(jid, work(SPEC), sender=w.a[3])
    w.board.refund(jid, sender=w.a[1])
    assert w.board.credit(w.a[1]) == ETH // 10 and w.board.credit(w.a[2]) == ETH // 100
