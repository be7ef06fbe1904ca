"""The base of every response model, and the drift check that keeps them honest.

Models accept fields they do not declare (`extra="allow"`) and pass them through, so a service
that grows a field never turns a read into a 500. A field no model declares is undocumented in
/openapi.json, though: `undocumented()` lists such fields in a validated answer, and the contract
test (tests/unit/test_api_contract.py) asks it to find none. Models whose extra fields are the
point (a service's own health report) say so with `open_ended = True`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

__all__ = ["Schema", "undocumented"]


class Schema(BaseModel):
    """A response body: documented fields, undeclared ones passed through (see the module)."""

    model_config = ConfigDict(extra="allow")
    open_ended: ClassVar[bool] = False


def undocumented(value: Any, where: str = "$") -> list[str]:
    """JSON paths of fields that a closed model in `value` (a validated answer) did not declare."""
    out: list[str] = []
    if isinstance(value, BaseModel):
        if not getattr(value, "open_ended", False):
            out += [f"{where}.{k}" for k in value.model_extra or {}]
        for name in type(value).model_fields:
            out += undocumented(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            out += undocumented(v, f"{where}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            out += undocumented(v, f"{where}.{k}")
    return out
