"""`nexus fl up|join|status`: a real Flower SuperLink and SuperNodes on loopback, stopped by PID."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

pytest.importorskip("flwr")

from nexus.exceptions import FLInputError  # noqa: E402
from nexus.fl.deploy import deployment, down, join, up  # noqa: E402
from nexus.settings import load_settings  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_up_starts_a_superlink_whose_supernodes_register_and_down_stops_them(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    port = _free_port()
    try:
        dep = up(settings, nodes=1, port=port)
        assert dep["superlink"]["alive"] and [n["alive"] for n in dep["supernodes"]] == [True]
        node = join(settings, superlink=f"127.0.0.1:{port}", partition=1, partitions=2, port=_free_port())
        assert node["partition"] == 1
        logs = tmp_path / "home" / "fl" / "logs"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # each SuperNode gets an id from the SuperLink once it registers
            text = [(logs / f"supernode-{i}.log").read_text(errors="replace") for i in (0, 1)]
            if all("SuperNode ID" in t for t in text):
                break
            time.sleep(0.5)
        assert all("SuperNode ID" in t for t in text), text
        with pytest.raises(FLInputError, match="already running"):
            up(settings, nodes=0, port=port)
        pids = [dep["superlink"]["pid"], dep["supernodes"][0]["pid"], node["pid"]]
    finally:
        stopped = down(settings)["stopped"]
    assert sorted(stopped) == sorted(pids)
    assert deployment(settings) == {"superlink": None, "supernodes": []}


def test_join_refuses_anything_but_loopback(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path / "home")
    for bad in ("10.0.0.1:9092", "example.com:9092", "127.0.0.1:notaport"):
        with pytest.raises(FLInputError):
            join(settings, superlink=bad, partition=0, partitions=1)
    with pytest.raises(FLInputError):
        join(settings, superlink="127.0.0.1:9092", partition=3, partitions=2)
