"""Governance operations as plain data for the HTTP API and the CLI (ids and token amounts as decimal strings)."""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import GovernanceInputError
from .ballots import Ballot
from .client import GovConfig, Governance
from .registry import GAP_UNIT, fingerprint_bytes
from .store import ModelStore

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = [
    "advance",
    "execute",
    "list_models",
    "list_proposals",
    "model_state",
    "open_governance",
    "parse_gap",
    "parse_tokens",
    "propose_activation",
    "propose_bound",
    "proposal_status",
    "queue",
    "register_model",
    "setup",
    "submit_ballots",
    "vote",
]


def open_governance(nexus: Nexus) -> Governance:
    """The governance contracts of an open SDK handle (`nexus.connect()`)."""
    return Governance(nexus.chain, nexus.deployer)


def setup(
    nexus: Nexus, config: GovConfig | None = None, *, sender: str | None = None, guardian: str | None = None
) -> dict[str, Any]:
    """Deploy (or re-attach to) the token, timelock, governor and registry; their addresses."""
    gov = open_governance(nexus).setup(config, sender=sender, guardian=guardian)
    gv = gov.governor
    return {
        "token": gov.token.address,
        "timelock": gov.timelock.address,
        "governor": gv.address,
        "registry": gov.registry.address,
        "voting_delay": int(gv.votingDelay()),
        "voting_period": int(gv.votingPeriod()),
        "quorum_bps": int(gv.quorumBps()),
        "min_delay": int(gov.timelock.minDelay()),
        **gov.registry.params(),
    }


def parse_gap(text: str | float | None) -> int:
    """A fairness gap (e.g. "0.05") in the registry's millionths."""
    if text is None:
        return 0
    try:
        raw = Decimal(str(text)) * GAP_UNIT
    except InvalidOperation:
        raise GovernanceInputError(f"gov: fairness gap {text!r} is not a number") from None
    if not raw.is_finite() or raw < 0 or raw != raw.to_integral_value():
        raise GovernanceInputError(f"gov: fairness gap {text!r} must be >= 0 with at most 6 decimals")
    return int(raw)


def parse_tokens(text: str) -> int:
    """Whole governance tokens ("12.5") in base units (18 decimals)."""
    try:
        raw = Decimal(str(text).replace("_", "")) * 10**18
    except InvalidOperation:
        raise GovernanceInputError(f"gov: amount {text!r} is not a number") from None
    if not raw.is_finite() or raw <= 0 or raw != raw.to_integral_value():
        raise GovernanceInputError(f"gov: amount {text!r} must be positive with at most 18 decimals")
    return int(raw)


def register_model(
    nexus: Nexus,
    name: str,
    path: Path,
    *,
    fairness_gap: str | None = None,
    fairness_report: Path | None = None,
    report: tuple[str, int] | None = None,
    ledger: bool = True,
    store: bool = True,
    sender: str | None = None,
) -> dict[str, Any]:
    """Fingerprint a model file or directory, record it in the ledger (unless `ledger` is off),
    keep a copy in the local model store (unless `store` is off) and register it as a new version
    of `name` on chain (not active until governance activates it). `report` is an audit's
    (fingerprint, metric in millionths) pair (`nexus.models.register` reads it from the report);
    a plain `fairness_report` file is recorded by its SHA-256 with the given `fairness_gap`."""
    from ..ledger.fingerprint import fingerprint

    if report is not None and (fairness_report is not None or fairness_gap is not None):
        raise GovernanceInputError("gov: an audit report sets the fairness gap; give no other gap or report")
    m = fingerprint(path, settings=nexus.settings)
    reg = open_governance(nexus).registry
    reg.check_new(name, m.root)  # refuse a known fingerprint before writing anything
    lineage, record = b"\0" * 32, None
    if ledger:
        from ..ledger import open_ledger
        from ..ledger.lineage import Lineage

        with open_ledger(nexus.settings) as led:
            lin = Lineage(led)
            rec = lin.by_fingerprint(m.root) or lin.model(m, name=name, run=None)
            led.flush()
            lineage, record = led.record(rec.id).leaf_hash, rec.id
    report_hash, gap = b"\0" * 32, parse_gap(fairness_gap)
    if report is not None:
        report_hash, gap = fingerprint_bytes(report[0]), int(report[1])
    elif fairness_report is not None:
        try:
            report_hash = hashlib.sha256(Path(fairness_report).read_bytes()).digest()
        except OSError as exc:
            raise GovernanceInputError(f"gov: cannot read fairness report {fairness_report} ({exc})") from None
    stored = ModelStore.of(nexus.settings).put(Path(path), m.root) if store else None
    version = reg.register(name, m.root, lineage=lineage, fairness_report=report_hash, fairness_gap=gap, sender=sender)
    return {**reg.version(name, version), "ledger_record": record, "stored": None if stored is None else str(stored)}


