"""The enrolled template on the user's machine (encrypted) and the salted commitment that goes on chain.

The template (a unit-length voice embedding) and a random 32-byte salt are sealed with AES-256-GCM under
a key derived (HKDF-SHA256) from the DID's private key, in `<home>/avatar/templates/<name>.json` (0600),
and never leave that file in the clear. The chain gets `commitment = SHA-256(domain ‖ salt ‖ q)`, where `q`
is the template quantised to int8: without the salt (which stays local), the hash says nothing about `q`,
and a new salt gives an unrelated commitment (so two avatars of one person cannot be linked).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .._fs import private_dir
from ..exceptions import AvatarError, AvatarInputError
from ..identity.didkey import KeyPair

__all__ = ["SealedTemplate", "commitment", "load_template", "quantise", "save_template", "template_path"]

_DOMAIN = b"nexus-avatar-commitment-v1\x00"
SALT_BYTES = 32


def quantise(template: np.ndarray) -> bytes:
    """The template as int8 (x127): the canonical bytes the commitment hashes."""
    return np.clip(np.round(np.asarray(template, dtype=float) * 127.0), -127, 127).astype(np.int8).tobytes()


def commitment(template: np.ndarray, salt: bytes) -> bytes:
    if len(salt) != SALT_BYTES:
        raise AvatarInputError(f"a commitment salt is {SALT_BYTES} bytes")
    return hashlib.sha256(_DOMAIN + salt + quantise(template)).digest()


@dataclass(frozen=True)
class SealedTemplate:
    """A decrypted template with its salt and the fingerprint of the encoder that made it."""

    did: str
    template: np.ndarray
    salt: bytes
    encoder: str

    @classmethod
    def new(cls, did: str, template: np.ndarray, encoder: str) -> SealedTemplate:
        return cls(did, np.asarray(template, dtype=float), secrets.token_bytes(SALT_BYTES), encoder)

    @property
    def commitment(self) -> bytes:
        return commitment(self.template, self.salt)


def _aead(key: KeyPair) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"nexus-avatar", info=b"template-store-v1")
    return AESGCM(hkdf.derive(key.secret.rjust(32, b"\0")))


def template_path(home: Path, did: str) -> Path:
    return home / "avatar" / "templates" / f"{hashlib.sha256(did.encode()).hexdigest()[:24]}.json"


def save_template(home: Path, key: KeyPair, sealed: SealedTemplate) -> Path:
    """Seal the template under the DID key and write it atomically (0600 in a 0700 folder)."""
    if sealed.did != key.did:
        raise AvatarInputError("a template is sealed under its own DID's key")
    path = template_path(home, sealed.did)
    private_dir(path.parent)
    plain = json.dumps({"template": sealed.template.tolist(), "salt": sealed.salt.hex(), "encoder": sealed.encoder})
    nonce = secrets.token_bytes(12)
    blob = _aead(key).encrypt(nonce, plain.encode(), sealed.did.encode())
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump({"version": 1, "did": sealed.did, "nonce": nonce.hex(), "sealed": blob.hex()}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def load_template(home: Path, key: KeyPair) -> SealedTemplate:
    path = template_path(home, key.did)
    if not path.is_file():
        raise AvatarError(f"no enrolled template for {key.did[:40]}… here (enrol with `nexus avatar create`)")
    try:
        box = json.loads(path.read_text())
        plain = _aead(key).decrypt(bytes.fromhex(box["nonce"]), bytes.fromhex(box["sealed"]), key.did.encode())
        d = json.loads(plain)
        return SealedTemplate(key.did, np.array(d["template"], dtype=float), bytes.fromhex(d["salt"]), d["encoder"])
    except (InvalidTag, KeyError, ValueError, TypeError):
        raise AvatarError(f"the template file {path} does not open with this DID's key (tampered?)") from None
