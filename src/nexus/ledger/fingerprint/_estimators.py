"""scikit-learn estimators without pickle: hyper-parameters and fitted state, one entry each.

An `estimator` manifest (meta: {"class": "sklearn:LogisticRegression", "fitted": true}) has
- `params`: canonical JSON of `get_params(deep=False)`; a nested estimator (pipeline step, base
  estimator) appears there as its class name and gets its own entries under `<param>.`;
- one entry per other attribute, i.e. all fitted state, public (`coef_`) or private
  (`_predictors`, `_bin_mapper`): arrays as raw little-endian bytes with dtype and shape
  (structured arrays field by field, padding skipped), scalars and lists as canonical JSON,
  sub-estimators and sklearn's own objects (Cython trees, binners) by their state, recursively;
  an object met twice is entered once and then referenced (`{"ref": name}`).
- Foreign objects (no sklearn state) are hashed as their pickle with meta {"encoding":
  "pickle"}: exact for the object, but possibly different across Python or library versions; one
  that cannot be pickled is entered by type only ({"encoding": "type-only"}).
"""

from __future__ import annotations

import json
import math
import pickle
from typing import Any

from ._hashing import sha256_hex
from ._manifest import Manifest, ManifestEntry

__all__ = ["fingerprint_estimator", "is_estimator"]

_MAX_DEPTH = 32


def is_estimator(obj: Any) -> bool:
    """A scikit-learn-compatible estimator instance (has get_params and fit)."""
    return (
        not isinstance(obj, type) and callable(getattr(obj, "get_params", None)) and callable(getattr(obj, "fit", None))
    )


def _cls(obj: Any) -> str:
    return f"{type(obj).__module__.split('.')[0]}:{type(obj).__qualname__}"


def _is_scalar(v: Any) -> bool:
    return (
        v is None or isinstance(v, (bool, int, float, str)) or (hasattr(v, "item") and getattr(v, "shape", None) == ())
    )


def _simple(v: Any) -> bool:
    """True for values canonical JSON carries faithfully."""
    if _is_scalar(v):
        return True
    if isinstance(v, (list, tuple)):
        return all(_simple(x) for x in v)
    if isinstance(v, dict):
        return all(isinstance(k, (str, int)) and _simple(x) for k, x in v.items())
    return False


def _plain(v: Any) -> Any:
    """A JSON-able, deterministic stand-in for a parameter value."""
    if isinstance(v, float):
        return v if math.isfinite(v) else {"float": repr(v)}
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if hasattr(v, "item") and getattr(v, "shape", None) == ():  # numpy scalar
        return _plain(v.item())
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}
    if is_estimator(v):
        return {"estimator": _cls(v)}
    if isinstance(v, type):
        return {"type": f"{v.__module__}.{v.__qualname__}"}
    if callable(v):
        return {"callable": f"{getattr(v, '__module__', '?')}.{getattr(v, '__qualname__', '?')}"}
    if type(v).__name__ == "RandomState" and hasattr(v, "get_state"):
        return {"RandomState": sha256_hex(pickle.dumps(v.get_state(), protocol=4))}
    return {"object": _cls(v)}


def _json_entry(name: str, value: Any, **meta: Any) -> ManifestEntry:
    data = json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return ManifestEntry(name, sha256_hex(data), len(data), {"encoding": "json", **meta})


class _Walker:
    def __init__(self) -> None:
        self.out: list[ManifestEntry] = []
        self.seen: dict[int, str] = {}
        self.keep: list[Any] = []  # holds visited objects so their ids stay unique

    def estimator(self, est: Any, prefix: str, depth: int) -> None:
        params = est.get_params(deep=False)
        self.out.append(_json_entry(f"{prefix}params", params, **{"class": _cls(est)}))
        for key in sorted(params):
            value = params[key]
            if is_estimator(value):
                self.value(value, f"{prefix}{key}", depth + 1)
            elif isinstance(value, (list, tuple)):  # Pipeline.steps, VotingClassifier.estimators
                for i, item in enumerate(value):
                    sub = item[-1] if isinstance(item, tuple) and item else item
                    if is_estimator(sub):
                        self.value(sub, f"{prefix}{key}[{i}]", depth + 1)
        for attr in sorted(vars(est)):
            if attr not in params and not attr.startswith("__"):
                self.value(getattr(est, attr), f"{prefix}{attr}", depth + 1)

    def value(self, v: Any, name: str, depth: int) -> None:
        from ._tensors import ndarray_entry

        if _simple(v):
            self.out.append(_json_entry(name, v))
            return
        if id(v) in self.seen:
            self.out.append(_json_entry(name, {"ref": self.seen[id(v)]}))
            return
        self.seen[id(v)] = name
        self.keep.append(v)
        if depth > _MAX_DEPTH:
            self.pickled(v, name)
        elif is_estimator(v):
            self.estimator(v, name + ".", depth)
        elif type(v).__module__ == "numpy" and type(v).__name__ == "ndarray":
            if v.dtype.hasobject and not all(_simple(x) for x in v.ravel()):
                self.out.append(_json_entry(name, {"object-array": list(v.shape)}))
                for i, x in enumerate(v.ravel()):
                    self.value(x, f"{name}[{i}]", depth + 1)
            else:
                self.out.append(ndarray_entry(name, v))
        elif isinstance(v, (list, tuple)):
            self.out.append(_json_entry(name, {type(v).__name__: len(v)}))
            for i, x in enumerate(v):
                self.value(x, f"{name}[{i}]", depth + 1)
        elif isinstance(v, dict):
            self.out.append(_json_entry(name, {"dict": sorted(map(str, v))}))
            for k in sorted(v, key=str):
                self.value(v[k], f"{name}[{k}]", depth + 1)
        elif type(v).__module__.startswith("sklearn") and isinstance(state := _state(v), dict):
            self.out.append(_json_entry(name, {"object": _cls(v)}))
            for k in sorted(state, key=str):
                self.value(state[k], f"{name}.{k}", depth + 1)
        else:
            self.pickled(v, name)

    def pickled(self, v: Any, name: str) -> None:
        try:
            data = pickle.dumps(v, protocol=4)
        except Exception:  # noqa: BLE001  (lambdas, handles: nothing to hash but the type)
            self.out.append(_json_entry(name, {"object": _cls(v)}, encoding="type-only"))
            return
        self.out.append(ManifestEntry(name, sha256_hex(data), len(data), {"encoding": "pickle", "type": _cls(v)}))


def _state(v: Any) -> Any:
    try:
        return v.__getstate__()
    except Exception:  # noqa: BLE001  (a foreign __getstate__ may raise anything)
        return None


def fingerprint_estimator(est: Any) -> Manifest:
    walker = _Walker()
    walker.seen[id(est)] = ""
    walker.estimator(est, "", 0)
    entries = walker.out
    fitted = any(not e.name.endswith("params") for e in entries)
    source: dict[str, Any] = {"type": f"{type(est).__module__}.{type(est).__qualname__}"}
    try:
        import sklearn

        source["sklearn"] = sklearn.__version__
    except ImportError:  # an estimator-like object from elsewhere
        pass
    return Manifest("estimator", tuple(entries), {"class": _cls(est), "fitted": fitted}, source)
