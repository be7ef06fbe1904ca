"""Real daily weather (vega-datasets' Seattle 2012-2015, bundled in the package, no download) seen
through several simulated stations with disagreement and faults, combined by the oracle's
per-source scoring (`SourceMonitor`) into one reading per variable and day.

The ground-truth loss event of a day is "damaging weather": a snow day, or at least 20 mm of rain,
or wind of at least 6 m/s with at least 8 mm of rain (the recorded values, not the stations').
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from ..exceptions import OracleInputError
from .scoring import SourceMonitor
from .sources import Reading

__all__ = ["VARIABLES", "Day", "StationDay", "combine", "is_event", "load_seattle", "station_readings"]

VARIABLES = ("precipitation", "wind", "temp_max", "temp_min")
DAY_S = 86_400


@dataclass(frozen=True, slots=True)
class Day:
    """One recorded day."""

    day: date
    precipitation: float
    wind: float
    temp_max: float
    temp_min: float
    weather: str

    @property
    def year(self) -> int:
        return self.day.year


def is_event(d: Day) -> bool:
    """The ground-truth loss label (see the module docstring)."""
    return d.weather == "snow" or d.precipitation >= 20 or (d.wind >= 6 and d.precipitation >= 8)


def load_seattle() -> list[Day]:
    """The 1,461 days of Seattle weather that `vega_datasets` ships locally (extra `oracle-data`)."""
    try:
        from vega_datasets import data
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise OracleInputError("the real weather series needs vega_datasets: pip install 'nexus[oracle-data]'") from exc
    df = data.seattle_weather()
    return [
        Day(r.date.date(), float(r.precipitation), float(r.wind), float(r.temp_max), float(r.temp_min), str(r.weather))
        for r in df.itertuples(index=False)
    ]


@dataclass(frozen=True)
class StationDay:
    """What the stations sent for one day: variable -> station -> value (None = offline)."""

    day: Day
    readings: dict[str, dict[str, float | None]] = field(default_factory=dict)


def _truth(d: Day, var: str) -> float:
    return float(getattr(d, var))


def station_readings(days: list[Day], *, stations: int = 5, seed: int = 0, faulty: bool = True) -> list[StationDay]:
    """Each station measures the truth with its own bias and noise. With `faulty`: station 3 gets
    stuck for a stretch of each year, station 4 is manipulated to report calm weather on wet days
    of the second half of the series, and station 2 is offline now and then."""
    if stations < 4:
        raise OracleInputError("use at least 4 stations (one may be faulty)")
    rng = random.Random(seed)
    bias = [rng.uniform(-0.05, 0.05) for _ in range(stations)]
    out: list[StationDay] = []
    stuck: dict[str, float] = {}
    half = len(days) // 2
    for i, d in enumerate(days):
        per: dict[str, dict[str, float | None]] = {}
        for var in VARIABLES:
            t, vals = _truth(d, var), {}
            for s in range(stations):
                sid = f"station-{s}"
                v = t * (1 + bias[s]) + rng.gauss(0, 0.08 * abs(t) + 0.15)
                if var in ("precipitation", "wind"):
                    v = max(0.0, v)
                if faulty and s == 3 and 120 <= d.day.timetuple().tm_yday < 180:
                    v = stuck.setdefault(f"{d.year}:{var}", v)
                elif faulty and s == 4 and i >= half and var == "precipitation" and t > 5:
                    v = 0.0
                vals[sid] = None if faulty and s == 2 and rng.random() < 0.05 else round(v, 3)
            per[var] = vals
        out.append(StationDay(d, per))
    return out


def combine(series: list[StationDay]) -> tuple[list[dict[str, float]], dict[str, int]]:
    """One value per variable and day from the stations, through one `SourceMonitor` per variable
    (robust peer scoring, learned per-source models, clamped to the honest range); and how often
    each station was dropped, across variables."""
    monitors = {v: SourceMonitor(max_age=2 * DAY_S, abs_floor=1.0) for v in VARIABLES}
    dropped: dict[str, int] = {}
    out = []
    for i, sd in enumerate(series):
        now = float(i * DAY_S)
        row: dict[str, float] = {}
        for var in VARIABLES:
            readings = {sid: None if v is None else Reading(sid, v, now) for sid, v in sd.readings[var].items()}
            a = monitors[var].assess(readings, now)
            row[var] = a.value if a.value is not None and math.isfinite(a.value) else 0.0
            for s in a.scores:
                if not s.kept:
                    dropped[s.source] = dropped.get(s.source, 0) + 1
        out.append(row)
    return out, dropped
