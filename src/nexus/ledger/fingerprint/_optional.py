"""Lazy imports of optional extras: a missing one becomes a one-line hint with the pip command."""

from __future__ import annotations

import importlib
from types import ModuleType

from ...exceptions import MissingExtra

__all__ = ["EXTRAS", "require"]

# import name -> (pip distribution, project extra that brings it)
EXTRAS: dict[str, tuple[str, str]] = {
    "pandas": ("pandas", "data"),
    "pyarrow": ("pyarrow", "data"),
    "pyarrow.parquet": ("pyarrow", "data"),
    "polars": ("polars", "polars"),
    "numpy": ("numpy", "data"),
    "sklearn": ("scikit-learn", "ml"),
    "torch": ("torch==2.13.0", "torch"),
}


def require(name: str, why: str) -> ModuleType:
    """Import `name` or raise MissingExtra saying what needs it and the exact install command."""
    try:
        return importlib.import_module(name)
    except ImportError:
        dist, extra = EXTRAS.get(name, (name.split(".")[0], ""))
        cmd = f"pip install 'symbiotic-nexus[{extra}]'" if extra else f"pip install {dist}"
        raise MissingExtra(f"{why} needs {dist.split('==')[0]}; run: {cmd}") from None
