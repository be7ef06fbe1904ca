"""Screen a compute job's output so raw rows cannot come back: no frame or array of ≥ `max_rows`
rows, no string longer than `max_string`, and no ≥ `min_match` output values that are values of a
row-identifying input column (one whose values are mostly distinct)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..exceptions import ComputeRejected

__all__ = ["Screen", "screen_output"]


@dataclass(frozen=True)
class Screen:
    max_rows: int = 100  # frames, arrays and lists shorter than this
    min_match: int = 5  # this many input values in the output: refused
    max_string: int = 256
    distinct: float = 0.5  # a column whose distinct share is above this identifies rows


def _leaves(value: Any, screen: Screen, path: str = "$") -> Iterator[Any]:
    if isinstance(value, dict):
        if "__frame__" in value:
            raise ComputeRejected(f"the job returned a frame/array at {path}: only aggregates may leave")
        if "__object__" in value:
            raise ComputeRejected(f"the job returned a {value['__object__']} object at {path}")
        if len(value) >= screen.max_rows:
            raise ComputeRejected(f"the job returned a mapping of {len(value)} entries at {path}")
        for k, v in value.items():
            yield k
            yield from _leaves(v, screen, f"{path}.{k}")
    elif isinstance(value, list):
        if len(value) >= screen.max_rows:
            raise ComputeRejected(f"the job returned {len(value)} values at {path} (≥ {screen.max_rows}: rows?)")
        for i, v in enumerate(value):
            yield from _leaves(v, screen, f"{path}[{i}]")
    else:
        if isinstance(value, str) and len(value) > screen.max_string:
            raise ComputeRejected(f"the job returned a {len(value)}-character string at {path}")
        yield value


def screen_output(raw: bytes, data: Any, screen: Screen | None = None) -> Any:
    """The job's result if it passes; ComputeRejected (naming the rule, never the data) otherwise."""
    screen = screen or Screen()
    try:
        payload = json.loads(raw)
    except ValueError:
        raise ComputeRejected("the job's output is not one JSON document (did the algorithm write to it?)") from None
    if not isinstance(payload, dict) or set(payload) - {"ok", "result", "error"}:
        raise ComputeRejected("the job's output is not a result envelope")
    if not payload.get("ok"):
        raise ComputeRejected(f"the algorithm failed: {str(payload.get('error'))[:80]}")
    result = payload.get("result")
    leaves = [v for v in _leaves(result, screen) if v is not None and not isinstance(v, bool)]
    if len(leaves) >= screen.min_match:
        _match_rows(leaves, data, screen)
    return result


def _match_rows(leaves: list[Any], data: Any, screen: Screen) -> None:

    nums = {float(v) for v in leaves if isinstance(v, (int, float))}
    strs = {v for v in leaves if isinstance(v, str)}
    for col in data.columns:
        series = data[col]
        probe = strs if series.dtype == object or str(series.dtype).startswith(("str", "string")) else nums
        if len(probe) < screen.min_match:
            continue
        hits = series[series.isin(list(probe))]
        if hits.nunique() < screen.min_match:
            continue
        if series.nunique() > screen.distinct * max(len(series), 1):
            raise ComputeRejected(f"the job's output holds {hits.nunique()} values of input column {col!r}: raw rows")
