"""Amounts and durations as people type them: "12.5" collateral/shares, "7d" durations."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..exceptions import MarketError
from .fixedpoint import WAD

__all__ = ["fmt_units", "parse_amount", "parse_duration"]


_MAX_EXPONENT = 59  # 10**60 units of 18 decimals are past 2**256 base units


def parse_amount(text: str, what: str = "amount", *, allow_zero: bool = False) -> int:
    """Collateral or shares in whole units ("12.5") -> integer base units (18 decimals)."""
    try:
        value = Decimal(text.replace("_", ""))
    except InvalidOperation:
        raise MarketError(f"{what} {text!r} is not a number") from None
    if not value.is_finite() or value < 0 or (value == 0 and not allow_zero):
        raise MarketError(f"{what} must be a positive number, got {text!r}")
    if value and value.adjusted() > _MAX_EXPONENT:  # int() of 1e999999999 would build a 1 GB number
        raise MarketError(f"{what} {text[:40]!r} is too large (more than a uint256 holds)")
    wei = int(value * WAD)
    if wei != value * WAD:
        raise MarketError(f"{what} {text!r} has more than 18 decimals")
    return wei


def parse_duration(text: str) -> int:
    """ "90", "30m", "12h", "7d" -> seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    t = text.strip().lower()
    try:
        value = int(t[:-1]) * units[t[-1]] if t and t[-1] in units else int(t)
    except ValueError:
        raise MarketError(f"duration {text!r} is not like 90, 30m, 12h or 7d") from None
    if value < 0:
        raise MarketError(f"duration {text!r} is negative")
    return value


def fmt_units(wei: int) -> str:
    """Base units -> whole units with up to 6 decimals ("12.5")."""
    return f"{Decimal(wei) / WAD:.6f}".rstrip("0").rstrip(".")
