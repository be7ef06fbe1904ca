"""Monitor on the sandbox: detection per scenario, no false alarm on benign traffic, the breaker,
exactly-once resume after a crash, and survival of RPC errors and failing detectors."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import ChainError, StateError
from nexus.guard import Finding, GuardStore, LedgerSink, Monitor, Severity, build_monitor
from nexus.guard.detectors import Detector
from nexus.sandbox import SCENARIOS, Sandbox, TrafficSimulator, deploy_sandbox, run_scenario

EXPECTED = {
    "flash-oracle": {"NEXUS-FLASH-PRICE-MANIPULATION", "NEXUS-PROTOCOL-DRAIN"},
    "reentrancy": {"NEXUS-REENTRANCY", "NEXUS-PROTOCOL-DRAIN"},
    "governance": {"NEXUS-GOVERNANCE-FLASH-VOTE"},
    "dormant-transfer": {"NEXUS-DORMANT-LARGE-TRANSFER"},
    "dos-burst": {"NEXUS-FAILING-TX-BURST"},
    "sandwich": {"NEXUS-SANDWICH"},
    "unprotected-admin": {"NEXUS-UNAUTHORIZED-OWNER-CHANGE"},
    "rounding-split": {"NEXUS-PROTOCOL-DRAIN"},
}
STOPPABLE = [n for n, c in SCENARIOS.items() if c.stoppable]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.getbasetemp() / "contract-cache"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Iterator[tuple[EmbeddedChain, Sandbox]]:
    chain = EmbeddedChain(tmp_path_factory.mktemp("guard") / "chain", flush_interval=1e9)
    sb = deploy_sandbox(chain, cache_dir=cache)
    TrafficSimulator(sb, seed=5, accounts=20).run(250)
    yield chain, sb
    chain.close()


@pytest.fixture
def sb(world: tuple[EmbeddedChain, Sandbox]) -> Iterator[Sandbox]:
    chain, sandbox = world
    snap = chain.snapshot()
    yield sandbox
    chain.revert(snap)


def test_no_finding_on_setup_and_benign_traffic(sb: Sandbox) -> None:
    mon = build_monitor(sb.backend, targets=sb.watch_targets(), start=sb.deployed_block)
    found = mon.poll()
    assert mon.stats["txs"] > 250 and mon.stats["detector_errors"] == 0
    assert found == []
    last = sb.backend.get_block(sb.backend.block_number())
    assert mon.last_block_features["txs"] == len(last.transactions)
    assert mon.last_block_features["failed"] == sum(not r.status for r in last.receipts)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_attack_is_detected_and_explained(sb: Sandbox, cache: Path, name: str) -> None:
    mon = build_monitor(sb.backend, targets=sb.watch_targets(), breaker=False)
    run_scenario(sb, name, cache_dir=cache)
    found = mon.poll()
    assert EXPECTED[name] <= {f.alert_id for f in found}
    for f in found:
        assert f.signals and f.roles and f.score >= f.threshold
        assert f.alert_id in f.explain()


@pytest.mark.parametrize("name", STOPPABLE)
def test_breaker_stops_multi_step_attacks_before_their_last_step(
    world: tuple[EmbeddedChain, Sandbox], cache: Path, name: str
) -> None:
    chain, sb = world
    snap = chain.snapshot()
    free = run_scenario(sb, name, cache_dir=cache)
    chain.revert(snap)
    snap = chain.snapshot()
    try:
        mon = build_monitor(chain, targets=sb.watch_targets())
        guarded = run_scenario(sb, name, cache_dir=cache, between=mon.poll)
        assert guarded.extracted < free.extracted
        assert not guarded.steps[-1]["ok"] and "paused" in str(guarded.steps[-1]["reason"])
        assert mon.breaker is not None and [a.name for a in mon.breaker.actions] == [SCENARIOS[name].target]
        assert sb[SCENARIOS[name].target].paused()  # type: ignore[index]
    finally:
        chain.revert(snap)


def test_resume_after_crash_skips_nothing_and_repeats_nothing(sb: Sandbox, tmp_path: Path, cache: Path) -> None:
    home = tmp_path / "home"
    first = sb.backend.block_number() + 1
    run_scenario(sb, "unprotected-admin", cache_dir=cache)
    TrafficSimulator(sb, seed=9, accounts=6).run(10)
    mon = build_monitor(sb.backend, targets=sb.watch_targets(), home=home, start=first, breaker=False)
    crash_at = first + 4
    real_commit = mon.store.commit_block  # type: ignore[union-attr]

    def crashing(number: int, *a: Any, **k: Any) -> Any:
        if number == crash_at:
            raise KeyboardInterrupt("power cut")
        return real_commit(number, *a, **k)

    mon.store.commit_block = crashing  # type: ignore[union-attr,method-assign]
    with pytest.raises(KeyboardInterrupt):
        mon.poll()
    mon.store.close()  # type: ignore[union-attr]
    again = build_monitor(sb.backend, targets=sb.watch_targets(), home=home, start=0, breaker=False)
    assert again.next_block == crash_at  # resumes where it stopped, not at `start`
    again.poll()
    blocks = again.store.processed_blocks()  # type: ignore[union-attr]
    assert blocks == list(range(first, sb.backend.block_number() + 1))
    lines = [json.loads(x) for x in (home / "guard" / "findings.jsonl").read_text().splitlines()]
    keys = [x["key"] for x in lines]
    assert len(keys) == len(set(keys)) and "NEXUS-UNAUTHORIZED-OWNER-CHANGE" in {x["alertId"] for x in lines}
    assert again.poll() == []  # nothing left, nothing twice
    again.store.close()  # type: ignore[union-attr]


def test_store_refuses_another_chain(tmp_path: Path) -> None:
    GuardStore(tmp_path / "g.db", chain_id=1, genesis="0xaa").close()
    with pytest.raises(StateError, match="another chain"):
        GuardStore(tmp_path / "g.db", chain_id=1, genesis="0xbb")


class _Flaky:
    """A backend proxy whose get_block fails every other call (an unreliable RPC)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.calls = inner, 0

    def get_block(self, n: int) -> Any:
        self.calls += 1
        if self.calls % 2:
            raise ChainError("connection reset")
        return self.inner.get_block(n)

    def iter_blocks(self, start: int, **kw: Any) -> Iterator[Any]:
        kw["follow"] = False
        for n in range(start, self.inner.block_number() + 1):
            yield self.get_block(n)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class _Broken(Detector):
    name, alert_id = "broken", "NEXUS-BROKEN"

    def on_tx(self, view: Any, ctx: Any) -> list[Any]:
        raise RuntimeError("bug")


