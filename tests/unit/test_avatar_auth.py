"""Avatar login on the real data set: a fresh genuine sample passes; a replay, an impostor, another key,
an expired or foreign challenge, a changed commitment are refused; the chain reveals nothing of the template."""

from __future__ import annotations

import importlib.util
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from avatar_env import open_chain

if importlib.util.find_spec("sktime") is None:  # read as a file, never imported
    pytest.skip("the voice data set ships in the sktime wheel ([avatar] extra)", allow_module_level=True)

from nexus._client import Nexus  # noqa: E402
from nexus.avatar.auth import ChallengeStore, respond, verify  # noqa: E402
from nexus.avatar.contract import Avatars, avatars  # noqa: E402
from nexus.avatar.keys import sign  # noqa: E402
from nexus.avatar.model import default_encoder  # noqa: E402
from nexus.avatar.service import avatar_create, avatar_login, speaker_samples  # noqa: E402
from nexus.avatar.template import commitment, load_template, quantise, template_path  # noqa: E402
from nexus.exceptions import AvatarAuthFailed, AvatarError  # noqa: E402
from nexus.identity.service import load_key  # noqa: E402

USER, IMPOSTORS = 7, (8, 9)


@dataclass
class Env:
    nx: Nexus
    home: Path
    book: Avatars
    created: dict[str, Any]
    store: ChallengeStore

    def challenge(self, **kw: Any) -> dict[str, Any]:
        return self.store.issue(self.book, self.created["token_id"], **kw).to_json()

    def key(self) -> Any:
        return load_key(self.home, self.created["did"])


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    home = tmp_path_factory.mktemp("avatar-auth")
    with open_chain(home) as nx:
        me = nx.chain.accounts[1]
        created = avatar_create(nx, home, speaker_samples(USER, session=0, count=10), sender=me)
        book = avatars(nx)
        assert book is not None
        yield Env(nx, home, book, created, ChallengeStore())


def _fresh(speaker: int, i: int = 0) -> np.ndarray:
    return speaker_samples(speaker, session=1, count=1, offset=i)[0]


def test_a_fresh_genuine_sample_logs_in(env: Env) -> None:
    resp = respond(env.challenge(), env.key(), load_template(env.home, env.key()), _fresh(USER, 1), default_encoder())
    out = verify(env.book, env.store, resp)
    assert out["ok"] is True and out["did"] == env.created["did"] and out["soulbound"] is True
    assert avatar_login(env.nx, env.home, _fresh(USER, 2), did=env.created["did"])["ok"] is True


def test_a_replayed_response_is_refused(env: Env) -> None:
    resp = respond(env.challenge(), env.key(), load_template(env.home, env.key()), _fresh(USER, 3), default_encoder())
    verify(env.book, env.store, resp)
    with pytest.raises(AvatarAuthFailed, match="already used"):
        verify(env.book, env.store, resp)


def test_impostor_samples_are_refused_before_anything_is_signed(env: Env) -> None:
    sealed = load_template(env.home, env.key())
    refused = 0
    for who in IMPOSTORS:
        for i in range(5):
            with pytest.raises(AvatarAuthFailed, match="does not match"):
                respond(env.challenge(), env.key(), sealed, _fresh(who, i), default_encoder())
            refused += 1
    assert refused == 10
    with pytest.raises(AvatarAuthFailed):
        avatar_login(env.nx, env.home, _fresh(IMPOSTORS[0]), did=env.created["did"])


def test_another_key_signing_is_refused(env: Env) -> None:
    from nexus.identity.didkey import KeyPair

    ch = env.challenge()
    resp = respond(ch, env.key(), load_template(env.home, env.key()), _fresh(USER, 4), default_encoder())
    from nexus.avatar.auth import login_message

    thief = KeyPair.generate()
    forged = {**resp, "signature": sign(thief, login_message(ch, env.created["did"], resp["commitment"])).hex()}
    with pytest.raises(AvatarAuthFailed, match="not the avatar DID's key"):
        verify(env.book, env.store, forged)
    ch2 = env.challenge()
    as_thief = {**resp, "nonce": ch2["nonce"], "did": thief.did}
    as_thief["signature"] = sign(thief, login_message(ch2, thief.did, resp["commitment"])).hex()
    with pytest.raises(AvatarAuthFailed, match="another DID"):
        verify(env.book, env.store, as_thief)


