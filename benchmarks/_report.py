"""Shared output for benchmark scripts: a printed table and a JSON file under benchmarks/results.

Every results file also carries the benchmark's cost (`cost`): CPU seconds, and the energy and CO₂
estimates of `nexus.ledger.energy.EnergyMeter` (codecarbon with the configured `energy_country`,
when the [energy] extra is installed), next to any gas the script passes as `gas=`. The meter starts
when a script imports this module and restarts after each `report`, so each results file is charged
for the work done since the previous one.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
_SRC = str(Path(__file__).resolve().parents[1] / "src")
_METER: Any = None


def start_meter() -> None:
    """(Re)start measuring this benchmark's cost; never fails the benchmark."""
    global _METER
    if _SRC not in sys.path:  # this checkout's nexus, as the scripts themselves use
        sys.path.insert(0, _SRC)
    try:
        from nexus.ledger.energy import EnergyMeter

        _METER = EnergyMeter().__enter__()
    except Exception as exc:  # noqa: BLE001  (a cost estimate must not break a benchmark)
        print(f"(cost not measured: {exc})")
        _METER = None


def _cost(gas: int | dict[str, int] | None) -> dict[str, Any]:
    out: dict[str, Any] = _METER.stop() if _METER is not None else {"available": False, "reason": "meter not started"}
    if isinstance(gas, dict):
        out.update(gas=sum(gas.values()), gas_by=dict(gas))
    elif gas is not None:
        out["gas"] = gas
    return out


def report(
    name: str,
    rows: list[dict[str, Any]],
    extra: dict[str, Any] | None = None,
    *,
    gas: int | dict[str, int] | None = None,
) -> Path:
    """Print `rows` as an aligned table and write them with machine facts and the run's cost
    (CPU time, energy/CO₂ estimates, `gas` if given) to results/<name>.json."""
    cost = _cost(gas)
    cols = list(rows[0])
    widths = {c: max(len(c), *(len(_fmt(r[c])) for r in rows)) for c in cols}
    print("  ".join(c.ljust(widths[c]) for c in cols))
    for r in rows:
        print("  ".join(_fmt(r[c]).ljust(widths[c]) for c in cols))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{name}.json"
    payload = {
        "benchmark": name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "rows": rows,
        **(extra or {}),
        "cost": cost,
    }
    out.write_text(json.dumps(payload, indent=2) + "\n")
    print(f"\ncost: {_fmt_cost(cost)}")
    print(f"wrote {out}")
    start_meter()
    return out


def _fmt_cost(c: dict[str, Any]) -> str:
    parts = [f"CPU {c.get('cpu_s', 0):.1f} s"]
    if c.get("available"):
        parts.append(f"≈{c['energy_kwh'] * 1000:.3g} Wh, ≈{c['co2_kg'] * 1000:.3g} g CO₂ ({c['country']}, estimate)")
    else:
        parts.append(f"energy n/a ({c.get('reason')})")
    if "gas" in c:
        parts.append(f"gas {c['gas']:,}")
    return "; ".join(parts)


def _fmt(v: Any) -> str:
    """Floats of 10 and over with one decimal; smaller ones with 4 significant digits (a Brier gap
    of 0.0043 must not print as 0.0)."""
    if not isinstance(v, float):
        return str(v)
    return f"{v:,.1f}" if abs(v) >= 10 or v == 0 else f"{v:.4g}"


start_meter()
