"""Simulated worlds (a market price, regional weather) and sources with configurable faults."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from eth_utils import keccak

from ..exceptions import OracleInputError
from .sources import Reading, Source, SourceError

__all__ = [
    "FAULT_KINDS",
    "Fault",
    "MarketWorld",
    "SimulatedSource",
    "Storm",
    "WeatherStation",
    "WeatherWorld",
    "severity_index",
]

FAULT_KINDS = ("none", "stuck", "stale", "drift", "spike", "manipulated", "offline")


def _unit(*parts: object) -> float:
    """A deterministic pseudo-random number in [-1, 1) from its arguments."""
    h = keccak(":".join(str(p) for p in parts).encode())
    return int.from_bytes(h[:8], "big") / 2**63 - 1.0


@dataclass(frozen=True)
class Fault:
    """What goes wrong with a source from time `start` on.

    stuck: repeats its value at `start` with fresh timestamps; stale: stops updating (old
    timestamp); drift: adds `magnitude` per hour; spike: now and then jumps by `magnitude`
    (relative); manipulated: reports `magnitude`; offline: does not answer.
    """

    kind: str = "none"
    start: float = 0.0
    magnitude: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise OracleInputError(f"unknown fault {self.kind!r}; choose from {', '.join(FAULT_KINDS)}")


class SimulatedSource(Source):
    """A source that reads `truth(t)` with small relative noise, then applies its fault."""

    kind = "simulated"

    def __init__(
        self,
        id: str,
        truth: Callable[[float], float],
        *,
        noise: float = 0.002,
        fault: Fault | None = None,
        seed: int = 0,
    ) -> None:
        super().__init__(id)
        self.truth, self.noise, self.fault, self.seed = truth, noise, fault or Fault(), seed

    def clean(self, t: float) -> float:
        """What an honest copy of this source would say at `t`."""
        return self.truth(t) * (1 + self.noise * _unit(self.seed, self.id, round(t, 3)))

    def _read(self, now: float) -> Reading:
        f = self.fault
        if f.kind == "none" or now < f.start:
            return Reading(self.id, self.clean(now), now)
        if f.kind == "offline":
            raise SourceError(f"source {self.id}: offline")
        if f.kind == "stuck":
            return Reading(self.id, self.clean(f.start), now)
        if f.kind == "stale":
            return Reading(self.id, self.clean(f.start), f.start)
        if f.kind == "drift":
            return Reading(self.id, self.clean(now) + f.magnitude * (now - f.start) / 3600, now)
        if f.kind == "spike":
            jump = f.magnitude if _unit(self.seed, self.id, "spike", round(now)) > 0.3 else 0.0
            return Reading(self.id, self.clean(now) * (1 + jump), now)
        return Reading(self.id, f.magnitude, now)  # manipulated


@dataclass(frozen=True)
class MarketWorld:
    """A smooth deterministic price path around `base`."""

    base: float = 2000.0
    seed: int = 0

    def price(self, t: float) -> float:
        a, b = 1 + 0.3 * _unit(self.seed, "a"), 1 + 0.3 * _unit(self.seed, "b")
        return self.base * (1 + 0.04 * math.sin(t / (900 * a)) + 0.015 * math.sin(t / (130 * b)))


@dataclass(frozen=True)
class Storm:
    """A storm over `region` peaking at `peak` (seconds) with these rainfall and wind peaks."""

    region: str
    peak: float
    rain_mm_h: float = 90.0
    wind_m_s: float = 38.0
    width_s: float = 3 * 3600.0


def severity_index(rain_mm_h: float, wind_m_s: float) -> float:
    """0..100: 60 % weight on rainfall (80 mm/h = full), 40 % on wind (35 m/s = full)."""
    return max(0.0, min(100.0, 100 * (0.6 * rain_mm_h / 80 + 0.4 * wind_m_s / 35)))


@dataclass(frozen=True)
class WeatherWorld:
    """Calm background weather per region plus Gaussian-shaped storms."""

    storms: tuple[Storm, ...] = ()
    seed: int = 0
    calm_rain: float = 2.0
    calm_wind: float = 5.0

    def rain(self, region: str, t: float) -> float:
        return self.calm_rain * (1 + 0.3 * math.sin(t / 1800)) + sum(
            s.rain_mm_h * math.exp(-(((t - s.peak) / s.width_s) ** 2)) for s in self.storms if s.region == region
        )

    def wind(self, region: str, t: float) -> float:
        return self.calm_wind * (1 + 0.2 * math.sin(t / 2400)) + sum(
            s.wind_m_s * math.exp(-(((t - s.peak) / s.width_s) ** 2)) for s in self.storms if s.region == region
        )

    def severity(self, region: str, t: float) -> float:
        return severity_index(self.rain(region, t), self.wind(region, t))


class WeatherStation(SimulatedSource):
    """A station measuring rainfall and wind in one region; its value is the severity index."""

    def __init__(
        self,
        id: str,
        world: WeatherWorld,
        region: str,
        *,
        noise: float = 0.01,
        fault: Fault | None = None,
        seed: int = 0,
    ) -> None:
        self.world, self.region = world, region
        super().__init__(id, lambda t: world.severity(region, t), noise=noise, fault=fault, seed=seed)

    def clean(self, t: float) -> float:
        rain = self.world.rain(self.region, t) * (1 + self.noise * _unit(self.seed, self.id, "r", round(t, 3)))
        wind = self.world.wind(self.region, t) * (1 + self.noise * _unit(self.seed, self.id, "w", round(t, 3)))
        return severity_index(rain, wind)