def test_monitor_survives_rpc_errors_and_failing_detectors(sb: Sandbox, cache: Path) -> None:
    start = sb.backend.block_number() + 1
    run_scenario(sb, "unprotected-admin", cache_dir=cache)
    flaky = _Flaky(sb.backend)
    from nexus.guard.detectors import PrivilegeChangeRule

    mon = Monitor(flaky, [_Broken(), PrivilegeChangeRule()], start=start)  # type: ignore[arg-type]
    got: list[Any] = []
    mon.on_finding = got.append
    stop = threading.Event()
    t = threading.Thread(target=mon.run, args=(stop, 0.01, 0.02))
    t.start()
    try:
        for _ in range(500):
            if mon.next_block > sb.backend.block_number():
                break
            stop.wait(0.02)
    finally:
        stop.set()
        t.join()
    assert mon.next_block == sb.backend.block_number() + 1
    assert mon.stats["rpc_errors"] > 0 and mon.stats["detector_errors"] > 0
    assert [f.alert_id for f in got] == ["NEXUS-UNAUTHORIZED-OWNER-CHANGE"]


def test_ledger_sink_records_critical_findings_only(sb: Sandbox, cache: Path) -> None:
    seen: list[Finding] = []
    ledger: list[tuple[str, dict[str, Any]]] = []

    class Collect:
        def emit(self, finding: Finding) -> None:
            seen.append(finding)

    sink = LedgerSink(lambda kind, payload: ledger.append((kind, payload)))
    mon = build_monitor(sb.backend, targets=sb.watch_targets(), sinks=[Collect(), sink], breaker=False)
    run_scenario(sb, "dos-burst", cache_dir=cache)  # High: the first sink only
    run_scenario(sb, "unprotected-admin", cache_dir=cache)  # Critical: both
    found = mon.poll()
    assert {f.severity for f in found} == {Severity.HIGH, Severity.CRITICAL}
    assert [f.key for f in seen] == [f.key for f in found]
    assert [k for k, _ in ledger] == ["guard.finding"] * sum(f.severity == Severity.CRITICAL for f in found)
    assert all(p["severity"] == "Critical" for _, p in ledger)
