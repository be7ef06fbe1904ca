"""Every detector family; importing this package registers them all in DETECTORS."""

from . import (  # noqa: F401
    access,
    gaslimit,
    arithmetic,
    calls,
    defi,
    dos,
    ether,
    frontrun,
    misc,
    modern,
    pricerace,
    randomness,
    reentrancy,
    signatures,
)
from .base import DETECTORS, ScanDetector, register

__all__ = ["DETECTORS", "ScanDetector", "register"]
