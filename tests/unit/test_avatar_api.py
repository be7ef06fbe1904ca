"""/avatar over HTTP: mint from a commitment made on the client, challenge, verify, replay refused (401);
hypothesis-fuzzed bodies of every avatar write answer a 4xx and change nothing."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apicontract import check_answer
from avatar_env import build_cache
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

if importlib.util.find_spec("sktime") is None:
    pytest.skip("the voice data set ships in the sktime wheel ([avatar] extra)", allow_module_level=True)

from nexus.api import create_app  # noqa: E402
from nexus.avatar.auth import respond  # noqa: E402
from nexus.avatar.keys import sign  # noqa: E402
from nexus.avatar.model import default_encoder  # noqa: E402
from nexus.avatar.service import speaker_samples  # noqa: E402
from nexus.avatar.template import SealedTemplate  # noqa: E402
from nexus.identity.didkey import KeyPair  # noqa: E402
from nexus.services import build_node  # noqa: E402
from nexus.settings import load_settings  # noqa: E402

KEY = KeyPair.generate()
ENC = default_encoder()
SEALED = SealedTemplate.new(KEY.did, ENC.template(speaker_samples(8, session=0, count=10)), ENC.fingerprint())


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home: Path = tmp_path_factory.mktemp("avatar-api")
    shutil.copytree(build_cache() / "contracts", home / "cache" / "contracts")
    cfg = load_settings(home=home, ledger_anchor=False, guard=False, oracle=False, models=False)
    with build_node(cfg) as node:
        api = create_app(node)
        c = TestClient(api)
        c.headers["Authorization"] = f"Bearer {api.state.tokens.get()}"
        yield c


@pytest.fixture(scope="module")
def minted(client: TestClient) -> dict[str, Any]:
    from nexus.avatar.contract import binding_message

    empty = client.get("/avatar")
    assert empty.status_code == 200 and empty.json()["avatars"] == []
    check_answer(client.app, "GET", "/avatar", empty.json())
    # the contract's address is needed for the binding: deploy it (a first mint would), then sign locally
    node: Any = client.app.state.node  # type: ignore[attr-defined]
    from nexus.avatar.contract import avatars

    book = avatars(node.require())
    assert book is not None
    owner = node.require().chain.default_account
    msg = binding_message(book.backend.chain_id, book.address, owner, KEY.did, SEALED.commitment)
    body = {"did": KEY.did, "commitment": "0x" + SEALED.commitment.hex(), "proof": sign(KEY, msg).hex()}
    r = client.post("/avatar", json=body)
    assert r.status_code == 200, r.text
    check_answer(client.app, "POST", "/avatar", r.json())
    return dict(r.json())


def test_mint_show_and_list(client: TestClient, minted: dict[str, Any]) -> None:
    assert minted["soulbound"] is True and minted["binding_ok"] is True and minted["did"] == KEY.did
    one = client.get(f"/avatar/{minted['token_id']}")
    assert one.status_code == 200
    check_answer(client.app, "GET", "/avatar/{token_id}", one.json())
    listing = client.get("/avatar").json()
    assert [a["token_id"] for a in listing["avatars"]] == [minted["token_id"]]
    assert listing["model"]["encoder"] == ENC.fingerprint()
    assert set(listing["avatars"][0]) == {
        "token_id",
        "owner",
        "did",
        "commitment",
        "soulbound",
        "binding_ok",
        "token_uri",
    }  # of the template, nothing but its salted commitment
    assert client.get("/avatar/77").status_code == 409


def test_login_through_the_api_and_a_replay_is_401(client: TestClient, minted: dict[str, Any]) -> None:
    ch = client.post("/avatar/challenge", json={"token_id": minted["token_id"]})
    assert ch.status_code == 200, ch.text
    check_answer(client.app, "POST", "/avatar/challenge", ch.json())
    resp = respond(ch.json(), KEY, SEALED, speaker_samples(8, session=1, count=1)[0], ENC)
    ok = client.post("/avatar/verify", json=resp)
    assert ok.status_code == 200, ok.text
    check_answer(client.app, "POST", "/avatar/verify", ok.json())
    assert ok.json()["ok"] is True
    again = client.post("/avatar/verify", json=resp)
    assert again.status_code == 401 and "already used" in again.json()["error"]


_hex = st.text("0123456789abcdef", min_size=0, max_size=80)
_values = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.text(max_size=40), _hex)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    route=st.sampled_from(["/avatar", "/avatar/challenge", "/avatar/verify"]),
    body=st.dictionaries(
        st.sampled_from(["token_id", "did", "nonce", "commitment", "signature", "proof", "soulbound", "sender", "x"]),
        _values,
        max_size=6,
    ),
    use_did=st.booleans(),
)
def test_fuzzed_avatar_bodies_get_a_4xx_and_change_nothing(
    client: TestClient, minted: dict[str, Any], route: str, body: dict[str, Any], use_did: bool
) -> None:
    if use_did and "did" in body:
        body["did"] = KEY.did
    before = client.get("/avatar").json()["avatars"]
    r = client.post(route, json=body)
    assert r.status_code < 500, (route, body, r.text)
    if r.status_code >= 400:
        assert isinstance(r.json().get("error"), str)
    if route != "/avatar/challenge":  # a challenge is the one write that may succeed on a random body
        assert r.status_code >= 400, (route, body, r.text)
    assert client.get("/avatar").json()["avatars"] == before
