"""Plain-data avatar operations the CLI, the API and the demo call."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..exceptions import AvatarError, AvatarInputError, IdentityInputError
from ..identity.didkey import KeyPair
from ..identity.service import load_key, save_key
from .auth import ChallengeStore, respond, verify
from .contract import Avatars, avatars
from .data import SPEAKERS, load_vowels
from .keys import sign
from .model import ENCODER_SPEAKERS, THRESHOLD, check_sample, default_encoder
from .template import SealedTemplate, load_template, save_template

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = [
    "avatar_challenge",
    "avatar_create",
    "avatar_list",
    "avatar_login",
    "avatar_mint",
    "avatar_show",
    "avatar_verify",
    "challenge_store",
    "model_info",
    "speaker_samples",
]

_STORES: dict[str, ChallengeStore] = {}


def challenge_store(home: Path) -> ChallengeStore:
    """This process's open challenges for one node home (the verifier keeps them in memory)."""
    return _STORES.setdefault(str(Path(home).resolve()), ChallengeStore())


def model_info() -> dict[str, Any]:
    """What the template is made of; `encoder` is None where the data set is not installed."""
    try:
        encoder: str | None = default_encoder().fingerprint()
    except AvatarError:
        encoder = None
    return {
        "modality": "voice (12 LPC cepstrum coefficients per frame)",
        "dataset": "UCI Japanese Vowels (9 speakers, 640 utterances), shipped in the sktime wheel",
        "encoder_speakers": list(ENCODER_SPEAKERS),
        "threshold": THRESHOLD,
        "encoder": encoder,
    }


def speaker_samples(speaker: int, *, session: int, count: int, offset: int = 0) -> list[np.ndarray]:
    """Utterances of one data-set speaker: the stand-in for a microphone in the CLI and the demo."""
    if speaker not in SPEAKERS:
        raise AvatarInputError(f"speaker {speaker}: the data set has speakers 1-9")
    pool = load_vowels().of(speaker, session)
    if count < 1 or offset < 0 or offset + count > len(pool):
        raise AvatarInputError(f"speaker {speaker} has {len(pool)} utterances in session {session}")
    return pool[offset : offset + count]


def _key(home: Path, did: str | None, curve: str) -> KeyPair:
    if did is None:
        key = KeyPair.generate(curve)
        save_key(home, key)
        return key
    try:
        return load_key(home, did)
    except IdentityInputError as exc:
        raise AvatarInputError(str(exc)) from None


def _avatars(nexus: Nexus, deploy: bool = True) -> Avatars:
    book = avatars(nexus, deploy=deploy)
    if book is None:
        raise AvatarError("no avatar has been created on this chain")
    return book


def avatar_create(
    nexus: Nexus,
    home: Path,
    samples: list[Any],
    *,
    sender: str,
    did: str | None = None,
    curve: str = "Ed25519",
    soulbound: bool = True,
) -> dict[str, Any]:
    """Enrol on this machine (template sealed under the home), then mint the avatar bound to the DID."""
    arrays = [check_sample(s) for s in samples]
    key = _key(home, did, curve)
    book = _avatars(nexus)
    if book.token_of(key.did):
        raise AvatarError(f"{key.did[:40]}… has an avatar already (#{book.token_of(key.did)})")
    encoder = default_encoder()
    sealed = SealedTemplate.new(key.did, encoder.template(arrays), encoder.fingerprint())
    path = save_template(home, key, sealed)
    proof = sign(key, book.binding(sender, key.did, sealed.commitment))
    token_id, rc = book.mint(key.did, sealed.commitment, proof, soulbound=soulbound, sender=sender)
    nexus.chain.make_durable(rc.block_number)
    return {**book.get(token_id), "template_file": str(path), "samples": len(arrays), "tx": rc.tx_hash}


def avatar_mint(nexus: Nexus, *, did: str, commitment: str, proof: str, soulbound: bool, sender: str) -> dict[str, Any]:
    """Mint from a commitment and binding proof made on the user's machine (the API never sees a template)."""
    try:
        commit, sig = bytes.fromhex(commitment.removeprefix("0x")), bytes.fromhex(proof.removeprefix("0x"))
    except ValueError:
        raise AvatarInputError("commitment and proof are hex") from None
    if len(commit) != 32 or not 0 < len(sig) <= 96:
        raise AvatarInputError("a commitment is 32 bytes and a binding proof at most 96")
    book = _avatars(nexus)
    token_id, rc = book.mint(did, commit, sig, soulbound=soulbound, sender=sender)
    return {**book.get(token_id), "tx": rc.tx_hash}


def avatar_show(nexus: Nexus, token_id: int) -> dict[str, Any]:
    return _avatars(nexus, deploy=False).get(token_id)


def avatar_list(nexus: Nexus) -> dict[str, Any]:
    book = avatars(nexus, deploy=False)
    return {
        "contract": None if book is None else book.address,
        "model": model_info(),
        "avatars": [] if book is None else book.all(),
    }


def avatar_challenge(nexus: Nexus, store: ChallengeStore, token_id: int) -> dict[str, Any]:
    return store.issue(_avatars(nexus, deploy=False), token_id).to_json()


def avatar_verify(nexus: Nexus, store: ChallengeStore, response: dict[str, Any]) -> dict[str, Any]:
    return verify(_avatars(nexus, deploy=False), store, response)


def avatar_login(nexus: Nexus, home: Path, sample: Any, *, did: str, token_id: int | None = None) -> dict[str, Any]:
    """Both sides on one machine: the verifier's challenge, the client's local match and signature, the check."""
    key = _key(home, did, "Ed25519")
    book = _avatars(nexus, deploy=False)
    token = token_id or book.token_of(key.did)
    if not token:
        raise AvatarError(f"{key.did[:40]}… has no avatar")
    store = challenge_store(home)
    challenge = avatar_challenge(nexus, store, token)
    resp = respond(challenge, key, load_template(home, key), sample, default_encoder())
    return {**avatar_verify(nexus, store, resp), "nonce": challenge["nonce"]}
