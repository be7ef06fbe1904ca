"""`BountyBoard`: the Bounty contract from Python (create, commit, reveal, scores, dispute, claim)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from eth_utils import to_checksum_address

from ..chain.contract import Contract
from ..exceptions import BountyInputError, BountyNotFound
from ..oracle._crypto import Signature, recover
from ._crypto import b32, domain_separator, scores_digest, solver_commitment, test_commitment

__all__ = ["BountyBoard", "BountyInfo", "deploy_bounty"]

_FIELDS = (
    "sponsor",
    "reward",
    "test_commitment",
    "test_set",
    "commit_deadline",
    "reveal_deadline",
    "dispute_window",
    "quorum",
    "dispute_quorum",
    "arbiter",
    "bond",
    "round",
    "posted_at",
    "disputer",
    "winner",
    "best",
    "paid",
)
_ZERO = "0x" + "00" * 20


def _hex(value: Any) -> str:
    """A bytes32 as `0x` + lowercase hex, whether the ABI layer gave bytes or a hex string."""
    return "0x" + value.hex() if isinstance(value, bytes) else "0x" + str(value).lower().removeprefix("0x")


@dataclass(frozen=True)
class BountyInfo:
    """One bounty's on-chain state, plus its judges, solvers (reveal order) and scores."""

    id: int
    sponsor: str
    reward: int
    test_commitment: str
    test_set: str | None
    commit_deadline: int
    reveal_deadline: int
    dispute_window: int
    quorum: int
    dispute_quorum: int
    arbiter: str
    bond: int
    round: int
    posted_at: int
    disputer: str | None
    winner: str | None
    best: int
    paid: bool
    judges: list[str]
    solvers: list[str]
    fingerprints: list[str]
    scores: list[int]
    disputed: bool
    final: bool

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "reward": str(self.reward), "bond": str(self.bond)}


def deploy_bounty(backend: Any, *, cache_dir: Path | None = None, sender: str | None = None) -> BountyBoard:
    """Deploy a fresh Bounty contract (tests, simulations; a node uses its manifest)."""
    from ..oracle.onchain import deploy_contract

    return BountyBoard(deploy_contract(backend, "Bounty", cache_dir=cache_dir, sender=sender))


