"""Privacy and abuse: payloads and salts only with the token; reads need it off loopback (unless
`api_public_reads`); the Host check stays on there; wrong tokens are rate-limited per client."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from nexus import fingerprint
from nexus.api import create_app
from nexus.api.app import _own_names, reads_need_token
from nexus.api.ratelimit import FailureLimiter, client_key
from nexus.ledger.lineage import Lineage
from nexus.ledger.service import LedgerService
from nexus.node import Node
from nexus.settings import load_settings

LAN = "http://10.1.2.3:8700"  # how a LAN client reaches a node bound to 0.0.0.0


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    settings = load_settings(home=tmp_path_factory.mktemp("privacy-home"), ledger_anchor=False)
    with Node(settings, services=[LedgerService(settings)]) as n:
        yield n


@pytest.fixture(scope="module")
def token(node: Node) -> str:
    return str(create_app(node).state.tokens.get())


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def app_for(
    node: Node, base_url: str = "http://testserver", client: tuple[str, int] = ("testclient", 1), **changes: Any
) -> TestClient:
    """An app over the module's started node and ledger, with other settings."""
    other = Node(node.settings.model_copy(update=changes), services=node.services)
    other.nexus = node.nexus  # share the started chain; nothing is started twice
    return TestClient(create_app(other), base_url=base_url, client=client)


@pytest.fixture(scope="module")
def records(node: Node, token: str) -> dict[str, int]:
    c = app_for(node)
    rid = c.post(
        "/ledger/records",
        json={"kind": "patient", "payload": {"name": "Ada", "hiv": True}, "key": "ada-1"},
        headers=auth(token),
    ).json()["id"]
    svc = next(s for s in node.services if isinstance(s, LedgerService))
    lin = Lineage(svc.require())
    data = lin.dataset(b"private rows", name="cohort-2026")
    model = lin.model(fingerprint(b"weights"), name="clf", run=lin.run({"name": "fit", "datasets": [data.id]}).id)
    assert c.post("/ledger/anchor", headers=auth(token)).status_code == 200
    return {"record": rid, "model": model.id}


# --- 2. payloads and salts ------------------------------------------------------------------
def test_records_without_the_token_show_public_parts_only(node: Node, token: str, records: dict[str, int]) -> None:
    c = app_for(node)
    url = f"/ledger/records/{records['record']}"
    full = c.get(url, headers=auth(token))  # first with the token: nothing may be cached for others
    anon = c.get(url)
    again = c.get(url, headers=auth(token))  # ...and the redacted answer is not served back
    assert full.json()["payload"] == {"name": "Ada", "hiv": True} and len(full.json()["salt"]) == 64
    assert again.json() == full.json()
    body = anon.json()
    assert body["payload"] is None and body["salt"] is None and body["idempotency_key"] is None
    assert body["redacted"] is True and body["erased"] is False
    for key in ("id", "kind", "time_ms", "leaf", "leaf_hash", "erased_ms"):
        assert body[key] == full.json()[key], key
    assert "Ada" not in anon.text and full.json()["salt"] not in anon.text
    assert anon.headers["cache-control"] == full.headers["cache-control"] == "no-store"
    bad = c.get(url, headers=auth("nxs_" + "0" * 43))
    assert bad.status_code == 403  # a wrong token is an error, not an anonymous read


def test_receipts_without_the_token_still_verify(node: Node, token: str, records: dict[str, int]) -> None:
    c = app_for(node)
    url = f"/ledger/records/{records['record']}/receipt"
    anon, full = c.get(url).json(), c.get(url, headers=auth(token)).json()
    assert full["record"]["salt"] and full["record"]["payload"]["name"] == "Ada"
    assert anon["record"]["salt"] is None and anon["record"]["payload"] is None
    assert anon["proof"] == full["proof"] and anon["record"]["leaf"] == full["record"]["leaf"]
    report = c.post("/ledger/verify", json=anon, headers=auth(token)).json()
    assert report["valid"], report
    content = next(c for c in report["checks"] if c["name"] == "content")
    assert content["ok"] and "not included" in content["detail"]


