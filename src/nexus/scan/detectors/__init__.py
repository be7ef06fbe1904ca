"""Every detector family; importing this package registers them all in DETECTORS."""

from . import access, arithmetic, calls, defi, dos, ether, frontrun, misc, modern, randomness, reentrancy  # noqa: F401
from .base import DETECTORS, ScanDetector, register

__all__ = ["DETECTORS", "ScanDetector", "register"]
