"""Dynamic NFTs on a running node: the HTTP routes (each answer checked against its model, standard
ERC-721 metadata JSON, the PNG behind it), the node service evolving tokens on bus events and chain
logs it knows only by name, tampered images refused, and fuzzed ids and bodies never a 500."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from apicontract import check_answer
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nexus.api import create_app
from nexus.exceptions import NFTModelError
from nexus.nft import service
from nexus.nft.contract import nft_contract
from nexus.nft.node import NFTService
from nexus.nft.store import ArtStore
from nexus.nft.verify import verify_image
from nexus.node import BlockStream, Node
from nexus.settings import load_settings

Env = tuple[Node, TestClient]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    home = tmp_path_factory.mktemp("nft-api")
    s = load_settings(home=home, nft_oracle_threshold=100.0, poll_interval=0.05)
    with Node(s, [BlockStream(0.05), NFTService(s)]) as node:
        app = create_app(node)
        yield node, TestClient(app, headers={"Authorization": f"Bearer {app.state.tokens.get()}"})


def _wait(what: str, ready: Callable[[], bool], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit  # a guard against a hung service, not a timing assertion
    while not ready():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.05)


def _ok(client: TestClient, method: str, template: str, url: str, body: Any = None) -> Any:
    r = client.request(method, url, json=body)
    assert r.status_code == 200, (url, r.text)
    check_answer(client.app, method, template, r.json())
    return r.json()


def test_mint_evolve_metadata_image_and_verify_over_http(env: Env) -> None:
    node, client = env
    assert node.nexus is not None
    holder = node.nexus.chain.accounts[1]
    minted = _ok(client, "POST", "/nft/mint", "/nft/mint", {"to": holder.lower()})
    tid = minted["token"]
    assert minted["owner"] == holder and minted["version"] == 0 and minted["traits"]["glyph"] == tid % 10
    assert client.post("/nft/mint", json={"to": holder}, headers={"Authorization": ""}).status_code == 401
    _ok(client, "GET", "/nft/{token}", f"/nft/{tid}")
    meta = _ok(client, "GET", "/nft/{token}/metadata", minted["token_uri"])
    assert {"name", "description", "image", "attributes"} <= set(meta)
    assert all(isinstance(meta[k], str) and meta[k] for k in ("name", "description", "image"))
    assert all({"trait_type", "value"} <= set(a) for a in meta["attributes"])
    assert {a["trait_type"]: a["value"] for a in meta["attributes"]}["Glyph"] == str(tid % 10)
    png = client.get(meta["image"])
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert hashlib.sha256(png.content).hexdigest() == minted["image_sha256"] == meta["properties"]["image_sha256"]
    checked = _ok(client, "GET", "/nft/{token}/verify", f"/nft/{tid}/verify")
    assert checked["matches"] and checked["ledger_image"] == minted["image_sha256"]
    step = _ok(client, "POST", "/nft/{token}/evolve", f"/nft/{tid}/evolve", {"cause": "manual", "detail": {"n": 1}})
    assert step["version"] == 1 and step["image_sha256"] != minted["image_sha256"]
    assert step["traits"]["level"] == 1 and step["traits"]["glyph"] == (tid + 1) % 10
    again = client.get(f"/nft/{tid}/image").content
    assert hashlib.sha256(again).hexdigest() == step["image_sha256"]
    rows = _ok(client, "GET", "/nft", "/nft")
    assert [r["token"] for r in rows][-1] == 0 and any(r["version"] == 1 for r in rows)
    assert client.get("/nft/99999/metadata").status_code == 404
    assert client.get(f"/nft/{2**256}").status_code == 400
    assert client.post("/nft/mint", json={"to": "0x1234"}).status_code == 400
    assert client.post(f"/nft/{tid}/evolve", json={"cause": "wish"}).status_code == 422


def test_the_node_evolves_tokens_on_events_it_knows_by_name(env: Env) -> None:
    node, client = env
    assert node.nexus is not None
    nx = node.nexus
    a = nx.chain.accounts
    t = service.mint(nx, a[2])["token"]
    c = nft_contract(nx, deploy=False)
    assert c is not None

    def version(token: int) -> int:
        return int(client.get(f"/nft/{token}").json()["version"])

    before = {r["token"]: r["version"] for r in client.get("/nft").json()}
    node.events.publish("finding", {"alert_id": "TEST-1", "tx_hash": "0x" + "11" * 32})
    _wait("a guard finding evolves every token", lambda: all(version(k) == v + 1 for k, v in before.items()))
    assert client.get(f"/nft/{t}").json()["traits"]["aura"] == "alert"
    c.interact(t, 3, sender=a[2])  # the holder acts on chain: a log the block stream hands the service
    _wait("the holder's action evolves its token", lambda: version(t) == before[t] + 2)
    assert client.get(f"/nft/{t}").json()["traits"]["actions"] == 1
    v = version(t)
    for answer in (90.0, 95.0, 110.0, 120.0):  # crosses 100 once, going up
        node.events.publish("oracle.round", {"feed": "SIM/USD", "accepted": True, "answer": answer})
    _wait("an oracle crossing evolves every token", lambda: version(t) == v + 1)
    traits = client.get(f"/nft/{t}").json()["traits"]
    assert traits["crossings"] == 1 and traits["palette"] == "gold"
    kinds = [e.data["cause"] for e in node.events.recent(["nft.evolved"])]
    assert kinds[-3:] == ["guard.finding", "holder.action", "oracle.crossing"]
    health = client.get("/health").json()
    assert "nft" in str(health)


def test_a_tampered_image_fails_verification(env: Env) -> None:
    node, client = env
    assert node.nexus is not None
    nx = node.nexus
    t = service.mint(nx, nx.chain.accounts[3])["token"]
    png = client.get(f"/nft/{t}/image").content
    assert verify_image(nx, t, png)["matches"]
    for k in (len(png) // 2, len(png) - 30):
        bad = png[:k] + bytes([png[k] ^ 0x01]) + png[k + 1 :]
        with pytest.raises(NFTModelError, match="is not the pinned"):
            verify_image(nx, t, bad)
    stored = ArtStore(nx.settings.home).image_path(hashlib.sha256(png).hexdigest())
    stored.write_bytes(png[:-1] + b"\x00")  # altered on the node's disk: refused, never served
    r = client.get(f"/nft/{t}/image")
    assert r.status_code == 422 and "altered" in r.json()["error"]
    stored.unlink()  # lost: re-rendered from the state, and it still matches the chain
    assert hashlib.sha256(client.get(f"/nft/{t}/image").content).hexdigest() == hashlib.sha256(png).hexdigest()


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
_ids = st.one_of(
    st.integers(-(2**300), 2**300).map(str),
    st.text(st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="/?#%\\"), max_size=12),
)
_bodies = st.one_of(
    _json, st.fixed_dictionaries({"cause": st.sampled_from(["manual", "x"])}, optional={"detail": _json, "to": _json})
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=_ids, body=_bodies)
def test_fuzzed_ids_and_bodies_never_break_the_api(env: Env, token: str, body: Any) -> None:
    _, client = env
    for method, url, payload in (
        ("POST", f"/nft/{token}/evolve", body),
        ("GET", f"/nft/{token}/metadata", None),
        ("POST", "/nft/mint", body),
    ):
        r = client.request(method, url, json=payload)
        assert r.status_code < 500, (method, url, payload, r.text)
        if r.status_code >= 400 and r.headers.get("content-type", "").startswith("application/json"):
            assert "error" in r.json() or "detail" in r.json()


def test_cli_mint_evolve_show_and_user_errors(env: Env, nexus_home: Path, tmp_path: Path) -> None:
    import json
    import shutil

    from typer.testing import CliRunner

    from nexus.cli import app

    shutil.copytree(env[0].settings.cache_dir / "contracts", nexus_home / "cache" / "contracts")  # compiled once
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(app, list(args))

    minted = run("nft", "mint", "--to", "1", "--json")
    assert minted.exit_code == 0, minted.output
    assert json.loads(minted.stdout)["version"] == 0
    step = run("nft", "evolve", "0", "--cause", "holder.action", "--detail", '{"why": "cli"}', "--json")
    assert step.exit_code == 0 and json.loads(step.stdout)["traits"]["actions"] == 1
    out = tmp_path / "a.png"
    shown = run("nft", "show", "0", "--image", str(out), "--json")
    assert shown.exit_code == 0 and out.read_bytes()[:4] == b"\x89PNG"
    ok = run("nft", "show", "0", "--verify", str(out))
    assert ok.exit_code == 0 and "verified" in ok.stdout
    assert json.loads(run("nft", "show", "--json").stdout)[0]["token"] == 0
    out.write_bytes(out.read_bytes()[:-1] + b"\x00")
    for args, code in (
        (("nft", "show", "0", "--verify", str(out)), 153),
        (("nft", "evolve"), 151),
        (("nft", "evolve", "0", "--detail", "[1]"), 151),
        (("nft", "evolve", "0", "--cause", "wish"), 151),
        (("nft", "show", "7"), 152),
        (("nft", "mint", "--to", "0xabc"), 151),
    ):
        r = run(*args)
        assert r.exit_code == code, (args, r.output)
        assert r.stderr.strip().startswith("error: ") and len(r.stderr.strip().splitlines()) == 1


def test_log_and_bus_rules_match_by_name_only() -> None:
    from eth_utils import keccak

    from nexus.chain.types import Log

    svc = NFTService(load_settings(nft_oracle_threshold=10.0))
    ours, other = "0x" + "aa" * 20, "0x" + "bb" * 20

    def log(sig: str, address: str, topics: tuple[bytes, ...] = (), data: bytes = b"") -> Log:
        return Log(address, (keccak(text=sig), *topics), data, 5, "0x" + "cd" * 32, 0, 3)

    resolved = svc.cause_of_log(log("Resolved(uint256,address)", other, (b"\0" * 32,), (1).to_bytes(32, "big")), ours)
    assert resolved is not None
    cause, token = resolved
    assert cause.kind == "market.resolution" and cause.detail["outcome"] == 1 and token is None
    hub = svc.cause_of_log(log("Resolved(uint256,uint256)", other, ((4).to_bytes(32, "big"),), bytes(32)), ours)
    assert hub is not None and hub[0].detail["outcome"] == 0
    act = log(
        "Interacted(uint256,address,uint256)", ours, ((9).to_bytes(32, "big"), bytes(32)), (2).to_bytes(32, "big")
    )
    got = svc.cause_of_log(act, ours)
    assert got is not None and got[0].kind == "holder.action" and got[1] == 9 and got[0].detail["action"] == 2
    assert svc.cause_of_log(act, other) is None  # another contract's Interacted is not a holder action here
    assert svc.cause_of_log(act, None) is None
    assert svc.cause_of_log(log("Transfer(address,address,uint256)", ours), ours) is None
    assert svc.cause_of_event("finding", {"alert_id": "X"}) is not None
    assert svc.cause_of_event("finding", "not a dict") is None
    rounds = [svc.cause_of_event("oracle.round", {"feed": "F", "accepted": True, "answer": v}) for v in (9, 11, 12, 8)]
    assert [c.detail["direction"] if c else None for c in rounds] == [None, "up", None, "down"]
    assert svc.cause_of_event("oracle.round", {"feed": "F", "accepted": False, "answer": 20}) is None
    assert svc.cause_of_event("oracle.round", {"feed": "F", "accepted": True, "answer": "x"}) is None
