"""Content-addressed art and state files under `<home>/nft/`: `art/<sha256>.png`, `states/<sha256>.json`.

A file's name is the SHA-256 of its bytes (state files: the state hash the contract stores), so a
read checks what it returns; a file altered on disk is refused, never served.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from .._fs import private_dir
from ..exceptions import NFTModelError, NFTNotFound
from .traits import canonical, state_hash

__all__ = ["ArtStore"]

_HEX = re.compile(r"^[0-9a-f]{64}$")


def _name(digest: str) -> str:
    d = digest.lower().removeprefix("0x").removeprefix("sha256:")
    if not _HEX.match(d):
        raise NFTNotFound(f"{digest!r} is not a SHA-256 digest")
    return d


class ArtStore:
    """The node's NFT files; every write is atomic and owner-only."""

    def __init__(self, home: Path) -> None:
        self.root = Path(home) / "nft"

    def _write(self, path: Path, data: bytes) -> None:
        if path.is_file():
            return  # content-addressed: already there
        private_dir(path.parent)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)

    def put_image(self, png: bytes) -> str:
        """Store PNG bytes; their SHA-256 (hex)."""
        digest = hashlib.sha256(png).hexdigest()
        self._write(self.root / "art" / f"{digest}.png", png)
        return digest

    def image_path(self, digest: str) -> Path:
        return self.root / "art" / f"{_name(digest)}.png"

    def get_image(self, digest: str) -> bytes:
        """The PNG named `digest`, checked against its name."""
        path = self.image_path(digest)
        if not path.is_file():
            raise NFTNotFound(f"no image {digest} on this node")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != _name(digest):
            raise NFTModelError(f"{path}: the stored image does not match its hash (altered on disk)")
        return data

    def put_state(self, token: int, traits: dict[str, Any]) -> str:
        digest = state_hash(token, traits).hex()
        self._write(self.root / "states" / f"{digest}.json", canonical({"token": token, "traits": traits}))
        return digest

    def get_state(self, digest: str) -> dict[str, Any]:
        """{"token", "traits"} of the state named `digest`, checked against its hash."""
        path = self.root / "states" / f"{_name(digest)}.json"
        if not path.is_file():
            raise NFTNotFound(f"state {digest} is not known to this node (it was evolved elsewhere)")
        data = json.loads(path.read_text())
        if state_hash(int(data["token"]), data["traits"]).hex() != _name(digest):
            raise NFTModelError(f"{path}: the stored state does not match its hash (altered on disk)")
        return dict(data)
