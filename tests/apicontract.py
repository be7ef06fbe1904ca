"""Check an API answer against the response model its route declares (shared by the API contract
test and each capability's own API tests, which hold the data some routes need)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, get_args

from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter

from nexus.api.schemas import undocumented

__all__ = ["api_routes", "check_answer", "check_route", "has_model"]


def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    for r in routes:
        if isinstance(r, APIRoute):
            yield r
        elif (inner := getattr(r, "original_router", None)) is not None:  # FastAPI keeps includes nested
            yield from api_routes(inner.routes)


def has_model(tp: Any) -> bool:
    """Whether a response type is (or holds) a Pydantic model, not a bare dict or list."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return True
    return any(has_model(a) for a in get_args(tp))


def check_route(route: APIRoute, body: Any, where: str) -> Any:
    """Validate `body` against the route's model: valid, nothing undeclared, nothing altered."""
    assert has_model(route.response_model), f"{where}: no response model"
    adapter: TypeAdapter[Any] = TypeAdapter(route.response_model)
    value = adapter.validate_python(body)
    assert undocumented(value) == [], f"{where}: fields missing from its model"
    again = adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=route.response_model_exclude_unset)
    assert again == body, f"{where}: the model changes the answer"
    return value


def check_answer(app: Any, method: str, template: str, body: Any) -> Any:
    """`check_route` for the route `METHOD template` (the path as /openapi.json writes it)."""
    for r in api_routes(app.routes):
        if method in (r.methods or ()) and r.path.replace(":path}", "}") == template:
            return check_route(r, body, f"{method} {template}")
    raise AssertionError(f"no route {method} {template}")
