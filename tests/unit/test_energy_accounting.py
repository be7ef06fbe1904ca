"""Energy and cost accounting: a training run's lineage record carries CPU time, the energy and CO₂
estimates (codecarbon, with the configured country) and its gas; without codecarbon CPU time stays."""

from __future__ import annotations

import builtins
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from nexus.exceptions import ConfigError, LineageError
from nexus.ledger import open_ledger
from nexus.ledger.energy import EnergyMeter
from nexus.ledger.lineage import training_run
from nexus.settings import Settings, load_settings

HAVE_CC = importlib.util.find_spec("codecarbon") is not None
BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _burn(n: int = 300_000) -> int:
    return sum(i * i for i in range(n))


@pytest.fixture
def ledger(nexus_home: Path):  # type: ignore[no-untyped-def]
    with open_ledger() as led:
        yield led


@pytest.fixture
def no_codecarbon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `import codecarbon` fail as it does without the [energy] extra."""
    real = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "codecarbon" or name.startswith("codecarbon."):
            raise ImportError("No module named 'codecarbon'")
        return real(name, *args, **kwargs)

    for mod in [m for m in sys.modules if m == "codecarbon" or m.startswith("codecarbon.")]:
        monkeypatch.delitem(sys.modules, mod)
    monkeypatch.setattr(builtins, "__import__", fake)


@pytest.mark.skipif(not HAVE_CC, reason="needs the [energy] extra")
def test_run_record_carries_cpu_energy_co2_country_method_and_gas(ledger: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXUS_ENERGY_COUNTRY", "DEU")
    with training_run("energy", ledger=ledger) as run:
        _burn()
        run.log_gas(21_000)
        run.log_gas(type("Receipt", (), {"gas_used": 50_000})(), label="anchor")
        run.log_gas(4_000)
    cost = run.record.payload["cost"]  # type: ignore[union-attr]
    assert cost["available"] is True and cost["estimate"] is True
    assert cost["country"] == "DEU"  # the explicit setting, not codecarbon's guess
    assert cost["cpu_s"] > 0 and cost["energy_kwh"] > 0 and cost["co2_kg"] > 0
    # DEU's grid intensity as codecarbon's offline data has it: the CO₂ was priced with that country
    from codecarbon.input import DataSource

    intensity = DataSource().get_global_energy_mix_data()["DEU"]["carbon_intensity"]
    assert cost["carbon_intensity_g_per_kwh"] == pytest.approx(intensity, rel=1e-3)
    assert cost["method"]["cpu"] and cost["power_counters"] in (True, False)
    assert cost["gas"] == 75_000 and cost["gas_by"] == {"transactions": 25_000, "anchor": 50_000}
    assert "estimate" in cost["note"]


@pytest.mark.skipif(not HAVE_CC, reason="needs the [energy] extra")
def test_codecarbon_writes_nothing_outside_the_home(
    nexus_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    before = {p for p in Path("/tmp").glob(".codecarbon*")}
    with EnergyMeter() as m:
        _burn(50_000)
    assert m.result["available"] is True
    assert list(cwd.iterdir()) == []  # no emissions.csv in the working directory
    assert {p for p in Path("/tmp").glob(".codecarbon*")} == before  # no lock file
    assert [p for p in tmp_path.rglob("*") if p.is_file() and nexus_home not in p.parents] == []


def test_country_is_explicit_and_checked(nexus_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings.model_fields["energy_country"].default == "USA"
    monkeypatch.setenv("NEXUS_ENERGY_COUNTRY", "germany")
    with pytest.raises(ConfigError, match="energy_country"):
        load_settings()
    if HAVE_CC:  # a well-formed code codecarbon has no data for would be priced silently: refused
        with pytest.raises(ConfigError, match="QQQ"):
            EnergyMeter(load_settings(energy_country="QQQ")).__enter__()


def test_without_codecarbon_cpu_time_is_still_recorded(ledger: Any, no_codecarbon: None) -> None:
    with training_run("no-cc", ledger=ledger) as run:
        _burn()
        run.log_gas(30_000)
    cost = run.record.payload["cost"]  # type: ignore[union-attr]
    assert cost["cpu_s"] > 0 and cost["gas"] == 30_000
    assert cost["available"] is False and cost["energy_kwh"] is None and cost["co2_kg"] is None
    assert "not installed" in cost["reason"]


def test_tracking_switched_off_and_failed_runs_still_costed(ledger: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXUS_ENERGY_TRACKING", "false")
    with pytest.raises(RuntimeError), training_run("boom", ledger=ledger) as run:
        _burn(50_000)
        raise RuntimeError("diverged")
    p = run.record.payload  # type: ignore[union-attr]
    assert p["status"] == "failed" and p["cost"]["cpu_s"] > 0
    assert p["cost"]["available"] is False and "energy_tracking" in p["cost"]["reason"]


def test_log_gas_refuses_nonsense(ledger: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXUS_ENERGY_TRACKING", "false")
    with training_run("gas", ledger=ledger) as run:
        for bad in (-1, "21000", True, object()):
            with pytest.raises(LineageError):
                run.log_gas(bad)
    assert run.record.payload["cost"]["gas"] == 0  # type: ignore[union-attr]


def test_benchmark_report_carries_cost(
    nexus_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_codecarbon: None
) -> None:
    monkeypatch.syspath_prepend(str(BENCH.parent))
    from benchmarks import _report

    monkeypatch.setattr(_report, "RESULTS", tmp_path)
    _report.start_meter()
    _burn(50_000)
    out = _report.report("demo", [{"a": 1}], gas={"deploy": 100})
    data = json.loads(out.read_text())
    assert data["cost"]["cpu_s"] > 0 and data["cost"]["available"] is False
    assert data["cost"]["gas"] == 100
