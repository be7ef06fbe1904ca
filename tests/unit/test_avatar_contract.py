"""The Avatar contract: ERC-721 transfers, the ERC-5192 soulbound lock, one avatar per DID, binding proofs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from avatar_env import open_chain

from nexus._client import Nexus
from nexus.avatar.contract import ERC5192_INTERFACE, Avatars, avatars
from nexus.avatar.keys import sign
from nexus.exceptions import AvatarError, AvatarInputError, ContractReverted
from nexus.identity.didkey import KeyPair

COMMIT = bytes(range(32))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Nexus, Avatars]]:
    with open_chain(tmp_path_factory.mktemp("avatar-contract")) as nx:
        book = avatars(nx)
        assert book is not None
        yield nx, book


def _mint(book: Avatars, owner: str, *, soulbound: bool, curve: str = "Ed25519") -> tuple[int, KeyPair]:
    key = KeyPair.generate(curve)
    proof = sign(key, book.binding(owner, key.did, COMMIT))
    token, _ = book.mint(key.did, COMMIT, proof, soulbound=soulbound, sender=owner)
    return token, key


def test_soulbound_avatar_is_locked_and_every_transfer_path_reverts(env: tuple[Nexus, Avatars]) -> None:
    nx, book = env
    a, b = nx.chain.accounts[1], nx.chain.accounts[2]
    token, _ = _mint(book, a, soulbound=True)
    locked = [e for e in book.contract.events("Locked") if e.args["tokenId"] == token]
    assert len(locked) == 1 and book.locked(token) is True
    with pytest.raises(AvatarError, match="soulbound"):
        book.transfer(token, b, sender=a)
    for fn, args in (
        ("transferFrom", (a, b, token)),
        ("safeTransferFrom", (a, b, token)),
        ("approve", (b, token)),
    ):
        with pytest.raises(ContractReverted, match="soulbound"):
            book.contract.transact(fn, *args, sender=a)
    assert book.get(token)["owner"] == a and book.contract.call("balanceOf", b) == 0


def test_transferable_avatar_moves_like_an_erc721(env: tuple[Nexus, Avatars]) -> None:
    nx, book = env
    a, b, op = nx.chain.accounts[1], nx.chain.accounts[2], nx.chain.accounts[3]
    token, _ = _mint(book, a, soulbound=False)
    assert book.locked(token) is False
    with pytest.raises(ContractReverted, match="not owner nor approved"):
        book.contract.transact("transferFrom", a, b, token, sender=op)
    book.contract.transact("approve", op, token, sender=a)
    book.contract.transact("transferFrom", a, b, token, sender=op)
    assert book.get(token)["owner"] == b and book.contract.call("getApproved", token) == "0x" + "0" * 40
    # the binding proof named the minter: after a transfer it no longer verifies for the new owner
    assert book.get(token)["binding_ok"] is False


def test_supports_erc165_erc721_metadata_and_erc5192(env: tuple[Nexus, Avatars]) -> None:
    _, book = env
    for iface in ("01ffc9a7", "80ac58cd", "5b5e139f"):
        assert book.contract.call("supportsInterface", bytes.fromhex(iface)) is True
    assert book.contract.call("supportsInterface", ERC5192_INTERFACE) is True
    assert book.contract.call("supportsInterface", bytes.fromhex("ffffffff")) is False


def test_one_avatar_per_did_and_a_burn_frees_it(env: tuple[Nexus, Avatars]) -> None:
    nx, book = env
    a = nx.chain.accounts[4]
    token, key = _mint(book, a, soulbound=True, curve="secp256k1")
    proof = sign(key, book.binding(a, key.did, COMMIT))
    with pytest.raises(AvatarError, match="has an avatar already"):
        book.mint(key.did, COMMIT, proof, soulbound=True, sender=a)
    with pytest.raises(ContractReverted, match="has an avatar already"):
        book.contract.transact("mint", key.did, COMMIT, proof, True, sender=a)
    with pytest.raises(ContractReverted, match="not the owner"):
        book.contract.transact("burn", token, sender=nx.chain.accounts[5])
    book.contract.transact("burn", token, sender=a)
    assert [e.args["tokenId"] for e in book.contract.events("Unlocked")] == [token]
    assert book.token_of(key.did) == 0 and not book.exists(token)
    again, _ = book.mint(key.did, COMMIT, proof, soulbound=True, sender=a)
    assert again != token and book.get(again)["binding_ok"] is True


def test_a_binding_proof_by_another_key_or_for_another_owner_is_refused(env: tuple[Nexus, Avatars]) -> None:
    nx, book = env
    a, b = nx.chain.accounts[6], nx.chain.accounts[7]
    key, other = KeyPair.generate(), KeyPair.generate()
    with pytest.raises(AvatarInputError, match="binding proof"):
        book.mint(key.did, COMMIT, sign(other, book.binding(a, key.did, COMMIT)), soulbound=True, sender=a)
    with pytest.raises(AvatarInputError, match="binding proof"):
        book.mint(key.did, COMMIT, sign(key, book.binding(b, key.did, COMMIT)), soulbound=True, sender=a)
    # straight to the contract (no Python check): it mints, and anyone reading it sees the proof fail
    book.contract.transact("mint", key.did, COMMIT, b"\x01" * 64, True, sender=a)
    assert book.get(book.token_of(key.did))["binding_ok"] is False


def test_unknown_token_reads_revert_and_get_says_so(env: tuple[Nexus, Avatars]) -> None:
    _, book = env
    with pytest.raises(AvatarError, match="no avatar #999"):
        book.get(999)
    with pytest.raises(ContractReverted, match="no such token"):
        book.contract.call("locked", 999)
