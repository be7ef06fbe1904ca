"""Opt-in interpreter tuning for a serving node (setting `api_tune_runtime`, off by default)."""

from __future__ import annotations

import gc
import sys

__all__ = ["SWITCH_INTERVAL", "tune_runtime"]

SWITCH_INTERVAL = 0.001  # seconds; CPython's default is 0.005


def tune_runtime(enabled: bool) -> bool:
    """When `enabled`, tune this whole process for serving; returns whether it did.

    Both knobs are process-wide, which is why they are opt-in: background threads (services, the
    endpoint threadpool) hand the GIL back to the event loop after 1 ms instead of 5, and the
    objects built while starting (chain state, compilers, models) are moved out of the cyclic
    collector's view (`gc.freeze`), so a full collection no longer walks them while requests wait.
    """
    if not enabled:
        return False
    sys.setswitchinterval(SWITCH_INTERVAL)
    gc.collect()
    gc.freeze()
    return True
