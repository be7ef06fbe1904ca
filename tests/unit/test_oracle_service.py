"""The oracle inside `nexus up`: source specs, the round journal, the node service, and the
per-source data it serves through the SDK, the API and the CLI."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from nexus.api import create_app
from nexus.cli import app
from nexus.exceptions import OracleInputError
from nexus.node import Node
from nexus.oracle import RoundJournal, load_spec
from nexus.oracle.runner import NetworkRunner
from nexus.oracle.service import OracleService
from nexus.settings import load_settings

runner = CliRunner()


def _spec(tmp: Path, body: str) -> Path:
    p = tmp / "sources.toml"
    p.write_text(body)
    return p


@pytest.mark.parametrize(
    "body, why",
    [
        ("", "at least one [[source]]"),
        ("nodes = 4\n[[source]]\nkind = 'csv'\npath = 'x.csv'\n", "needs an id"),
        ("[[source]]\nid = 'a'\nkind = 'ftp'\n", "kind must be one of"),
        (
            "[[source]]\nid = 'a'\nkind = 'csv'\npath = 'a'\n[[source]]\nid = 'a'\nkind = 'csv'\npath = 'b'\n",
            "duplicate source id a",
        ),
        ("nodes = 3\n[[source]]\nid = 'a'\nkind = 'csv'\npath = 'a'\n", "nodes must be 4..31"),
        ("heartbeat = 'soon'\n[[source]]\nid = 'a'\nkind = 'csv'\npath = 'a'\n", "must be numbers"),
        ("[[source]\nid = 'a'", "not valid TOML"),
    ],
)
def test_bad_specs_are_one_line_errors(tmp_path: Path, body: str, why: str) -> None:
    with pytest.raises(OracleInputError, match=why.replace("[", r"\[")) as err:
        load_spec(_spec(tmp_path, body))
    assert "\n" not in str(err.value)
    with pytest.raises(OracleInputError, match="not found"):
        load_spec(tmp_path / "missing.toml")


def test_journal_skips_a_torn_line_and_prefers_accepted_records(tmp_path: Path) -> None:
    j = RoundJournal(tmp_path)
    j.append("0xFeed", {"round_id": 1, "accepted": True, "answer": 1.0})
    j.append("0xFeed", {"round_id": 2, "accepted": False, "skipped": True})
    with (tmp_path / "0xfeed.jsonl").open("a") as fh:
        fh.write('{"round_id": 2, "acc')  # a crash mid-append
    by = j.by_round("0xFEED")
    assert by[1]["accepted"] and by[2]["skipped"] and set(by) == {1, 2}
    assert j.latest("0xfeed") == {"round_id": 2, "accepted": False, "skipped": True}
    j.append("0xFeed", {"round_id": 2, "accepted": True, "answer": 2.0})
    j.append("0xFeed", {"round_id": 3, "accepted": False})
    assert j.by_round("0xfeed")[2]["answer"] == 2.0


class _Ticker(BaseHTTPRequestHandler):
    price = 101.0

    def do_GET(self) -> None:  # noqa: N802
        body = json.dumps({"data": {"price": self.price}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def ticker() -> Iterator[str]:
    srv = HTTPServer(("127.0.0.1", 0), _Ticker)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/ticker"
    srv.shutdown()
    srv.server_close()


def test_a_spec_with_real_sources_reports_and_flags_the_bad_one(nexus_home: Path, tmp_path: Path, ticker: str) -> None:
    """HTTP JSON + CSV sources from a spec; a CSV stuck far away is dropped, the answer stays honest."""
    fresh = int(time.time()) - 5  # the embedded chain's clock is the wall clock
    for name, value in (("a", 100.0), ("b", 100.5), ("c", 99.5), ("bad", 500.0)):
        (tmp_path / f"{name}.csv").write_text(f"timestamp,value\n0,1.0\n{fresh},{value}\n")
    csvs = "".join(f"[[source]]\nid = 'file-{n}'\nkind = 'csv'\npath = '{n}.csv'\n" for n in ("a", "b", "c", "bad"))
    spec = load_spec(
        _spec(
            tmp_path,
            f"feed = 'TEST/USD'\ndecimals = 6\n[[source]]\nid = 'ticker'\n"
            f"kind = 'http'\nurl = '{ticker}'\nvalue = 'data.price'\n{csvs}",
        )
    )
    with NetworkRunner(load_settings(), nodes=4, feed="ignored", spec=spec) as net:
        rec = net.round()
        assert net.network.feed.decimals == 6 and net.name == "TEST/USD"
    assert rec["accepted"] and 99.5 <= rec["answer"] <= 101.0, rec
    by = {c["source"]: c for c in rec["sources"]}
    assert set(by) == {"ticker", "file-a", "file-b", "file-c", "file-bad"}
    assert by["ticker"]["value"] == 101.0 and by["ticker"]["kept_by"] == 4
    assert by["file-bad"]["kept_by"] == 0 and "outlier" in by["file-bad"]["flags"]
    assert all(by[f"file-{n}"]["kept_by"] == 4 for n in "abc")
    assert len(rec["nodes"]) == 4 and all("file-bad" not in n["used"] for n in rec["nodes"])


def test_node_service_journals_rounds_and_serves_per_source_data(
    nexus_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXUS_ORACLE_INTERVAL", "0.2")
    settings = load_settings()
    svc = OracleService(settings)
    with Node(settings, services=[svc]) as node:
        deadline = time.monotonic() + 60
        while svc.stats["rounds"] < 3 and time.monotonic() < deadline and svc._thread and svc._thread.is_alive():
            time.sleep(0.1)
        health = svc.health()
        assert health["ok"] and health["rounds"] >= 3 and health["reports"] >= 1, health
        published = node.events.recent(["oracle.round"])
        assert published and published[-1].data["feed"] == "SIM/USD"
        client = TestClient(create_app(node))
        feeds = client.get("/oracle/feeds").json()
        assert [f["name"] for f in feeds] == ["SIM/USD"] and feeds[0]["latest_round"] >= 1
        rounds = client.get("/oracle/feeds/SIM/USD/rounds?limit=5").json()["rounds"]
        assert rounds and all(len(r["contributions"]) == 7 for r in rounds)
        assert all(0 <= c["weight"] <= 1 for r in rounds for c in r["contributions"])
        src = client.get("/oracle/feeds/SIM/USD/sources").json()
        assert len(src["sources"]) == 7 and len(src["nodes"]) == 4 and src["round_id"] >= 1
        # one of the dev feed's seven sources is faulty (settings.oracle_faulty_sources): dropped by all
        assert [c["kept_by"] for c in src["sources"]].count(0) == 1, src["sources"]
        hist = client.get("/oracle/feeds/SIM/USD/history?limit=50").json()["rounds"]
        assert len(hist) >= 3 and [h["time"] for h in hist] == sorted(h["time"] for h in hist)
        assert hist[0]["accepted"] and all(len(h["contributions"]) == 7 for h in hist)
        assert client.get("/oracle/feeds/SIM/USD/history?limit=0").status_code == 400
        assert client.get("/oracle/feeds/NOPE/sources").status_code == 404
    r = runner.invoke(app, ["oracle", "sources", "SIM/USD", "--json"])
    assert r.exit_code == 0, r.stderr
    assert {c["source"] for c in json.loads(r.stdout)["sources"]} == {f"src-{i}" for i in range(7)}


def test_service_refuses_a_bad_spec_at_start_and_cli_names_unknown_feeds(
    nexus_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXUS_ORACLE_SOURCES", str(_spec(tmp_path, "[[source]]\nid = 'a'\nkind = 'ftp'\n")))
    settings = load_settings()
    with pytest.raises(OracleInputError, match="kind must be one of"):
        Node(settings, services=[OracleService(settings)]).start()
    monkeypatch.delenv("NEXUS_ORACLE_SOURCES")
    r = runner.invoke(app, ["oracle", "sources", "NOPE"])
    assert r.exit_code != 0 and "NOPE" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_restarted_runner_reattaches_its_feed(nexus_home: Path) -> None:
    with NetworkRunner(load_settings(), nodes=4, feed="RE/USD") as net:
        first = net.feed_address
        assert net.round()["accepted"]
    with NetworkRunner(load_settings(), nodes=4, feed="RE/USD") as net:
        assert net.feed_address == first and net.network.feed.latest_round() == 1
    with NetworkRunner(load_settings(), nodes=7, feed="RE/USD") as net:  # another signer set: a new feed
        assert net.feed_address != first and net.network.feed.config()[3] == 7
