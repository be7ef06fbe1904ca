"""`nexus up` serves on uvicorn's own HTTP protocol and leaves the interpreter's GC and GIL
settings alone unless `api_tune_runtime` asks for the (process-wide) tuning."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from nexus.api import serve
from nexus.api.runtime import SWITCH_INTERVAL
from nexus.services import build_node
from nexus.settings import load_settings


def _serve(home: Path, monkeypatch: pytest.MonkeyPatch, **over: Any) -> tuple[uvicorn.Config, list[Any]]:
    """Run `Node.serve` with uvicorn's server loop replaced by a no-op; the config it got and the
    GC/GIL calls made on the way."""
    seen: list[uvicorn.Config] = []
    calls: list[Any] = []

    def run(server: uvicorn.Server, sockets: Any = None) -> None:
        seen.append(server.config)

    monkeypatch.setattr(uvicorn.Server, "run", run)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(sys, "setswitchinterval", lambda s: calls.append(("switchinterval", s)))
    settings = load_settings(home=home, port=0, ledger_anchor=False, guard=False, oracle=False, **over)
    urls: list[str] = []
    serve(build_node(settings), on_ready=urls.append)
    assert len(seen) == 1 and urls and urls[0].startswith("http://127.0.0.1:")
    return seen[0], calls


def test_by_default_the_plain_uvicorn_stack_serves_and_the_runtime_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings(home=tmp_path).api_tune_runtime is False
    config, calls = _serve(tmp_path, monkeypatch)
    assert config.http == "auto"  # uvicorn picks its own protocol class: nothing of ours below ASGI
    assert calls == []


def test_the_tuning_is_applied_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXUS_API_TUNE_RUNTIME", "true")
    config, calls = _serve(tmp_path, monkeypatch)
    assert config.http == "auto"
    assert calls == [("switchinterval", SWITCH_INTERVAL), "freeze"]
