"""scikit-learn estimators without pickle: hyper-parameters and fitted attributes, one entry each.

An `estimator` manifest (meta: {"class": "sklearn:LogisticRegression"}) has
- `params`: canonical JSON of `get_params(deep=False)`; a nested estimator (pipeline step, base
  estimator) appears there as its class name and gets its own entries under `<param>.`;
- one entry per fitted attribute (public, trailing underscore: `coef_`, `classes_`, …): arrays as
  raw little-endian bytes with dtype and shape, scalars and lists as canonical JSON, fitted
  sub-estimators (`estimators_[3].`) recursively, and sklearn's Cython trees by their state
  (node table and values).
- Anything else is hashed as its pickle, with meta {"encoding": "pickle"}: that digest is exact
  for the object but may differ across Python or library versions.
"""

from __future__ import annotations

import json
import math
import pickle
from typing import Any

from ._hashing import sha256_hex
from ._manifest import Entry, Manifest

__all__ = ["fingerprint_estimator", "is_estimator"]


def is_estimator(obj: Any) -> bool:
    """A scikit-learn-compatible estimator instance (has get_params and fit)."""
    return (not isinstance(obj, type) and callable(getattr(obj, "get_params", None))
            and callable(getattr(obj, "fit", None)))


def _cls(obj: Any) -> str:
    return f"{type(obj).__module__.split('.')[0]}:{type(obj).__qualname__}"


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
        return {"callable": f"{getattr(v, '__module__', '?')}.{getattr(v, '__qualname__', repr(v))}"}
    if hasattr(v, "get_state") and type(v).__name__ == "RandomState":
        return {"RandomState": sha256_hex(pickle.dumps(v.get_state(), protocol=4))}
    return {"repr": repr(v)}


def _json_entry(name: str, value: Any) -> Entry:
    data = json.dumps(_plain(value), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()
    return Entry(name, sha256_hex(data), len(data), {"encoding": "json"})


def _encode(value: Any, name: str, out: list[Entry]) -> None:
    from ._tensors import ndarray_entry

    if is_estimator(value):
        _walk(value, name + ".", out)
    elif type(value).__module__ == "numpy" and type(value).__name__ == "ndarray":
        if value.dtype.hasobject and any(is_estimator(x) for x in value.ravel()):
            for i, x in enumerate(value.ravel()):
                _encode(x, f"{name}[{i}]", out)
        else:
            out.append(ndarray_entry(name, value))
    elif isinstance(value, (list, tuple)) and any(_complex(x) for x in value):
        for i, x in enumerate(value):
            _encode(x, f"{name}[{i}]", out)
    elif isinstance(value, dict) and any(_complex(x) for x in value.values()):
        for k in sorted(value, key=str):
            _encode(value[k], f"{name}[{k}]", out)
    elif not _complex(value) or isinstance(value, (list, tuple, dict)):
        out.append(_json_entry(name, value))
    elif type(value).__module__.startswith("sklearn") and hasattr(value, "__getstate__"):
        state = value.__getstate__()  # e.g. sklearn.tree._tree.Tree: nodes, values, depth
        if isinstance(state, dict):
            _encode(state, name, out)
            return
        _pickle_entry(value, name, out)
    else:
        _pickle_entry(value, name, out)


def _complex(v: Any) -> bool:
    """True for values JSON cannot carry faithfully (arrays, estimators, foreign objects)."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return False
    if hasattr(v, "item") and getattr(v, "shape", None) == ():
        return False
    if isinstance(v, (list, tuple)):
        return any(_complex(x) for x in v)
    if isinstance(v, dict):
        return any(_complex(x) for x in v.values())
    return True


def _pickle_entry(value: Any, name: str, out: list[Entry]) -> None:
    data = pickle.dumps(value, protocol=4)
    out.append(Entry(name, sha256_hex(data), len(data), {"encoding": "pickle", "type": _cls(value)}))


def _walk(est: Any, prefix: str, out: list[Entry]) -> None:
    params = est.get_params(deep=False)
    out.append(Entry(**{**_json_entry(f"{prefix}params", params).__dict__,
                        "meta": {"encoding": "json", "class": _cls(est)}}))
    for key in sorted(params):
        if is_estimator(params[key]):
            _walk(params[key], f"{prefix}{key}.", out)
        elif isinstance(params[key], (list, tuple)):  # Pipeline.steps, VotingClassifier.estimators
            for i, item in enumerate(params[key]):
                sub = item[-1] if isinstance(item, tuple) and item else item
                if is_estimator(sub):
                    _walk(sub, f"{prefix}{key}[{i}].", out)
    for attr in sorted(vars(est)):
        if attr.endswith("_") and not attr.startswith("_") and not attr.endswith("__"):
            _encode(getattr(est, attr), f"{prefix}{attr}", out)


def fingerprint_estimator(est: Any) -> Manifest:
    entries: list[Entry] = []
    _walk(est, "", entries)
    fitted = any(a.endswith("_") and not a.startswith("_") for a in vars(est))
    source: dict[str, Any] = {"type": f"{type(est).__module__}.{type(est).__qualname__}"}
    try:
        import sklearn

        source["sklearn"] = sklearn.__version__
    except ImportError:  # an estimator-like object from elsewhere
        pass
    return Manifest("estimator", tuple(entries), {"class": _cls(est), "fitted": fitted}, source)
