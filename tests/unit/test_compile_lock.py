"""Vyper keeps module-global state while it compiles: the compiler wrapper runs one compile at a time."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from nexus.contracts import compiler


def test_concurrent_compiles_never_overlap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_vyper_compiler: None
) -> None:
    real = compiler.compile_from_file_input
    active, overlaps = [0], [0]
    lock = threading.Lock()

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        with lock:
            active[0] += 1
            overlaps[0] = max(overlaps[0], active[0])
        try:
            time.sleep(0.05)  # widen the window in which a second compile could start
            return real(*args, **kwargs)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(compiler, "compile_from_file_input", watched)
    errors: list[BaseException] = []

    def build(name: str) -> None:
        try:
            compiler.compile_contract(name, tmp_path / name)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=build, args=(n,)) for n in ("Registry", "Anchor", "Registry", "Anchor")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert overlaps[0] == 1
