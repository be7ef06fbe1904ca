"""Chain threat detection: decoded transactions, rule + ML detectors, findings, monitor, breaker."""

from __future__ import annotations

from .breaker import BreakerAction, CircuitBreaker
from .build import build_monitor, guard_dir
from .context import GuardContext
from .detectors import Detector, EnvelopeModel, default_detectors
from .findings import Finding, FindingType, Severity, Signal
from .monitor import Monitor
from .sinks import JsonlSink, LedgerSink
from .store import GuardStore
from .txview import FEATURES, TxView, decode_tx

__all__ = [
    "FEATURES",
    "BreakerAction",
    "CircuitBreaker",
    "Detector",
    "EnvelopeModel",
    "Finding",
    "FindingType",
    "GuardContext",
    "GuardStore",
    "JsonlSink",
    "LedgerSink",
    "Monitor",
    "Severity",
    "Signal",
    "TxView",
    "build_monitor",
    "decode_tx",
    "default_detectors",
    "guard_dir",
]
