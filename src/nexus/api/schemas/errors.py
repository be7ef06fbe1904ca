"""The one error shape, `{"error": "<reason>"}`, documented on every operation of /openapi.json."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import Schema

__all__ = ["ErrorBody", "document_errors"]

_FASTAPI_ERRORS = ("HTTPValidationError", "ValidationError")  # a shape this API never sends


class ErrorBody(Schema):
    error: str = Field(description="why, in one line")


def document_errors(doc: dict[str, Any]) -> dict[str, Any]:
    """Every error response of every operation in `doc` (an OpenAPI document) as ErrorBody:
    FastAPI's own 422 shape replaced (errors.py answers `{"error": ...}`), and a `default`
    response for the rest (400, 404, 409, 500, 503, ...)."""
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for name in _FASTAPI_ERRORS:
        schemas.pop(name, None)
    schemas["ErrorBody"] = ErrorBody.model_json_schema()
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for ops in doc.get("paths", {}).values():
        for op in ops.values():
            responses = op.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = {"description": "invalid request (parameters or body)", "content": body}
            for code, resp in responses.items():
                if not code.startswith("2") and "content" not in resp:
                    resp["content"] = body
            responses.setdefault("default", {"description": "an error", "content": body})
    return doc
