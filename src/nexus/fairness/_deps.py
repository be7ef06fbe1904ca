"""Lazy imports of the `[fair]` extra: a missing package becomes a one-line install hint."""

from __future__ import annotations

import importlib
from types import ModuleType

from ..exceptions import MissingExtra

__all__ = ["require"]

_DIST = {
    "fairlearn": "fairlearn==0.15.0",
    "skops": "skops",
    "sklearn": "scikit-learn",
    "pandas": "pandas",
    "numpy": "numpy",
    "pyarrow": "pyarrow",
    "joblib": "joblib",
}


def require(name: str, why: str = "a fairness audit") -> ModuleType:
    """Import `name`, or raise MissingExtra naming `pip install 'symbiotic-nexus[fair]'`."""
    try:
        return importlib.import_module(name)
    except ImportError:
        dist = _DIST.get(name.split(".")[0], name.split(".")[0])
        raise MissingExtra(f"{why} needs {dist.split('==')[0]}; run: pip install 'symbiotic-nexus[fair]'") from None
