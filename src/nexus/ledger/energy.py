"""Energy and cost accounting: CPU time always, an energy and CO₂ *estimate* when codecarbon is installed.

`EnergyMeter` wraps a block of work (a training run, a benchmark). It measures the process's CPU
time (user + system, children included) with the standard library, and, when the optional
`[energy]` extra (codecarbon) is installed and `settings.energy_tracking` is on, runs codecarbon's
`OfflineEmissionsTracker` with the country named by `settings.energy_country` — always explicit,
never codecarbon's own default — so the grid carbon intensity is a documented choice.

The figures are estimates. On a machine without power counters (no Intel RAPL, no power gadget,
as on most VMs) codecarbon multiplies a CPU's TDP by its load and charges RAM a constant power;
the result records which method codecarbon used (`method`) and whether real counters were read
(`power_counters`). codecarbon writes no file and calls no API here: every output (file, API,
logger, Prometheus, Logfire) is switched off, its multi-run lock file is not taken, and its output
folder is pointed inside the node home.

The result, a plain dict (`EnergyMeter.result`):

    {"cpu_s": 1.23, "wall_s": 1.5, "estimate": true, "available": true, "country": "USA",
     "energy_kwh": 3.1e-06, "co2_kg": 1.2e-06, "carbon_intensity_g_per_kwh": 369.5,
     "power_counters": false, "method": {"cpu": "cpu_load", "cpu_model": ..., "cpu_tdp_w": ..., "ram": "constant"},
     "source": "codecarbon 3.3.2 OfflineEmissionsTracker"}

Without codecarbon: `available` false, `energy_kwh`/`co2_kg` null, and `reason` says why.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any, Self

from ..exceptions import ConfigError
from ..settings import Settings, load_settings

__all__ = ["ESTIMATE_NOTE", "EnergyMeter", "cpu_seconds"]

log = logging.getLogger(__name__)
ESTIMATE_NOTE = (
    "estimates: codecarbon models power from CPU TDP × load and a constant RAM power when the machine"
    " has no power counters; CO₂ uses the configured country's average grid intensity"
)
_COUNTER_MODES = frozenset({"intel_rapl", "intel_power_gadget", "windows_emi", "apple_powermetrics"})


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its waited-for children."""
    t = os.times()  # children only: os.times ticks are too coarse for the process itself
    return time.process_time() + t.children_user + t.children_system


def _codecarbon() -> Any:
    """The codecarbon module, or None when the [energy] extra is not installed."""
    try:
        import codecarbon  # noqa: PLC0415  (optional dependency)
    except ImportError:
        return None
    return codecarbon


class EnergyMeter:
    """`with EnergyMeter(settings) as m: ...`; afterwards `m.result` (see the module docstring)."""

    def __init__(self, settings: Settings | None = None, *, country: str | None = None) -> None:
        self._settings = settings or load_settings()
        self.country = (country or self._settings.energy_country).upper()
        self.result: dict[str, Any] = {}
        self._tracker: Any = None
        self._reason: str | None = None

    def __enter__(self) -> Self:
        self._cpu0, self._wall0 = cpu_seconds(), time.perf_counter()
        self._tracker = self._start_tracker()
        return self

    def __exit__(self, *exc: object) -> None:
        self.result = self.stop()

    def stop(self) -> dict[str, Any]:
        """Stop measuring and return the result (also kept as `self.result`)."""
        out: dict[str, Any] = {
            "cpu_s": round(cpu_seconds() - self._cpu0, 6),
            "wall_s": round(time.perf_counter() - self._wall0, 6),
            "estimate": True,
            "country": self.country,
            "energy_kwh": None,
            "co2_kg": None,
        }
        tracker, self._tracker = self._tracker, None
        data = _stop(tracker) if tracker is not None else None
        if data is None:
            reason = self._reason or "codecarbon returned no measurement"
            out.update(available=False, reason=reason)
        else:
            out.update(available=True, **_figures(tracker, data), note=ESTIMATE_NOTE)
        self.result = out
        return out

    # --- codecarbon ----------------------------------------------------------------------------
    def _start_tracker(self) -> Any:
        if not self._settings.energy_tracking:
            self._reason = "energy tracking is off (settings.energy_tracking)"
            return None
        cc = _codecarbon()
        if cc is None:
            self._reason = "codecarbon is not installed (pip install 'symbiotic-nexus[energy]')"
            return None
        _check_country(self.country)
        folder = self._settings.home / "energy"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        logging.getLogger("codecarbon").setLevel(logging.ERROR)
        try:
            tracker = cc.OfflineEmissionsTracker(
                country_iso_code=self.country,
                output_dir=str(folder),
                save_to_file=False,
                save_to_api=False,
                save_to_logger=False,
                save_to_prometheus=False,
                save_to_logfire=False,
                allow_multiple_runs=True,  # no lock file in /tmp
                tracking_mode="process",
                log_level="error",
                project_name="nexus",
            )
            tracker.start()
        except Exception as exc:  # noqa: BLE001  (an estimate must never break the run it measures)
            self._reason = f"codecarbon failed to start: {type(exc).__name__}: {exc}"[:300]
            log.warning("%s", self._reason)
            return None
        return tracker


def _check_country(code: str) -> None:
    """An ISO 3166-1 alpha-3 code codecarbon has grid data for (else it would fall back silently)."""
    try:
        from codecarbon.input import DataSource  # noqa: PLC0415

        known = DataSource().get_global_energy_mix_data()
    except Exception:  # noqa: BLE001  (data layout changed: let codecarbon judge)
        return
    if code not in known:
        raise ConfigError(f"energy_country {code!r} is not a country codecarbon knows (ISO 3166-1 alpha-3, e.g. USA)")


def _stop(tracker: Any) -> Any:
    try:
        tracker.stop()
    except Exception:  # noqa: BLE001
        log.warning("codecarbon failed to stop", exc_info=True)
        return None
    return getattr(tracker, "final_emissions_data", None)


def _figures(tracker: Any, data: Any) -> dict[str, Any]:
    """Energy, CO₂ and the method codecarbon used, from its final EmissionsData and hardware list."""
    method: dict[str, Any] = {}
    for hw in getattr(tracker, "_hardware", []) or []:
        kind = type(hw).__name__.lower()
        if kind == "cpu":
            method.update(cpu=getattr(hw, "_mode", None), cpu_model=getattr(hw, "_model", None))
            method["cpu_tdp_w"] = getattr(hw, "_tdp", None)
        elif kind == "ram":
            method["ram"] = "constant"
        elif kind == "gpu":
            method["gpu"] = "nvml"
    energy = float(getattr(data, "energy_consumed", 0.0) or 0.0)
    co2 = float(getattr(data, "emissions", 0.0) or 0.0)
    cc = _codecarbon()
    return {
        "energy_kwh": energy,
        "co2_kg": co2,
        "carbon_intensity_g_per_kwh": round(co2 * 1000 / energy, 3) if energy > 0 else None,
        "power_counters": method.get("cpu") in _COUNTER_MODES,
        "method": method,
        "source": f"codecarbon {getattr(cc, '__version__', '?')} OfflineEmissionsTracker",
    }
