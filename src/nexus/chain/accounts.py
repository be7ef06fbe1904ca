"""Signing accounts: deterministic dev accounts, and keys from the environment or a keystore."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from .._fs import private_dir
from ..exceptions import AccountError, KeystoreError
from .crypto import sign_hash

__all__ = ["DEV_ACCOUNT_COUNT", "DEV_BALANCE", "Signer", "dev_addresses", "load_signer"]

DEV_ACCOUNT_COUNT = 10
DEV_BALANCE = 10_000 * 10**18


@lru_cache(maxsize=1)
def dev_addresses() -> tuple[str, ...]:
    """Addresses of the embedded chain's funded dev accounts (keys are not needed to use them)."""
    return tuple(
        Account.from_key(keccak(f"symbiotic-nexus dev account {i}".encode())).address for i in range(DEV_ACCOUNT_COUNT)
    )


class Signer:
    """A local private key that signs transactions. Its key never shows in repr, str or errors."""

    __slots__ = ("_account",)

    def __init__(self, account: LocalAccount) -> None:
        self._account = account

    @property
    def address(self) -> str:
        return str(self._account.address)

    def sign_transaction(self, tx: dict) -> bytes:
        return bytes(self._account.sign_transaction(tx).raw_transaction)

    def sign_hash(self, digest: bytes) -> tuple[int, int, int]:
        """(y-parity, r, s) of a 32-byte digest."""
        return sign_hash(digest, bytes(self._account.key))

    def __repr__(self) -> str:
        return f"Signer({self.address})"

    __str__ = __repr__


def _from_key(key: str) -> Signer:
    try:
        return Signer(Account.from_key(key.strip()))
    except Exception:
        # never echo the key, not even a part of it
        raise AccountError("the private key is malformed (expected 32 bytes of hex)") from None


def load_signer(
    private_key: str | None = None, keystore: Path | None = None, password: str | None = None
) -> Signer | None:
    """The signer named by a key or a keystore file; None when neither is given."""
    if private_key:
        return _from_key(private_key)
    if keystore is None:
        return None
    if not keystore.is_file():
        raise KeystoreError(f"keystore {keystore} does not exist")
    if password is None:
        raise KeystoreError(f"keystore {keystore} needs a password: set NEXUS_KEYSTORE_PASSWORD")
    try:
        data = json.loads(keystore.read_text())
    except (OSError, ValueError):
        raise KeystoreError(f"keystore {keystore} is not a JSON keyfile") from None
    try:
        key = Account.decrypt(data, password)
    except ValueError:
        raise KeystoreError(f"wrong password for keystore {keystore}") from None
    except Exception:
        raise KeystoreError(f"keystore {keystore} is malformed") from None
    return Signer(Account.from_key(key))


def create_keystore(path: Path, password: str, private_key: str | None = None) -> str:
    """Write a new encrypted keyfile (scrypt) and return its address; refuses to overwrite."""
    if not password:
        raise KeystoreError("a keystore needs a non-empty password")
    if path.exists():
        raise KeystoreError(f"{path} already exists; refusing to overwrite it")
    acct = Account.from_key(private_key) if private_key else Account.create()
    data = Account.encrypt(acct.key, password)
    private_dir(path.parent, tighten=False)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh)
    return str(acct.address)
