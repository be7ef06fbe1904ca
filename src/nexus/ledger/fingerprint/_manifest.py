"""The fingerprint manifest: entries (file, row chunk, tensor, …) and the root digest over them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..._jsonsafe import read_json
from ...exceptions import FingerprintError
from ._hashing import canonical_json, sha256_hex

__all__ = ["FORMAT", "ManifestEntry", "Manifest", "is_manifest_file", "load_manifest"]

FORMAT = "nexus-fingerprint/1"


@dataclass(frozen=True)
class ManifestEntry:
    """One hashed part: a file (relative POSIX path), a row chunk, a tensor or a fitted array.

    `digest` is the hex SHA-256 of the part's bytes (for a file, exactly what `sha256sum`
    prints); `size` is the number of bytes hashed; `meta` says what the part is (row range,
    dtype and shape, …) and is covered by the root."""

    name: str
    digest: str
    size: int
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "digest": self.digest, "size": self.size}
        if self.meta:
            out["meta"] = self.meta
        return out


@dataclass(frozen=True)
class Manifest:
    """What `fingerprint()` returns. `root` commits to kind, meta and every entry, in order.

    root = SHA-256(canonical JSON of {"format", "kind", "meta", "entries": [[name, size, digest,
    meta], …]}), canonical JSON being sorted keys, no whitespace, UTF-8. `source` (where the
    content came from: path, library versions, raw file digest) is informational only and is NOT
    covered, so the same content fingerprinted from two places has the same root."""

    kind: str
    entries: tuple[ManifestEntry, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] = field(default_factory=dict)
    root: str = ""

    def __post_init__(self) -> None:
        if not self.root:
            object.__setattr__(self, "root", self.compute_root())

    def compute_root(self) -> str:
        body = {
            "format": FORMAT,
            "kind": self.kind,
            "meta": self.meta,
            "entries": [[e.name, e.size, e.digest, e.meta] for e in self.entries],
        }
        return sha256_hex(canonical_json(body))

    @property
    def size(self) -> int:
        """Bytes hashed over all entries."""
        return sum(e.size for e in self.entries)

    @property
    def digest(self) -> str:
        """The root as a prefixed string, `sha256:<hex>`."""
        return f"sha256:{self.root}"

    def entry(self, name: str) -> ManifestEntry:
        for e in self.entries:
            if e.name == name:
                return e
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "algorithm": "sha256",
            "kind": self.kind,
            "root": self.root,
            "size": self.size,
            "meta": self.meta,
            "source": self.source,
            "entries": [e.to_json() for e in self.entries],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, sort_keys=True, ensure_ascii=False)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.dumps() + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """Rebuild a manifest and check that its stored root matches its entries."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise FingerprintError(f"not a {FORMAT} manifest")
        try:
            entries = tuple(
                ManifestEntry(str(e["name"]), str(e["digest"]), int(e["size"]), dict(e.get("meta") or {}))
                for e in data["entries"]
            )
            m = cls(str(data["kind"]), entries, dict(data.get("meta") or {}), dict(data.get("source") or {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise FingerprintError(f"malformed manifest: {exc}") from None
        if data.get("root") != m.root:
            raise FingerprintError("manifest root does not match its entries (edited or corrupt)")
        return m


def is_manifest_file(path: Path) -> bool:
    """True when `path` is a JSON file whose top level names the manifest format."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return False
    return FORMAT.encode() in head


def load_manifest(path: str | Path) -> Manifest:
    """Read a manifest saved by `Manifest.save` or `nexus fingerprint --json`."""
    path = Path(path)
    if not path.exists():
        raise FingerprintError(f"{path}: no such file")
    data = read_json(path, what="manifest", error=FingerprintError)
    return Manifest.from_json(data)