class BountyBoard:
    """A handle on one Bounty contract; every write takes `sender` (an unlocked account)."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.backend = contract.backend
        self.domain = domain_separator(self.backend.chain_id, contract.address)

    def count(self) -> int:
        return int(self.contract.count())

    def _id(self, bid: int) -> int:
        if not 0 <= int(bid) < self.count():
            raise BountyNotFound(f"no bounty {bid}")
        return int(bid)

    def create(
        self,
        reward: int,
        test_set: str | bytes,
        salt: bytes,
        *,
        commit_seconds: int,
        reveal_seconds: int,
        dispute_seconds: int,
        judges: Sequence[str],
        quorum: int,
        arbiter: str,
        bond: int,
        dispute_quorum: int = 0,
        sender: str | None = None,
    ) -> int:
        """Escrow `reward` wei for the test set committed as keccak(test_set, salt); returns the id."""
        if reward <= 0 or bond <= 0:
            raise BountyInputError("the reward and the dispute bond are positive amounts of wei")
        if min(commit_seconds, reveal_seconds, dispute_seconds) <= 0:
            raise BountyInputError("the commit, reveal and dispute periods are positive durations")
        if not 0 < quorum <= len(judges) or len(set(judges)) != len(judges):
            raise BountyInputError(f"quorum {quorum} must be in 1..{len(judges)} distinct judges")
        now = self.backend.timestamp()
        commitment = test_commitment(b32(test_set, "test set"), b32(salt, "salt"))
        rc = self.contract.create(
            commitment,
            now + commit_seconds,
            now + commit_seconds + reveal_seconds,
            dispute_seconds,
            list(judges),
            quorum,
            dispute_quorum,
            arbiter,
            bond,
            sender=sender,
            value=reward,
        )
        ev = next(e for e in self.contract.decode(rc) if e.name == "BountyCreated")
        return int(ev.args["id"])

    def commit(self, bid: int, fingerprint: str | bytes, salt: bytes, solver: str) -> bytes:
        """Commit a model fingerprint for `solver` (who sends it); returns the commitment."""
        c = solver_commitment(b32(fingerprint, "fingerprint"), b32(salt, "salt"), solver)
        self.contract.commit(self._id(bid), c, sender=solver)
        return c

    def reveal(self, bid: int, fingerprint: str | bytes, salt: bytes, solver: str) -> None:
        self.contract.reveal(self._id(bid), b32(fingerprint, "fingerprint"), b32(salt, "salt"), sender=solver)

    def reveal_test_set(
        self, bid: int, test_set: str | bytes, salt: bytes, uri: str = "", sender: str | None = None
    ) -> None:
        if len(uri.encode()) > 256:
            raise BountyInputError("a test-set URI is at most 256 bytes")
        self.contract.revealTestSet(self._id(bid), b32(test_set, "test set"), b32(salt, "salt"), uri, sender=sender)

    def digest(self, bid: int, round_: int, scores: Sequence[int]) -> bytes:
        info = self.info(bid)
        if info.test_set is None:
            raise BountyInputError(f"bounty {bid}: the test set is not revealed yet")
        return scores_digest(self.domain, bid, round_, b32(info.test_set), scores)

    def post_scores(
        self, bid: int, scores: Sequence[int], sigs: Sequence[Signature], sender: str | None = None
    ) -> None:
        """Post scores with judges' signatures (sorted here by signer, as the contract wants)."""
        info = self.info(bid)
        round_ = 2 if info.disputed else 1
        digest = self.digest(bid, round_, scores)
        signed = sorted(sigs, key=lambda s: int(recover(digest, s) or _ZERO, 16))
        self.contract.postScores(
            bid,
            [int(s) for s in scores],
            [(27 + s.parity, s.r.to_bytes(32, "big"), s.s.to_bytes(32, "big")) for s in signed],
            sender=sender,
        )

    def dispute(self, bid: int, sender: str) -> None:
        self.contract.dispute(self._id(bid), sender=sender, value=self.info(bid).bond)

    def arbitrate(self, bid: int, scores: Sequence[int], sender: str) -> None:
        self.contract.arbitrate(self._id(bid), [int(s) for s in scores], sender=sender)

    def claim(self, bid: int, sender: str) -> int:
        """Pay the winner (the sender); returns the amount."""
        rc = self.contract.claim(self._id(bid), sender=sender)
        return int(next(e for e in self.contract.decode(rc) if e.name == "Paid").args["amount"])

    def refund(self, bid: int, sender: str) -> int:
        rc = self.contract.refund(self._id(bid), sender=sender)
        return int(next(e for e in self.contract.decode(rc) if e.name == "Paid").args["amount"])

    def withdraw(self, sender: str) -> int:
        """Withdraw the sender's returned dispute bonds; returns the amount."""
        amount = int(self.contract.credits(sender))
        self.contract.withdraw(sender=sender)
        return amount

    def info(self, bid: int) -> BountyInfo:
        bid = self._id(bid)
        raw = dict(zip(_FIELDS, self.contract.info(bid)))
        for k in ("test_commitment", "test_set"):
            raw[k] = _hex(raw[k])
        raw["test_set"] = None if raw["test_set"] == "0x" + "00" * 32 else raw["test_set"]
        for k in ("sponsor", "arbiter", "disputer", "winner"):
            raw[k] = None if int(raw[k], 16) == 0 else to_checksum_address(raw[k])
        solvers: list[str] = [to_checksum_address(s) for s in self.contract.solvers(bid)]
        return BountyInfo(
            id=bid,
            **raw,
            judges=[to_checksum_address(j) for j in self.contract.judges(bid)],
            solvers=solvers,
            fingerprints=[_hex(self.contract.fingerprints(bid, s)) for s in solvers],
            scores=[int(x) for x in self.contract.scores(bid)],
            disputed=bool(self.contract.disputed(bid)),
            final=bool(self.contract.isFinal(bid)),
        )

    def list(self) -> list[BountyInfo]:
        return [self.info(i) for i in range(self.count())]