def list_models(nexus: Nexus) -> list[dict[str, Any]]:
    """Every registered model (none before `nexus gov setup`)."""
    gov = open_governance(nexus)
    if not gov.deployed():
        return []
    reg = gov.registry
    return nexus.per_head("gov:models", lambda: [reg.model(n) for n in reg.names()])


def model_state(nexus: Nexus, name: str) -> dict[str, Any]:
    """A model's summary with every version."""
    reg = open_governance(nexus).registry
    return nexus.per_head(f"gov:model:{name}", lambda: {**reg.model(name), "version_list": reg.versions(name)})


def list_proposals(nexus: Nexus) -> list[dict[str, Any]]:
    """Every proposal with its state and tally (none before `nexus gov setup`)."""
    gov = open_governance(nexus)
    if not gov.deployed():
        return []
    return nexus.per_head("gov:proposals", lambda: [gov.status(p) for p in gov.proposals()])


def proposal_status(nexus: Nexus, ref: str) -> dict[str, Any]:
    gov = open_governance(nexus)
    return gov.status(gov.get(ref))


def propose_activation(
    nexus: Nexus, name: str, ref: str, *, description: str | None = None, sender: str | None = None
) -> dict[str, Any]:
    gov = open_governance(nexus)
    return gov.status(gov.propose_activation(name, ref, description=description, sender=sender))


def propose_bound(
    nexus: Nexus, gap: str, *, description: str | None = None, sender: str | None = None
) -> dict[str, Any]:
    """Propose a new maximum fairness gap (e.g. "0.1"); only a passed, executed vote changes it."""
    gov = open_governance(nexus)
    return gov.status(gov.propose_max_fairness_gap(parse_gap(gap), description=description, sender=sender))


def vote(nexus: Nexus, ref: str, support: str, *, sender: str | None = None) -> dict[str, Any]:
    gov = open_governance(nexus)
    p = gov.get(ref)
    weight = gov.vote(p.id, support, sender=sender)
    return {**gov.status(p), "weight": str(weight)}


def submit_ballots(
    nexus: Nexus,
    ref: str,
    ballots: list[Ballot] | list[dict[str, Any]],
    *,
    strict: bool = True,
    sender: str | None = None,
) -> dict[str, Any]:
    """Count signed ballots in one transaction (strict: all or nothing, checked before sending)."""
    gov = open_governance(nexus)
    p = gov.get(ref)
    items = [b if isinstance(b, Ballot) else Ballot.from_json(b) for b in ballots]
    out = gov.submit(p.id, items, strict=strict, sender=sender)
    return {**out, "status": gov.status(p)}


def queue(nexus: Nexus, ref: str, *, sender: str | None = None) -> dict[str, Any]:
    gov = open_governance(nexus)
    p = gov.get(ref)
    gov.queue(p, sender=sender)
    return gov.status(p)


def execute(nexus: Nexus, ref: str, *, sender: str | None = None) -> dict[str, Any]:
    gov = open_governance(nexus)
    p = gov.get(ref)
    tx = gov.execute(p, sender=sender)
    return {**gov.status(p), "tx": tx}


def advance(nexus: Nexus, *, blocks: int = 0, seconds: int = 0) -> dict[str, Any]:
    """Dev chains: mine `blocks` empty blocks after moving the clock `seconds` forward."""
    if blocks < 0 or seconds < 0:
        raise GovernanceInputError("gov: blocks and seconds must not be negative")
    if blocks > 100_000:
        raise GovernanceInputError("gov: advance at most 100,000 blocks at once")
    nexus.chain.mine(max(blocks, 1 if seconds else 0), seconds=seconds)
    return {"block_number": nexus.chain.block_number(), "timestamp": nexus.chain.timestamp()}
