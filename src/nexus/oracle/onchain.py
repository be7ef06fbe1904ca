"""Deploy and drive the oracle's contracts: aggregator feeds and the encoding of signed reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eth_utils import to_checksum_address

from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..chain.types import TxReceipt
from ..contracts.deploy import deploy_contract
from ..exceptions import OracleInputError
from ._crypto import OracleReport, Signature, domain_separator

__all__ = ["Feed", "RoundData", "deploy_contract", "deploy_feed", "encode_signatures"]


def encode_signatures(signed: Sequence[tuple[int, Signature]]) -> tuple[int, list[tuple[bytes, bytes]]]:
    """(signer_indices word, compact sigs) for `transmit`, sorted by signer index."""
    ordered = sorted(signed, key=lambda t: t[0])
    word = 0
    for i, (idx, _) in enumerate(ordered):
        if not 0 <= idx < 256:
            raise OracleInputError(f"signer index {idx} is out of range")
        word |= idx << (8 * i)
    return word, [sig.compact() for _, sig in ordered]


@dataclass(frozen=True)
class RoundData:
    """One accepted round as the aggregator stores it."""

    round_id: int
    answer: int
    low: int
    high: int
    updated_at: int


class Feed:
    """An aggregator contract: the report domain, transmissions and reads."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.address = contract.address
        self.domain = domain_separator(contract.backend.chain_id, contract.address)

    @property
    def description(self) -> str:
        return str(self.contract.description())

    @property
    def decimals(self) -> int:
        return int(self.contract.decimals())

    def config(self) -> tuple[int, int, int, int]:
        """(config version, f, quorum, n)."""
        v, f, q, n = self.contract.config()
        return int(v), int(f), int(q), int(n)

    def signers(self) -> list[str]:
        return [to_checksum_address(a) for a in self.contract.signers()]

    def latest_round(self) -> int:
        return int(self.contract.latestRound())

    def latest(self) -> RoundData | None:
        rid = self.latest_round()
        return self.round(rid) if rid else None

    def round(self, round_id: int) -> RoundData:
        answer, low, high, at = self.contract.getRoundBand(round_id)
        return RoundData(round_id, answer, low, high, at)

    def rounds(self, limit: int = 10) -> list[RoundData]:
        """The latest `limit` kept rounds, newest first."""
        latest, keep = self.latest_round(), int(self.contract.HISTORY())
        first = max(1, latest - min(limit, keep) + 1)
        return [self.round(r) for r in range(latest, first - 1, -1)]

    def transmit(
        self,
        report: OracleReport,
        signed: Sequence[tuple[int, Signature]],
        *,
        sender: str | None = None,
        check: bool = True,
    ) -> TxReceipt:
        """Send a report with (signer index, signature) pairs; reverts surface as ContractReverted."""
        word, sigs = encode_signatures(signed)
        return self.contract.transmit(  # type: ignore[no-any-return]
            report.round_id, report.observed_at, list(report.values), word, sigs, sender=sender, check=check
        )


def deploy_feed(
    backend: ChainBackend,
    description: str,
    signers: Sequence[str],
    f: int,
    *,
    quorum: int | None = None,
    decimals: int = 8,
    history: int = 256,
    max_age: int = 3600,
    prepay: int | None = None,
    cache_dir: Path | None = None,
    sender: str | None = None,
) -> Feed:
    """Deploy an aggregator, set its signers (quorum: f+1 unless given) and prepay `prepay` history
    slots (default: all)."""
    if len(description.encode()) > 64:
        raise OracleInputError("a feed description is at most 64 bytes")
    if len(signers) < 3 * f + 1 or len(signers) > 31:
        raise OracleInputError(f"{len(signers)} signers cannot tolerate f={f} (need 3f+1 <= n <= 31)")
    c = deploy_contract(
        backend, "Aggregator", decimals, description, history, max_age, cache_dir=cache_dir, sender=sender
    )
    q = f + 1 if quorum is None else quorum
    if not f < q <= len(signers):
        raise OracleInputError(f"quorum {q} must be in (f, n] = ({f}, {len(signers)}]")
    c.set_config(list(signers), f, q, sender=sender)
    todo = history if prepay is None else min(prepay, history)
    while int(c.prepaid()) < todo:
        c.grow_history(min(512, todo - int(c.prepaid())), sender=sender)
    return Feed(c)