def test_lineage_without_the_token_hides_names_and_fingerprints(
    node: Node, token: str, records: dict[str, int]
) -> None:
    c = app_for(node)
    url = f"/ledger/lineage/{records['model']}"
    full, anon = c.get(url, headers=auth(token)).json()["graph"], c.get(url).json()["graph"]
    assert {n["name"] for n in full["nodes"]} >= {"fit", "clf"}
    assert [(n["id"], n["kind"], n["upstream"]) for n in anon["nodes"]] == [
        (n["id"], n["kind"], n["upstream"]) for n in full["nodes"]
    ]
    assert any(n["fingerprint"] for n in full["nodes"])
    for n in anon["nodes"]:
        assert n["name"] is None and n["fingerprint"] is None and n["payload"] is None
    text = str(anon)
    assert (
        "'clf'" not in text
        and "'fit'" not in text
        and all(n["fingerprint"][7:] not in text for n in full["nodes"] if n["fingerprint"])
    )


# --- 3. non-loopback binds ------------------------------------------------------------------
def test_who_needs_the_token_for_reads() -> None:
    assert not reads_need_token(None, None)  # in-process
    assert not reads_need_token(None, "http://127.0.0.1:8700")
    assert not reads_need_token(None, "http://[::1]:8700")
    assert reads_need_token(None, "http://0.0.0.0:8700")
    assert reads_need_token(None, "http://192.168.1.5:8700")
    assert not reads_need_token(True, "http://0.0.0.0:8700")  # explicit public reads
    assert reads_need_token(False, "http://127.0.0.1:8700")  # explicit private reads


def test_a_non_loopback_bind_needs_the_token_for_reads(node: Node, token: str) -> None:
    c = app_for(node, LAN, host="0.0.0.0")
    for path in ("/status", "/health", "/events/recent", "/openapi.json", "/ledger/records/0", "/blocks/0"):
        r = c.get(path)
        assert r.status_code == 401, path
        assert r.headers["www-authenticate"].startswith("Bearer") and "token" in r.json()["error"]
        assert c.get(path, headers=auth(token)).status_code == 200, path
    assert c.get("/status", headers=auth("nxs_" + "1" * 43)).status_code == 403
    assert c.get("/status", headers={"Authorization": "Basic YTpi"}).status_code == 401
    for path in ("/", "/ui/js/app.js", "/ui/js/api.js"):  # the page loads, then asks for the token
        assert c.get(path).status_code == 200, path
    assert c.post("/ledger/anchor").status_code == 401
    doc = c.get("/openapi.json", headers=auth(token)).json()
    assert all(op.get("security") == [{"apiToken": []}] for ops in doc["paths"].values() for op in ops.values())


def test_the_bound_url_counts_like_the_setting(node: Node, token: str) -> None:
    other = Node(node.settings, services=node.services)
    other.nexus, other.url = node.nexus, "http://0.0.0.0:8700"  # as `nexus up --host 0.0.0.0`
    c = TestClient(create_app(other), base_url=LAN)
    assert c.get("/status").status_code == 401
    assert c.get("/status", headers=auth(token)).status_code == 200


def test_the_host_check_stays_on_off_loopback(node: Node, token: str) -> None:
    c = app_for(node, LAN, host="0.0.0.0")
    ok = ["10.1.2.3:8700", "192.168.0.9", "[fe80::1]:8700", "localhost:8700", *_own_names()]
    for host in ok:
        r = c.get("/status", headers={**auth(token), "Host": host})
        assert r.status_code == 200, host
    for host in ("rebind.example:8700", "10.1.2.3.nip.example"):
        r = c.get("/status", headers={**auth(token), "Host": host})
        assert r.status_code == 400 and "NEXUS_API_ALLOWED_HOSTS" in r.json()["error"], host
    c = app_for(node, LAN, host="0.0.0.0", api_allowed_hosts=["nexus.lan"])
    assert c.get("/status", headers={**auth(token), "Host": "nexus.lan"}).status_code == 200


