"""EIP-712 ballots: sign off chain, check locally, pack for `castVotesBySig`, read and write JSON files."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak, to_checksum_address

from ..exceptions import GovernanceInputError

__all__ = [
    "BALLOT_FORMAT",
    "SUPPORT",
    "Ballot",
    "HashSigner",
    "ballot_digest",
    "ballot_typed_data",
    "dev_key",
    "read_ballots",
    "sign_ballot",
    "support_code",
    "write_ballots",
]

BALLOT_FORMAT = "nexus-ballot/1"
NAME, VERSION = "Nexus Governor", "1"
SUPPORT = {"against": 0, "for": 1, "abstain": 2}
HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0
_TYPES = {
    "Ballot": [
        {"name": "proposalId", "type": "uint256"},
        {"name": "support", "type": "uint8"},
        {"name": "voter", "type": "address"},
        {"name": "nonce", "type": "uint256"},
    ]
}


def support_code(support: str | int) -> int:
    """0 against, 1 for, 2 abstain, from a word or the number."""
    if isinstance(support, int) or str(support).isdigit():
        code = int(support)
        if code in SUPPORT.values():
            return code
    elif str(support).strip().lower() in SUPPORT:
        return SUPPORT[str(support).strip().lower()]
    raise GovernanceInputError(f"gov: vote must be for, against or abstain, not {support!r}")


def dev_key(index: int) -> bytes:
    """Private key of embedded-chain dev account `index` (the chain derives them the same way)."""
    return keccak(f"symbiotic-nexus dev account {index}".encode())


def ballot_typed_data(
    chain_id: int, governor: str, proposal_id: int, support: int, voter: str, nonce: int
) -> dict[str, Any]:
    """The EIP-712 message a voter signs (wallets show it as is)."""
    return {
        "types": {
            "EIP712Domain": [
                {"name": "name", "type": "string"},
                {"name": "version", "type": "string"},
                {"name": "chainId", "type": "uint256"},
                {"name": "verifyingContract", "type": "address"},
            ],
            **_TYPES,
        },
        "primaryType": "Ballot",
        "domain": {
            "name": NAME,
            "version": VERSION,
            "chainId": chain_id,
            "verifyingContract": to_checksum_address(governor),
        },
        "message": {"proposalId": proposal_id, "support": support, "voter": to_checksum_address(voter), "nonce": nonce},
    }


@dataclass(frozen=True)
class Ballot:
    """One signed vote: what was signed (domain and message) and the signature (v, r, s)."""

    chain_id: int
    governor: str
    proposal_id: int
    support: int
    voter: str
    nonce: int
    v: int
    r: int
    s: int

    def typed_data(self) -> dict[str, Any]:
        return ballot_typed_data(self.chain_id, self.governor, self.proposal_id, self.support, self.voter, self.nonce)

    def signer(self) -> str | None:
        """The address the signature recovers to (None when it recovers to nothing)."""
        try:
            return str(
                Account.recover_message(encode_typed_data(full_message=self.typed_data()), vrs=(self.v, self.r, self.s))
            )
        except Exception:  # noqa: BLE001 - any malformed signature recovers to no one
            return None

    def problem(self, chain_id: int, governor: str, proposal_id: int) -> str | None:
        """Why the Governor at (`chain_id`, `governor`) would not count this for `proposal_id`
        on its signature alone (None: it would, given the voter's nonce and power)."""
        if self.chain_id != chain_id:
            return f"signed for chain {self.chain_id}, not {chain_id}"
        if self.governor.lower() != governor.lower():
            return f"signed for governor {self.governor}, not {governor}"
        if self.proposal_id != proposal_id:
            return f"signed for proposal {self.proposal_id}, not {proposal_id}"
        if self.s > HALF_N or self.v not in (27, 28):
            return "malleable or malformed signature (s in the upper half, or v not 27/28)"
        signer = self.signer()
        if signer is None or int(signer, 16) == 0 or signer.lower() != self.voter.lower():
            return f"signature does not recover to the voter {self.voter}"
        return None

    def packed(self) -> tuple[int, bytes, bytes]:
        """The (head, r, s) tuple `castVotesBySig` takes."""
        if not (0 <= self.support <= 255 and 0 <= self.v <= 255 and 0 <= self.nonce < 2**32):
            raise GovernanceInputError("gov: ballot field out of range")
        head = int(self.voter, 16) | self.support << 160 | self.v << 168 | self.nonce << 176
        return head, self.r.to_bytes(32, "big"), self.s.to_bytes(32, "big")

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        return {
            "format": BALLOT_FORMAT,
            **d,
            "proposal_id": str(self.proposal_id),
            "support": [k for k, v in SUPPORT.items() if v == self.support][0]
            if self.support in SUPPORT.values()
            else self.support,
            "r": hex(self.r),
            "s": hex(self.s),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Ballot:
        try:
            if d.get("format") != BALLOT_FORMAT:
                raise ValueError(f"format is {d.get('format')!r}, not {BALLOT_FORMAT!r}")
            return cls(
                int(d["chain_id"]),
                to_checksum_address(d["governor"]),
                int(d["proposal_id"]),
                support_code(d["support"]),
                to_checksum_address(d["voter"]),
                int(d["nonce"]),
                int(d["v"]),
                int(str(d["r"]), 0),
                int(str(d["s"]), 0),
            )
        except GovernanceInputError:
            raise
        except (KeyError, ValueError, TypeError) as exc:
            raise GovernanceInputError(f"gov: malformed ballot ({exc})") from None


class HashSigner(Protocol):
    """What signs a ballot without handing out its key (e.g. `nexus.chain.accounts.Signer`)."""

    @property
    def address(self) -> str: ...

    def sign_hash(self, digest: bytes) -> tuple[int, int, int]: ...


def ballot_digest(data: dict[str, Any]) -> bytes:
    """The EIP-712 digest of a typed-data message: keccak256(0x19 0x01 domain struct)."""
    msg = encode_typed_data(full_message=data)
    return keccak(b"\x19" + msg.version + msg.header + msg.body)


def sign_ballot(
    key: bytes | str | HashSigner, chain_id: int, governor: str, proposal_id: int, support: str | int, nonce: int
) -> Ballot:
    """Sign a ballot with a private key or a signer (the voter is its address)."""
    code = support_code(support)
    if isinstance(key, (bytes, str)):
        acct = Account.from_key(key)
        data = ballot_typed_data(chain_id, governor, proposal_id, code, acct.address, nonce)
        sig = acct.sign_message(encode_typed_data(full_message=data))
        v, r, s, voter = sig.v, sig.r, sig.s, str(acct.address)
    else:
        voter = to_checksum_address(key.address)
        parity, r, s = key.sign_hash(
            ballot_digest(ballot_typed_data(chain_id, governor, proposal_id, code, voter, nonce))
        )
        v = 27 + parity
    return Ballot(chain_id, to_checksum_address(governor), proposal_id, code, voter, nonce, v, r, s)


def write_ballots(ballots: Sequence[Ballot], path: Path | None = None) -> str:
    """JSON text of one ballot (an object) or several (a list); written to `path` when given."""
    data: Any = ballots[0].to_json() if len(ballots) == 1 else [b.to_json() for b in ballots]
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    if path is not None:
        path.write_text(text)
    return text


def read_ballots(paths: Iterable[Path]) -> list[Ballot]:
    """Ballots from JSON files, each holding one ballot object or a list of them."""
    out: list[Ballot] = []
    for path in paths:
        try:
            raw = json.loads(Path(path).read_text())
        except (OSError, ValueError) as exc:
            raise GovernanceInputError(f"gov: cannot read ballots from {path} ({exc})") from None
        out.extend(Ballot.from_json(d) for d in (raw if isinstance(raw, list) else [raw]))
    return out
