"""The node's identity contracts (deployed on first use, kept in the manifest) for the CLI, API and SDK."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import IdentityInputError
from .consent_book import ConsentBook
from .didkey import KeyPair
from .registry import DIDRegistry
from .status import StatusRegistry

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["consent_book", "credentials", "did_registry", "key_store", "list_dids", "load_key", "save_key"]


def _contract(nexus: Nexus, name: str, deploy: bool) -> Any:
    contract = nexus.contracts.get(name)
    if contract is None and deploy:
        contract = nexus.deploy([name])[name]
        nexus.chain.flush()  # the manifest now names it: persist it even if the caller then fails
    return contract


def did_registry(nexus: Nexus, *, deploy: bool = True) -> DIDRegistry | None:
    c = _contract(nexus, "DIDRegistry", deploy)
    return None if c is None else DIDRegistry(c)


def credentials(nexus: Nexus, *, deploy: bool = True) -> StatusRegistry | None:
    c = _contract(nexus, "Credentials", deploy)
    return None if c is None else StatusRegistry(c)


def consent_book(nexus: Nexus, *, deploy: bool = True) -> ConsentBook | None:
    c = _contract(nexus, "Consent", deploy)
    return None if c is None else ConsentBook(c)


def key_store(home: Path) -> Path:
    return home / "identity" / "keys"


def save_key(home: Path, key: KeyPair, name: str | None = None) -> Path:
    """Keep a did:key's private key at `<home>/identity/keys/<name>.json` (0600)."""
    folder = key_store(home)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    stem = name or key.did.rsplit(":", 1)[1][:16]
    if not stem.replace("-", "").replace("_", "").isalnum() or len(stem) > 64:
        raise IdentityInputError(f"key name {stem!r}: letters, digits, - and _ only (at most 64)")
    path = folder / f"{stem}.json"
    if path.exists():
        raise IdentityInputError(f"a key named {stem!r} exists already ({path}); keys are never overwritten")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(key.to_json(), indent=2))
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def load_key(home: Path, ref: str) -> KeyPair:
    """A saved key by file name, path, or its DID."""
    path = Path(ref)
    if not path.is_file():
        path = key_store(home) / f"{ref}.json"
    if path.is_file():
        return KeyPair.from_json(path.read_text())
    for p in sorted(key_store(home).glob("*.json")) if key_store(home).is_dir() else []:
        k = KeyPair.from_json(p.read_text())
        if k.did == ref:
            return k
    raise IdentityInputError(f"no saved key {ref!r} (create one with `nexus did create`)")


def list_dids(home: Path) -> list[dict[str, str]]:
    folder = key_store(home)
    out = []
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        k = KeyPair.from_json(p.read_text())
        out.append({"name": p.stem, "did": k.did, "curve": k.curve})
    return out
