"""Verifiable Credentials: JWT (EdDSA, ES256K) issue/verify, tampering, expiry, on-chain Bitstring Status
List revocation, SD-JWT-style selective disclosure with holder binding, bundled contexts only, and the
EIP-712 AML credential a contract accepts with ecrecover."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from eth_utils import keccak
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import (
    ContractReverted,
    CredentialExpired,
    CredentialInvalid,
    CredentialRevoked,
    IdentityInputError,
)
from nexus.identity.aml import aml_args, issue_aml, verify_aml
from nexus.identity.didkey import KeyPair
from nexus.identity.sd import issue_sd_jwt, present, verify_presentation
from nexus.identity.status import bit_of, deploy_credentials
from nexus.identity.vc import credential, issue_jwt, verify_jwt

DEV0 = keccak(b"symbiotic-nexus dev account 0")  # the embedded chain's dev account 0
MODEL = "sha256:" + "ab" * 32


@pytest.fixture(scope="module")
def status(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root: Path = tmp_path_factory.mktemp("vc")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    yield deploy_credentials(chain, cache_dir=root / "build")
    chain.close()


@pytest.mark.parametrize("curve,alg", [("Ed25519", "EdDSA"), ("secp256k1", "ES256K")])
def test_jwt_issue_verify_and_tamper(curve: str, alg: str) -> None:
    issuer, holder = KeyPair.generate(curve), KeyPair.generate()
    jwt = issue_jwt(credential(issuer=issuer.did, subject=holder.did, claims={"age": 30}), issuer)
    header = json.loads(base64.urlsafe_b64decode(jwt.split(".")[0] + "=="))
    assert header["alg"] == alg and header["typ"] == "vc+jwt"
    assert verify_jwt(jwt)["credentialSubject"] == {"id": holder.did, "age": 30}
    h, p, s = jwt.split(".")
    forged = json.loads(base64.urlsafe_b64decode(p + "=="))
    forged["credentialSubject"]["age"] = 17
    p2 = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    for bad in (f"{h}.{p2}.{s}", jwt[:-3] + ("AAA" if not jwt.endswith("AAA") else "BBB"), "x.y", "", "a.b.c"):
        with pytest.raises(CredentialInvalid):
            verify_jwt(bad)
    other = KeyPair.generate(curve)  # a valid signature by someone who is not the issuer
    with pytest.raises(IdentityInputError):
        issue_jwt(credential(issuer=issuer.did, subject=None, claims={"a": 1}), other)


def test_expiry_and_not_yet_valid() -> None:
    k = KeyPair.generate()
    jwt = issue_jwt(credential(issuer=k.did, subject=None, claims={"a": 1}, valid_from=1000, valid_until=2000), k)
    assert verify_jwt(jwt, now=1500)["credentialSubject"] == {"a": 1}
    for now in (999, 2000, 10**10):
        with pytest.raises(CredentialExpired):
            verify_jwt(jwt, now=now)


def test_unbundled_context_is_refused_not_fetched() -> None:
    k = KeyPair.generate()
    cred = credential(issuer=k.did, subject=None, claims={"a": 1})
    cred["@context"].append("https://evil.example/ctx")
    with pytest.raises(CredentialInvalid, match="bundled"):
        issue_jwt(cred, k)


def test_revocation_through_the_on_chain_status_list(status) -> None:  # type: ignore[no-untyped-def]
    owner = status.backend.accounts[1]
    k = KeyPair.generate()
    entry = status.entry(owner, "employees", 4242)
    jwt = issue_jwt(credential(issuer=k.did, subject=None, claims={"role": "x"}, status=entry), k)
    assert verify_jwt(jwt, status=status)["credentialSubject"]["role"] == "x"
    with pytest.raises(CredentialInvalid):  # a status entry cannot be skipped
        verify_jwt(jwt)
    status.set("employees", 4242, True, sender=status.backend.accounts[2])  # someone else's list: no effect
    assert verify_jwt(jwt, status=status)
    status.set("employees", 4242, True, sender=owner)
    with pytest.raises(CredentialRevoked):
        verify_jwt(jwt, status=status)
    listed = status.list_credential(owner, "employees")["credentialSubject"]["encodedList"]
    assert bit_of(listed, 4242) and not bit_of(listed, 4241) and not bit_of(listed, 4243)
    status.set("employees", 4242, False, sender=owner)  # suspension lifted
    assert verify_jwt(jwt, status=status)


def test_selective_disclosure_shows_only_chosen_fields() -> None:
    issuer, holder, mallory = KeyPair.generate("secp256k1"), KeyPair.generate(), KeyPair.generate()
    sd = issue_sd_jwt(
        credential(issuer=issuer.did, subject=holder.did, claims={"age": 30, "income": 52000, "name": "Ann"}), issuer
    )
    assert "52000" not in base64.urlsafe_b64decode(sd.split(".")[1] + "==").decode()
    shown = present(sd, ["age", "name"], holder=holder, nonce="n-1", audience="verifier")
    got = verify_presentation(shown, nonce="n-1", audience="verifier")["credentialSubject"]
    assert got == {"id": holder.did, "age": 30, "name": "Ann"}
    with pytest.raises(CredentialInvalid):  # replay to another nonce
        verify_presentation(shown, nonce="n-2", audience="verifier")
    with pytest.raises(CredentialInvalid):  # a thief without the holder's key
        verify_presentation(present(sd, ["age"], holder=mallory, nonce="n"), nonce="n")
    jwt = sd.split("~")[0]
    fake = base64.urlsafe_b64encode(json.dumps(["salt", "income", 1]).encode()).rstrip(b"=").decode()
    with pytest.raises(CredentialInvalid):  # a disclosure the issuer never signed
        verify_presentation(f"{jwt}~{fake}~")
    with pytest.raises(IdentityInputError):
        present(sd, ["ssn"])


@settings(max_examples=15, deadline=None)
@given(st.sets(st.sampled_from(["a", "b", "c", "d"])))
def test_any_subset_discloses_exactly_itself(fields: set[str]) -> None:
    issuer = _ISSUER
    sd = issue_sd_jwt(
        credential(issuer=issuer.did, subject=None, claims={"a": 1, "b": "x", "c": [1], "d": None}), issuer
    )
    got = verify_presentation(present(sd, fields))["credentialSubject"]
    assert set(got) == fields


_ISSUER = KeyPair.generate()


def test_aml_credential_is_accepted_by_the_contract(status) -> None:  # type: ignore[no-untyped-def]
    chain = status.backend
    admin, subject = chain.accounts[0], chain.accounts[3]
    status.contract.setTrusted(admin, True, sender=admin)
    now = chain.timestamp()
    with pytest.raises(IdentityInputError):  # a score above the bound earns no credential
        issue_aml(
            status,
            DEV0,
            subject=subject,
            score=0.4,
            below=0.2,
            model=MODEL,
            issued_at=now,
            valid_until=now + 3600,
            index=7,
        )
    cred = issue_aml(
        status,
        DEV0,
        subject=subject,
        score=0.05,
        below=0.2,
        model=MODEL,
        issued_at=now,
        valid_until=now + 3600,
        index=7,
    )
    assert verify_aml(status, cred, max_score=0.3) == admin
    args = aml_args(cred)
    assert status.contract.checkAML(*args, 3000) == admin
    with pytest.raises(ContractReverted, match="threshold"):
        status.contract.checkAML(*args, 1000)
    status.contract.acceptAML(*args[1:], 3000, sender=subject)
    assert status.contract.accepted(subject) == 2000
    with pytest.raises(ContractReverted, match="signature|trusted"):  # someone else cannot use it
        status.contract.acceptAML(*args[1:], 3000, sender=chain.accounts[4])
    tampered = json.loads(json.dumps(cred))
    tampered["credentialSubject"]["amlScoreBelow"] = 0.1
    with pytest.raises(CredentialInvalid):
        verify_aml(status, tampered, max_score=0.3)
    with pytest.raises(ContractReverted):
        status.contract.checkAML(*aml_args(tampered), 3000)
    status.set("aml", 7, True, sender=admin)
    with pytest.raises(CredentialRevoked):
        verify_aml(status, cred, max_score=0.3)
    with pytest.raises(ContractReverted, match="revoked"):
        status.contract.checkAML(*args, 3000)
    status.set("aml", 7, False, sender=admin)
    chain.time_travel(seconds=7200)
    with pytest.raises(ContractReverted, match="expired"):
        status.contract.checkAML(*args, 3000)
    with pytest.raises(CredentialExpired):
        verify_aml(status, cred, max_score=0.3)
