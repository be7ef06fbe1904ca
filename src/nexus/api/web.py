"""Serve the dashboard (src/nexus/web: static HTML, CSS and JS modules) at / and /ui/*."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["WEB_DIR", "mount_dashboard"]

WEB_DIR = Path(str(files("nexus") / "web"))
_NO_CACHE = {"Cache-Control": "no-cache"}  # revalidate (ETag) so an upgrade shows at once


class _Assets(StaticFiles):
    """Static files that always revalidate."""

    def file_response(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().file_response(*args, **kwargs)
        response.headers.update(_NO_CACHE)
        return response


def mount_dashboard(app: FastAPI) -> None:
    """GET / is the dashboard page; its assets live under /ui/."""
    index = WEB_DIR / "index.html"

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(index, headers=_NO_CACHE)

    app.mount("/ui", _Assets(directory=WEB_DIR), name="ui")
