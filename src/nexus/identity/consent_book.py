"""`ConsentBook`: consent grants on chain (contract `Consent`): grant, revoke, list, and the live set."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eth_utils import to_checksum_address

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..chain.types import Event
from ..exceptions import ContractReverted, IdentityError, IdentityInputError

__all__ = ["ConsentBook", "Grant", "deploy_consent", "subject_address"]

_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,63}$")
_ETHR_TAIL = re.compile(r"(0x[0-9a-fA-F]{40})$")


def subject_address(subject: Any) -> str | None:
    """The address of a subject given as an address or a did:ethr (None: not one)."""
    m = _ETHR_TAIL.search(str(subject))
    return to_checksum_address(m.group(1)) if m else None


@dataclass(frozen=True)
class Grant:
    """One grant as the chain holds it (`live`: not revoked and not expired at the time asked)."""

    id: int
    subject: str
    grantee: str
    purpose: str
    fields: tuple[str, ...]
    expires: int
    revoked_at: int
    live: bool

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "fields": list(self.fields)}


def deploy_consent(backend: ChainBackend, *, cache_dir: Path | None = None, sender: str | None = None) -> ConsentBook:
    from ..contracts.deploy import deploy_contract

    return ConsentBook(deploy_contract(backend, "Consent", cache_dir=cache_dir, sender=sender))


def _events(contract: Contract, name: str) -> list[Event]:
    head, step = contract.backend.block_number(), max(1, contract.backend.max_log_range)
    out: list[Event] = []
    for lo in range(0, head + 1, step):
        out.extend(contract.events(name, lo, min(head, lo + step - 1)))
    return out


class ConsentBook:
    """Grants by id; `live(grantee, purpose)` maps each consenting subject to the fields it allows."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.backend = contract.backend

    def grant(self, grantee: str, fields: list[str], *, purpose: str, expires: int, sender: str) -> int:
        if not isinstance(grantee, str) or not grantee.startswith("did:") or len(grantee) > 128:
            raise IdentityInputError(f"the grantee must be a DID (≤ 128 chars), not {str(grantee)[:60]!r}")
        bad = [f for f in fields if not _FIELD.match(str(f))]
        if not fields or bad or len(fields) > 32 or len(set(fields)) != len(fields):
            raise IdentityInputError(f"fields must be 1-32 distinct names (letters, digits, _ . -); bad: {bad}")
        if not purpose or len(purpose.encode()) > 64:
            raise IdentityInputError("the purpose is 1-64 bytes")
        if int(expires) <= self.backend.timestamp():
            raise IdentityInputError("the expiry must be in the future")
        rc = self.contract.grant(grantee, purpose, sorted(fields), int(expires), sender=sender)
        return int(self.contract.decode(rc)[0].args["id"])

    def revoke(self, grant_id: int, *, sender: str) -> None:
        g = self.get(grant_id)
        if g.subject != to_checksum_address(sender):
            raise IdentityError(f"grant {grant_id} belongs to {g.subject}, not {sender}")
        if g.revoked_at:
            raise IdentityError(f"grant {grant_id} is already revoked")
        try:
            self.contract.revoke(int(grant_id), sender=sender)
        except ContractReverted as exc:
            raise IdentityError(str(exc)) from None

    def get(self, grant_id: int) -> Grant:
        for g in self.grants():
            if g.id == int(grant_id):
                return g
        raise IdentityInputError(f"no consent grant {grant_id}")

    def grants(self, *, subject: str | None = None, grantee: str | None = None, at: int | None = None) -> list[Grant]:
        now = self.backend.timestamp() if at is None else at
        revoked = {int(e.args["id"]): e.block_number for e in _events(self.contract, "ConsentRevoked")}
        out = []
        for e in _events(self.contract, "ConsentGranted"):
            gid = int(e.args["id"])
            state = self.contract.grants(gid)
            revoked_at = int(state[5]) if gid in revoked else 0
            g = Grant(
                gid,
                to_checksum_address(e.args["subject"]),
                str(e.args["granteeDid"]),
                str(e.args["purpose"]),
                tuple(e.args["fields"]),
                int(e.args["expires"]),
                revoked_at,
                revoked_at == 0 and now < int(e.args["expires"]),
            )
            if subject is not None and g.subject != subject_address(subject):
                continue
            if grantee is not None and g.grantee != grantee:
                continue
            out.append(g)
        return out

    def live(self, grantee: str, purpose: str, at: int | None = None) -> dict[str, set[str]]:
        """subject address -> the union of fields its live grants give `grantee` for `purpose`."""
        out: dict[str, set[str]] = {}
        for g in self.grants(grantee=grantee, at=at):
            if g.live and g.purpose == purpose:
                out.setdefault(g.subject, set()).update(g.fields)
        return out

    def fingerprint(self, grantee: str, purpose: str, at: int | None = None) -> str:
        """sha256 of the live consent state used for (grantee, purpose): same grants, same fingerprint."""
        state = {
            "chain": self.backend.chain_id,
            "contract": self.contract.address,
            "grantee": grantee,
            "purpose": purpose,
            "live": sorted((s, sorted(f)) for s, f in self.live(grantee, purpose, at).items()),
        }
        return "sha256:" + hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()
