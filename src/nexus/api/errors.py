"""The one place errors become HTTP responses, all shaped `{"error": "<reason>"}`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..exceptions import NexusError

__all__ = ["install_error_handlers", "validation_message"]

log = logging.getLogger(__name__)
_MAX_ERRORS = 5  # reasons listed in one message


async def _nexus_error(request: Request, exc: Exception) -> JSONResponse:
    """Every NexusError becomes its `http_status` and `{"error": message}`."""
    code = exc.http_status if isinstance(exc, NexusError) else 500
    headers = getattr(exc, "http_headers", None)
    return JSONResponse(status_code=code, content={"error": str(exc)}, headers=headers)


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if len(parts) > 1 and parts[0] in ("body", "query", "path", "header", "cookie"):
        return f"{parts[0]} field {'.'.join(parts[1:])!r}"
    return ".".join(parts) or "request"


def validation_message(errors: list[Any]) -> tuple[int, str]:
    """(status, one-line reason) for FastAPI's validation errors: 400 for unparseable JSON."""
    for err in errors:
        if err.get("type") == "json_invalid":
            detail = (err.get("ctx") or {}).get("error", "")
            return 400, f"the request body is not valid JSON{': ' + detail if detail else ''}"
    reasons = [f"{_where(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in errors]
    more = len(reasons) - _MAX_ERRORS
    text = "; ".join(reasons[:_MAX_ERRORS]) + (f" (and {more} more)" if more > 0 else "")
    return 422, f"invalid request: {text}"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    code, message = validation_message(list(errors))
    return JSONResponse(status_code=code, content={"error": message})


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    detail = exc.detail
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no such endpoint: {request.method} {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    return JSONResponse(
        status_code=exc.status_code, content={"error": str(detail)}, headers=getattr(exc, "headers", None)
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A bug, not a user error: log it for the operator, tell the client nothing internal."""
    log.error(
        "unhandled %s on %s %s",
        type(exc).__name__,
        request.method,
        request.url.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )  # the traceback goes to the operator's log
    return JSONResponse(status_code=500, content={"error": "internal error (see the node log)"})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NexusError, _nexus_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