def test_expired_foreign_and_tampered_challenges_are_refused(env: Env) -> None:
    sealed, key, enc = load_template(env.home, env.key()), env.key(), default_encoder()
    old = env.challenge(now=1000.0)
    with pytest.raises(AvatarAuthFailed, match="expired"):
        verify(env.book, env.store, respond(old, key, sealed, _fresh(USER, 5), enc), now=1000.0 + 121)
    ch = env.challenge()
    resp = respond(ch, key, sealed, _fresh(USER, 5), enc)
    with pytest.raises(AvatarAuthFailed, match="unknown or already used"):
        verify(env.book, env.store, {**resp, "nonce": "ab" * 32})
    with pytest.raises(AvatarAuthFailed, match="commitment differs"):
        verify(env.book, env.store, {**resp, "commitment": "0x" + "00" * 32})
    ch = env.challenge()  # the failed attempt burnt the nonce: even the right answer now needs a new one
    with pytest.raises(AvatarAuthFailed, match="already used"):
        verify(env.book, env.store, resp)
    other = env.store.issue(env.book, env.created["token_id"])
    with pytest.raises(AvatarAuthFailed):
        verify(env.book, env.store, {**respond(ch, key, sealed, _fresh(USER, 6), enc), "token_id": 99})
    assert other.nonce != ch["nonce"]


def test_the_chain_holds_only_a_salted_hash_of_the_template(env: Env) -> None:
    sealed = load_template(env.home, env.key())
    q = quantise(sealed.template)
    chain = env.nx.chain
    logs = chain.logs(0, None, address=env.book.address)
    public = b"".join(t for log in logs for t in log.topics) + b"".join(log.data for log in logs)
    a = env.book.get(env.created["token_id"])
    public += bytes.fromhex(a["commitment"][2:]) + a["did"].encode()
    assert q[:8] not in public and sealed.salt[:8] not in public
    assert sealed.template.astype("<f8").tobytes()[:8] not in public
    assert a["commitment"] == "0x" + commitment(sealed.template, sealed.salt).hex()
    # a different salt gives an unrelated commitment for the very same template
    c1, c2 = commitment(sealed.template, bytes(32)), commitment(sealed.template, b"\x01" + bytes(31))
    bits = np.unpackbits(np.frombuffer(c1, np.uint8) ^ np.frombuffer(c2, np.uint8)).sum()
    assert c1 != c2 and 64 <= bits <= 192
    # knowing the template without the salt does not reproduce the on-chain commitment
    assert "0x" + commitment(sealed.template, bytes(32)).hex() != a["commitment"]


def test_the_template_file_is_sealed_and_private(env: Env) -> None:
    from nexus.identity.didkey import KeyPair
    from nexus.identity.service import save_key

    path = template_path(env.home, env.created["did"])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    box = json.loads(path.read_text())
    assert set(box) == {"version", "did", "nonce", "sealed"}
    sealed = load_template(env.home, env.key())
    assert sealed.salt.hex() not in path.read_text() and f"{sealed.template[0]:.6f}"[:7] not in path.read_text()
    other = KeyPair.from_json({"curve": "Ed25519", "secret": os.urandom(32).hex()})
    save_key(env.home, other, "other")
    path_other = template_path(env.home, other.did)
    path_other.write_text(path.read_text())  # someone else's sealed file does not open with another key
    with pytest.raises(AvatarError, match="does not open"):
        load_template(env.home, other)


def _race(store: ChallengeStore, nonce: str, token: int, n: int = 8) -> tuple[int, int]:
    import threading

    won: list[int] = []
    lost: list[int] = []
    gate = threading.Barrier(n)

    def race() -> None:
        gate.wait()
        try:
            store.consume(nonce, token)
            won.append(1)
        except AvatarAuthFailed:
            lost.append(1)

    threads = [threading.Thread(target=race) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(won), len(lost)


def test_racing_a_nonce_from_many_threads_lets_exactly_one_through(env: Env) -> None:
    for _ in range(5):
        assert _race(env.store, env.challenge()["nonce"], env.created["token_id"]) == (1, 7)
