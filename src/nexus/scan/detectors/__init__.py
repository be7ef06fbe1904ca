"""Every detector family; importing this package registers them all in DETECTORS."""

from . import (  # noqa: F401
    access,
    arithmetic,
    calls,
    defi,
    dos,
    ether,
    frontrun,
    gaslimit,
    misc,
    modern,
    pricerace,
    randomness,
    reentrancy,
    signatures,
    storage,
)
from .base import DETECTORS, ScanDetector, register

__all__ = ["DETECTORS", "ScanDetector", "register"]
