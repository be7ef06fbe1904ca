"""Fuzzing the identity parsers: any DID, JWT, SD-JWT presentation or status entry either parses or
raises one error of the project's tree (never a bare ValueError, KeyError or a crash)."""

from __future__ import annotations

import base64

from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.exceptions import NexusError
from nexus.identity import KeyPair, credential, issue_jwt, parse_did_key, resolve, verify_jwt
from nexus.identity.registry import parse_ethr_did
from nexus.identity.sd import issue_sd_jwt, verify_presentation

KEY = KeyPair.generate()
JWT = issue_jwt(credential(issuer=KEY.did, subject=None, claims={"a": 1}), KEY)
SD = issue_sd_jwt(credential(issuer=KEY.did, subject=None, claims={"a": 1, "b": 2}), KEY)
text = st.text(alphabet=st.characters(codec="ascii"), max_size=120)


def _only_ours(fn, value) -> None:  # type: ignore[no-untyped-def]
    try:
        fn(value)
    except NexusError:
        pass


@settings(max_examples=150, deadline=None)
@given(st.one_of(text, st.builds(lambda s: "did:key:z" + s, text), st.builds(lambda s: "did:ethr:" + s, text)))
def test_dids(value: str) -> None:
    _only_ours(parse_did_key, value)
    _only_ours(parse_ethr_did, value)
    _only_ours(resolve, value)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(JWT) - 1), st.sampled_from("A_-.~x{}=0"), st.booleans())
def test_mutated_jwts_never_verify(pos: int, ch: str, drop: bool) -> None:
    token = JWT[:pos] + ("" if drop else ch) + JWT[pos + 1 :]
    try:
        verify_jwt(token)
    except NexusError:
        return
    # it verified: then the edit changed no decoded byte (base64url's unused trailing bits)
    assert [_b64d(p) for p in token.split(".")] == [_b64d(p) for p in JWT.split(".")]


def _b64d(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(text, st.sampled_from(SD.split("~")[1:-1])), max_size=4))
def test_presentations_with_foreign_disclosures(parts: list[str]) -> None:
    _only_ours(verify_presentation, SD.split("~")[0] + "~" + "".join(p + "~" for p in parts))
