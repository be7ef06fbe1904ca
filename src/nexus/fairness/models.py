"""Audited models: fitted scikit-learn estimators stored with skops (safe) or joblib/pickle (trusted).

skops (`.skops`) is the default and the only format the API accepts: loading it builds objects
from a schema and refuses any type not on skops' trusted list (sklearn, numpy, scipy) unless the
caller names it. A pickle or joblib file (`.pkl`, `.pickle`, `.joblib`) runs arbitrary code while
it loads, so it is refused unless the caller says it trusts the file (`trust_pickle=True`, CLI
`--trust-pickle`): do that only for a file you produced yourself.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..exceptions import ModelLoadError
from ._deps import require

__all__ = ["PICKLE_SUFFIXES", "SKOPS_SUFFIX", "load_model", "save_model"]

SKOPS_SUFFIX = ".skops"
PICKLE_SUFFIXES = (".pkl", ".pickle", ".joblib")


def save_model(model: Any, path: str | Path) -> Path:
    """Write a fitted estimator as `.skops` (or joblib for a pickle suffix); returns the path."""
    p = Path(path)
    if p.suffix.lower() in PICKLE_SUFFIXES:
        require("joblib").dump(model, p)
    else:
        require("skops.io", "saving a model").dump(model, p)
    return p


def _check(model: Any, path: Path) -> Any:
    if not callable(getattr(model, "predict", None)):
        raise ModelLoadError(f"{path}: holds a {type(model).__name__}, not an estimator with predict()")
    return model


def load_model(path: str | Path, *, trust_pickle: bool = False, trusted: Sequence[str] = ()) -> Any:
    """A fitted estimator from `path`. skops files load only trusted types (plus `trusted`);
    pickle/joblib files load only with `trust_pickle` (they can run code). One ModelLoadError
    for a missing, corrupt or refused file."""
    p = Path(path)
    if not p.is_file():
        raise ModelLoadError(f"{p}: no such model file")
    suffix = p.suffix.lower()
    if suffix in PICKLE_SUFFIXES:
        if not trust_pickle:
            raise ModelLoadError(
                f"{p}: a pickle/joblib file runs code when loaded; save the model with"
                " skops, or pass --trust-pickle for a file you made yourself"
            )
        try:
            return _check(require("joblib").load(p), p)
        except ModelLoadError:
            raise
        except Exception as exc:  # noqa: BLE001 - unpickling fails in many ways
            raise ModelLoadError(f"{p}: corrupt model file ({type(exc).__name__})") from None
    if suffix != SKOPS_SUFFIX:
        raise ModelLoadError(
            f"{p}: unknown model format {suffix or '(none)'}; use .skops "
            f"(or {'/'.join(PICKLE_SUFFIXES)} with --trust-pickle)"
        )
    sio = require("skops.io", "loading a model")
    try:
        untrusted = [t for t in sio.get_untrusted_types(file=p) if t not in trusted]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ModelLoadError(f"{p}: corrupt model file ({type(exc).__name__})") from None
    if untrusted:
        raise ModelLoadError(f"{p}: refuses to load untrusted types: {', '.join(untrusted[:5])}")
    try:
        model = sio.load(p, trusted=list(trusted) or None)
    except Exception as exc:  # noqa: BLE001 - a damaged schema fails in many ways
        raise ModelLoadError(f"{p}: corrupt model file ({type(exc).__name__})") from None
    return _check(model, p)