def test_public_reads_open_reads_but_never_salts(node: Node, token: str, records: dict[str, int]) -> None:
    c = app_for(node, LAN, host="0.0.0.0", api_public_reads=True)
    assert c.get("/status").status_code == 200
    rec = c.get(f"/ledger/records/{records['record']}").json()
    assert rec["salt"] is None and rec["payload"] is None and rec["redacted"]
    assert c.post("/ledger/anchor").status_code == 401  # writes always need it
    private = app_for(node, api_public_reads=False)  # and loopback can close them
    assert private.get("/status").status_code == 401
    assert private.get("/status", headers=auth(token)).status_code == 200


# --- 4. failed tokens -------------------------------------------------------------------------
def test_wrong_tokens_get_429_then_only_that_client_is_refused(node: Node, token: str) -> None:
    attacker = app_for(node, client=("203.0.113.7", 4000), api_auth_failures=3)
    other = TestClient(attacker.app, client=("198.51.100.1", 5000))
    guesses = [attacker.post("/ledger/anchor", headers=auth(f"nxs_guess{i:040d}")) for i in range(3)]
    assert [r.status_code for r in guesses] == [403, 403, 403]
    r = attacker.post("/ledger/anchor", headers=auth("nxs_guess" + "9" * 40))
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert "too many wrong API tokens" in r.json()["error"]
    assert attacker.get("/status", headers=auth(token)).status_code == 429  # even the right one
    assert attacker.get("/status").status_code == 200  # open reads without a token still work
    assert other.post("/ledger/anchor", headers=auth(token)).status_code == 200
    assert other.get("/status", headers=auth(token)).status_code == 200


def test_the_allowance_refills_and_ipv6_counts_per_64() -> None:
    now = [0.0]
    lim = FailureLimiter(6, clock=lambda: now[0])  # 6 a minute: one back every 10 s
    for _ in range(6):
        lim.failed("2001:db8::1")
    assert lim.retry_after("2001:db8::1") == 10
    assert lim.retry_after("2001:db8::ffff") == 10  # same /64
    assert lim.retry_after("2001:db8:0:1::1") == 0  # another /64
    assert lim.retry_after("::ffff:192.0.2.1") == 0 and client_key("::ffff:192.0.2.1") == "192.0.2.1"
    now[0] = 9.5
    assert lim.retry_after("2001:db8::1") == 1
    now[0] = 10.0
    assert lim.retry_after("2001:db8::1") == 0
    assert lim.failed("2001:db8::1") == 10  # that one attempt, and it is spent again


def test_the_client_table_is_bounded() -> None:
    lim = FailureLimiter(2, max_clients=100)
    for i in range(10_000):
        lim.failed(f"10.{i // 65536}.{i // 256 % 256}.{i % 256}")
    assert len(lim) == 100
    lim.failed("192.0.2.9")
    lim.failed("192.0.2.9")
    assert lim.retry_after("192.0.2.9") > 0 and len(lim) == 100
    assert lim.retry_after("10.0.0.0") == 0  # the oldest left the table


def test_tokens_are_compared_in_constant_time(node: Node, token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    c = app_for(node)
    assert c.post("/ledger/anchor", headers=auth(token + "x")).status_code == 403
    assert calls and calls[-1] == ((token + "x").encode(), token.encode())


def test_guard_answers_carry_cors_when_it_is_open(node: Node) -> None:
    c = app_for(node, api_cors_origins=["http://ok.example"])
    r = c.post("/ledger/anchor", headers={"Origin": "http://ok.example"})
    assert r.status_code == 401 and r.headers["access-control-allow-origin"] == "http://ok.example"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEXUS_API_PUBLIC_READS", "true")
    monkeypatch.setenv("NEXUS_API_AUTH_FAILURES", "5")
    s = load_settings(home=tmp_path)
    assert s.api_public_reads is True and s.api_auth_failures == 5
    monkeypatch.delenv("NEXUS_API_PUBLIC_READS")
    assert load_settings(home=tmp_path).api_public_reads is None
