"""DIDs: did:key against the spec's published test vectors (multibase base58btc, multicodec varints),
and the ERC-1056-style registry: free identities, owner changes, delegates with expiry, attributes,
resolution by walking the linked change events."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.chain.embedded import EmbeddedChain
from nexus.exceptions import IdentityError, IdentityInputError
from nexus.identity import KeyPair, deploy_did_registry, did_key_document, parse_did_key, resolve
from nexus.identity._multibase import b58decode, b58encode, multibase_decode, varint

# From the did:key spec's test vectors (w3c-ccg/did-method-key, test-vectors/ed25519-x25519.json and
# secp256k1.json): the DID and the `x` of its publicKeyJwk.
ED25519_VECTORS = {
    "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp": "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik",
}
SECP256K1_VECTORS = {
    "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme": "h0wVx_2iDlOcblulc8E5iEw1EYh5n1RYtLQfeSTyNc0",
}
OTHER_SPEC_DIDS = [
    "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG",
    "did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf",
    "did:key:zQ3shtxV1FrJfhqE1dvxYRcCknWNjHc3c5X1y3ZSoPDi2aur2",
    "did:key:zQ3shZc2QzApp2oymGvQbzP8eKheVshBHbU4ZYjeXqwSKEn6N",
]


def test_multicodec_varints_are_the_spec_prefixes() -> None:
    assert varint(0xED) == bytes([0xED, 0x01])
    assert varint(0xE7) == bytes([0xE7, 0x01])
    assert multibase_decode("z" + b58encode(bytes([0xED, 0x01]) + b"\1" * 32)) == (0xED, b"\1" * 32)


@pytest.mark.parametrize("vectors,codec,kty", [(ED25519_VECTORS, 0xED, "OKP"), (SECP256K1_VECTORS, 0xE7, "EC")])
def test_did_key_matches_the_published_vectors(vectors: dict[str, str], codec: int, kty: str) -> None:
    for did, x in vectors.items():
        got_codec, key = parse_did_key(did)
        assert got_codec == codec
        doc = did_key_document(did)
        vm = doc["verificationMethod"][0]
        assert vm["publicKeyJwk"]["kty"] == kty and vm["publicKeyJwk"]["x"] == x
        assert vm["id"] == did + "#" + did[len("did:key:") :] and vm["publicKeyMultibase"] == did[8:]
        assert doc["assertionMethod"] == [vm["id"]]


@pytest.mark.parametrize("did", OTHER_SPEC_DIDS)
def test_other_spec_dids_parse_and_reencode(did: str) -> None:
    codec, key = parse_did_key(did)
    assert "did:key:z" + b58encode(varint(codec) + key) == did


@pytest.mark.parametrize("curve,prefix", [("Ed25519", "did:key:z6Mk"), ("secp256k1", "did:key:zQ3s")])
def test_generated_keys_round_trip(curve: str, prefix: str) -> None:
    key = KeyPair.generate(curve)
    assert key.did.startswith(prefix)
    codec, raw = parse_did_key(key.did)
    assert raw == key.public_bytes()
    assert KeyPair.from_json(key.to_json()).did == key.did
    assert base64.urlsafe_b64decode(key.jwk().export_public(as_dict=True)["x"] + "==")  # a usable JWK


@pytest.mark.parametrize(
    "bad",
    [
        "did:key:",
        "did:key:6Mk",
        "did:key:z0OIl",
        "did:web:example.com",
        "nope",
        "did:key:z" + b58encode(bytes([0xED, 0x01]) + b"\1" * 31),
        "did:key:z" + b58encode(bytes([0x12, 0x00]) + b"\1" * 32),
        "did:key:z" + b58encode(bytes([0xE7, 0x01]) + b"\5" * 33),
    ],
)
def test_malformed_did_keys_are_one_clear_error(bad: str) -> None:
    with pytest.raises(IdentityInputError):
        resolve(bad)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=40))
def test_base58_round_trips(raw: bytes) -> None:
    assert b58decode(b58encode(raw)) == raw


@pytest.fixture(scope="module")
def reg(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root: Path = tmp_path_factory.mktemp("did")
    chain = EmbeddedChain(root / "chain", flush_interval=3600)
    yield deploy_did_registry(chain, cache_dir=root / "build")
    chain.close()


def test_an_unchanged_identity_costs_nothing_and_resolves(reg) -> None:  # type: ignore[no-untyped-def]
    a = reg.backend.accounts[5]
    assert int(reg.contract.changed(a)) == 0 and reg.owner(a) == a
    doc = resolve(reg.did(a), reg)["didDocument"]
    assert doc["controller"] == a and doc["verificationMethod"][0]["blockchainAccountId"].endswith(a)


def test_owner_changes_delegates_and_attributes_replay_from_events(reg) -> None:  # type: ignore[no-untyped-def]
    acc = reg.backend.accounts
    me, did = acc[1], reg.did(acc[1])
    reg.add_delegate(did, acc[2], validity=3600, sender=me)
    reg.set_attribute(did, "did/svc/HubService", "https://hub.example", validity=3600, sender=me)
    reg.change_owner(did, acc[3], sender=me)
    with pytest.raises(IdentityError):  # the old owner lost control
        reg.add_delegate(did, acc[4], validity=60, sender=me)
    reg.revoke_delegate(did, acc[2], sender=acc[3])
    reg.add_delegate(did, acc[4], validity=60, sender=acc[3], delegate_type="sigAuth")
    assert [e.name for e in reg.history(did)] == [
        "DIDDelegateChanged",
        "DIDAttributeChanged",
        "DIDOwnerChanged",
        "DIDDelegateChanged",
        "DIDDelegateChanged",
    ]
    doc = reg.resolve(did)["didDocument"]
    accounts = [vm["blockchainAccountId"].split(":")[-1] for vm in doc["verificationMethod"]]
    assert accounts == [acc[3], acc[4]]  # new owner + live delegate; the revoked one gone
    assert len(doc["authentication"]) == 2 and doc["service"][0]["serviceEndpoint"] == "https://hub.example"
    assert reg.valid_delegate(did, acc[4], "sigAuth")
    reg.backend.time_travel(seconds=120)  # the sigAuth delegate expires
    assert not reg.valid_delegate(did, acc[4], "sigAuth")
    assert len(reg.resolve(did)["didDocument"]["verificationMethod"]) == 1


def test_signed_owner_change_is_relayed_once(reg) -> None:  # type: ignore[no-untyped-def]
    from eth_utils import keccak

    from nexus.exceptions import ContractReverted

    acc = reg.backend.accounts
    key7 = keccak(b"symbiotic-nexus dev account 7")
    reg.change_owner_signed(acc[7], acc[8], owner_key=key7, sender=acc[9])  # acc[9] relays and pays
    assert reg.owner(acc[7]) == acc[8] and int(reg.contract.nonce(acc[7])) == 1
    assert reg.resolve(acc[7])["didDocument"]["controller"] == acc[8]
    with pytest.raises(IdentityError):  # the old key is no owner now
        reg.change_owner_signed(acc[7], acc[9], owner_key=key7, sender=acc[9])
    with pytest.raises(ContractReverted, match="bad signature"):  # a replayed signature fails
        reg.contract.changeOwnerSigned(acc[7], 27, b"\1" * 32, b"\2" * 32, acc[9], sender=acc[9])


def test_deactivation_and_bad_input(reg) -> None:  # type: ignore[no-untyped-def]
    acc = reg.backend.accounts
    reg.change_owner(acc[6], "0x" + "00" * 20, sender=acc[6])
    assert reg.resolve(reg.did(acc[6]))["didDocumentMetadata"]["deactivated"] is True
    for bad in ("did:ethr:0x1:" + acc[7], "did:ethr:0x539:0x12", "did:ethr:zz"):
        with pytest.raises(IdentityInputError):
            reg.resolve(bad)
    with pytest.raises(IdentityInputError):
        reg.add_delegate(acc[5], acc[8], validity=0, sender=acc[5])


@pytest.mark.node
def test_the_registry_resolves_over_json_rpc(anvil, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from anvil import dev_key  # tests/anvil.py, importable as conftest.py's neighbour

    from nexus.chain.accounts import load_signer
    from nexus.chain.rpc import RPCChain

    with RPCChain(anvil.url, signer=load_signer(dev_key(0))) as chain:
        reg = deploy_did_registry(chain, cache_dir=tmp_path / "build")
        me = chain.default_account
        other = "0x" + "22" * 20
        did = reg.did(me)
        reg.add_delegate(did, other, validity=3600, sender=me)
        reg.set_attribute(did, "did/svc/Hub", "https://hub.example", validity=3600, sender=me)
        reg.change_owner(did, other, sender=me)
        doc = resolve(did, reg)["didDocument"]
        assert did.startswith("did:ethr:0x7a69:")
        assert doc["controller"].lower() == other and len(doc["verificationMethod"]) == 2
        assert doc["service"][0]["serviceEndpoint"] == "https://hub.example"
        with pytest.raises(IdentityError):
            reg.add_delegate(did, other, validity=60, sender=me)
