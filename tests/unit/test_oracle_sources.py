"""Every data source passes one conformance suite; per-source scoring flags faulty sources."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import OracleInputError
from nexus.oracle import (
    CsvSource,
    Fault,
    HttpJsonSource,
    MarketWorld,
    OnChainSource,
    SimulatedSource,
    Source,
    SourceError,
    SourceMonitor,
    Storm,
    WeatherStation,
    WeatherWorld,
    deploy_contract,
)
from nexus.oracle.sources import Reading

PRICE = {"value": 2000.5}


@pytest.fixture(scope="module")
def http_url() -> Iterator[str]:
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:
            body = (
                b"not json"
                if self.path == "/bad"
                else json.dumps({"data": {"price": PRICE["value"], "ts": 1_700_000_000}}).encode()
            )
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedChain]:
    c = EmbeddedChain(tmp_path_factory.mktemp("src") / "chain", flush_interval=3600)
    yield c
    c.close()


def _csv(tmp: Path) -> Path:
    p = tmp / "prices.csv"
    p.write_text("timestamp,value\n100,1999.0\n200,2000.5\n300,2100\n")
    return p


def _twap(chain: EmbeddedChain, tmp: Path) -> OnChainSource:
    c = deploy_contract(chain, "TwapFeed", 2000 * 10**18, cache_dir=tmp / "cache")
    chain.mine(1, seconds=600)
    c.update(2001 * 10**18)
    chain.mine(1, seconds=600)
    return OnChainSource("twap", chain, c.address, "consult(uint256)", (900,))


FACTORIES: dict[str, Callable[..., Source]] = {
    "http": lambda url, chain, tmp: HttpJsonSource("http", url + "/p", "data.price", timestamp_path="data.ts"),
    "csv": lambda url, chain, tmp: CsvSource("csv", _csv(tmp)),
    "onchain": lambda url, chain, tmp: _twap(chain, tmp),
    "simulated": lambda url, chain, tmp: SimulatedSource("sim", MarketWorld().price),
    "weather": lambda url, chain, tmp: WeatherStation("st", WeatherWorld(), "A"),
}


@pytest.mark.parametrize("kind", sorted(FACTORIES))
def test_source_conformance(kind: str, http_url: str, chain: EmbeddedChain, tmp_path: Path) -> None:
    src = FACTORIES[kind](http_url, chain, tmp_path)
    r = src.read(250.0)
    assert isinstance(r, Reading) and r.source == src.id and isinstance(r.value, float) and r.value == r.value
    assert r.value > 0 and r.timestamp > 0
    assert src.id in repr(src) and src.kind != "abstract"


def test_source_values(http_url: str, chain: EmbeddedChain, tmp_path: Path) -> None:
    assert FACTORIES["http"](http_url, chain, tmp_path).read(0).value == 2000.5
    assert FACTORIES["csv"](http_url, chain, tmp_path).read(250).value == 2000.5
    twap = FACTORIES["onchain"](http_url, chain, tmp_path).read(0).value
    assert 2000.0 < twap < 2001.0  # 300 s at 2000 and 600 s at 2001 -> 2000.67


def test_source_failures_are_one_line_source_errors(http_url: str, tmp_path: Path) -> None:
    cases = [
        HttpJsonSource("h", http_url + "/bad", "x"),
        HttpJsonSource("h", "http://127.0.0.1:9/", "x", timeout=0.5),
        HttpJsonSource("h", http_url, "missing.path"),
        CsvSource("c", tmp_path / "none.csv"),
        CsvSource("c", _csv(tmp_path)),
        SimulatedSource("s", lambda t: 1.0, fault=Fault("offline")),
    ]
    for src, now in zip(cases, [0, 0, 0, 0, 50, 0]):
        with pytest.raises(SourceError) as err:
            src.read(now)
        assert "\n" not in str(err.value) and src.id in str(err.value)
    with pytest.raises(OracleInputError, match="loopback"):
        HttpJsonSource("h", "http://example.com/x", "v")
    with pytest.raises(OracleInputError, match="unknown fault"):
        Fault("melted")


def _run(monitor: SourceMonitor, sources: list[Source], times: range) -> dict[str, tuple[str, ...]]:
    flagged: dict[str, tuple[str, ...]] = {}
    for t in times:
        readings: dict[str, Reading | None] = {}
        for s in sources:
            try:
                readings[s.id] = s.read(float(t))
            except SourceError:
                readings[s.id] = None
        flagged = monitor.assess(readings, float(t)).flagged
    return flagged


def test_scoring_flags_stuck_manipulated_stale_offline_and_keeps_honest() -> None:
    world = WeatherWorld((Storm("A", peak=30_000),))
    honest = [WeatherStation(f"ok{i}", world, "A", seed=i) for i in range(4)]
    bad = [
        WeatherStation("stuck", world, "A", fault=Fault("stuck", 12_000)),
        WeatherStation("manip", world, "A", fault=Fault("manipulated", 15_000, 3.0)),
        WeatherStation("stale", world, "A", fault=Fault("stale", 12_000)),
        WeatherStation("off", world, "A", fault=Fault("offline", 12_000)),
    ]
    flags = _run(SourceMonitor(), honest + bad, range(0, 24_001, 600))
    assert "stuck" in flags["stuck"] and "manipulated" in flags["manip"]
    assert flags["stale"] == ("stale",) and flags["off"] == ("offline",)
    assert not any(s.id in flags for s in honest)


def test_scoring_flags_drift_and_spikes_from_the_learned_baseline() -> None:
    world = MarketWorld()
    honest = [SimulatedSource(f"ok{i}", world.price, seed=i) for i in range(5)]
    drift = SimulatedSource("drift", world.price, fault=Fault("drift", 12_000, 200.0))
    spike = SimulatedSource("spike", world.price, fault=Fault("spike", 12_000, 0.3))
    mon = SourceMonitor()
    seen: dict[str, set[str]] = {"drift": set(), "spike": set()}
    for t in range(0, 20_000, 300):
        readings = {s.id: s.read(float(t)) for s in [*honest, drift, spike]}
        for sid, f in mon.assess(readings, float(t)).flagged.items():
            if sid in seen:
                seen[sid].update(f)
    assert "drift" in seen["drift"] or "manipulated" in seen["drift"]
    assert "spike" in seen["spike"]


@settings(max_examples=60, deadline=None)
@given(honest=st.lists(st.floats(1.0, 1e6), min_size=3, max_size=9), data=st.data())
def test_property_value_stays_in_the_honest_range_with_at_most_t_faulty(
    honest: list[float], data: st.DataObject
) -> None:
    total_max = 12
    t_max = min((len(honest) + total_max - 1) // 3, total_max - len(honest))
    faulty = data.draw(st.lists(st.floats(-1e9, 1e9), max_size=max(0, t_max)))
    # the guarantee: at most floor((A-1)/3) faulty of A readings
    while len(faulty) > (len(honest) + len(faulty) - 1) // 3:
        faulty.pop()
    mon = SourceMonitor()
    readings = {f"h{i}": Reading(f"h{i}", v, 0.0) for i, v in enumerate(honest)}
    readings |= {f"f{i}": Reading(f"f{i}", v, 0.0) for i, v in enumerate(faulty)}
    a = mon.assess(readings, 0.0)
    assert a.value is not None and min(honest) <= a.value <= max(honest)
    assert 0.0 <= a.confidence <= 1.0
