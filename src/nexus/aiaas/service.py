"""The node's AIServices contract and plain-data functions for the CLI and API (register, list, channels,
disputes), plus the data-dir state a client keeps between `nexus call`s (its channel's running total)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._fs import private_dir
from ..exceptions import AIServiceInputError, AIServiceNotFound
from .registry import ServiceRegistry

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = [
    "anchor_receipts",
    "channel_state",
    "dispute_list",
    "job_board",
    "job_list",
    "load_state",
    "record_lineage",
    "register_model",
    "save_state",
    "service_detail",
    "service_list",
    "require_registry",
    "service_registry",
]


def service_registry(nexus: Nexus, *, deploy: bool = True) -> ServiceRegistry | None:
    """The AIServices contract on this chain; deployed (and kept in the manifest) when missing and `deploy`."""
    contract = nexus.contracts.get("AIServices")
    if contract is None and deploy:
        contract = nexus.deploy(["AIServices"])["AIServices"]
        nexus.chain.flush()
    return None if contract is None else ServiceRegistry(contract)


def require_registry(nexus: Nexus) -> ServiceRegistry:
    """The AIServices contract on this chain; AIServiceNotFound when there is none yet."""
    reg = service_registry(nexus, deploy=False)
    if reg is None:
        raise AIServiceNotFound("no AIServices contract on this chain yet (register a service first)")
    return reg


def register_model(
    nexus: Nexus,
    home: Path,
    model: str,
    *,
    price: int,
    stake: int,
    slash: int | None,
    window: int,
    name: str,
    sender: str,
) -> dict[str, Any]:
    """Register `model` ('digits': the bundled demo model; else a joblib file) as a service."""
    from .model import DIGITS_SCHEMA, digits_model, save_model

    if model == "digits":
        estimator = digits_model()
    else:
        import joblib

        path = Path(model)
        if not path.is_file():
            raise AIServiceInputError(f"{model}: no such model file (or 'digits')")
        estimator = joblib.load(path)  # the operator's own file
    fp, path = save_model(estimator, home)
    from ._crypto import canonical_hash

    lineage = record_lineage(nexus.settings, estimator, name or Path(model).stem)
    reg = service_registry(nexus)
    assert reg is not None
    sid = reg.register(
        fp,
        price=price,
        stake=stake,
        slash=slash,
        dispute_window=window,
        schema=canonical_hash(DIGITS_SCHEMA),
        name=name or Path(model).stem,
        sender=sender,
    )
    return {"id": sid, "model": fp, "stored": str(path), "provider": sender, "lineage_record": lineage}


def record_lineage(settings: Any, estimator: Any, name: str) -> int:
    """The model's lineage record in the ledger (found by fingerprint, else appended); its id."""
    from ..ledger import open_ledger
    from ..ledger.fingerprint import fingerprint
    from ..ledger.lineage import Lineage

    m = fingerprint(estimator)
    with open_ledger(settings) as led:
        lin = Lineage(led)
        rec = lin.by_fingerprint(m.root) or lin.model(m, name=name, run=None)
        led.flush()
        return int(rec.id)


def anchor_receipts(settings: Any, service: int, receipts: list[Any], domain: bytes) -> int | None:
    """One ledger record per batch of receipts (their Merkle root and count); the ledger anchors it on
    chain with everything else. Returns the record id (None for an empty batch)."""
    from ..ledger import open_ledger
    from .provider import receipts_root

    if not receipts:
        return None
    payload = {
        "service": service,
        "count": len(receipts),
        "root": "0x" + receipts_root(receipts, domain).hex(),
        "first": receipts[0].issued_at,
        "last": receipts[-1].issued_at,
    }
    with open_ledger(settings) as led:
        return led.append("aiaas.receipts", payload)


def service_detail(nexus: Nexus, sid: int) -> dict[str, Any]:
    reg = require_registry(nexus)
    info = reg.service(sid).to_json()
    chans = [c for c in reg.channels() if c.service == sid]
    disputes = [d for d in reg.disputes() if d.service == sid]
    info.update(
        channels=len(chans),
        earned=str(sum(c.claimed for c in chans)),
        disputes=len(disputes),
        slashed=sum(1 for d in disputes if d.upheld),
        contract=reg.address,
    )
    return info


def service_list(nexus: Nexus) -> list[dict[str, Any]]:
    reg = service_registry(nexus, deploy=False)
    return [] if reg is None else [service_detail(nexus, i) for i in range(reg.count())]


def channel_state(nexus: Nexus, cid: int) -> dict[str, Any]:
    return require_registry(nexus).channel(cid).to_json()


def dispute_list(nexus: Nexus) -> list[dict[str, Any]]:
    reg = service_registry(nexus, deploy=False)
    return [] if reg is None else [d.to_json() for d in reg.disputes()]


def _state_path(home: Path) -> Path:
    return home / "aiaas" / "state.json"


def load_state(home: Path) -> dict[str, Any]:
    path = _state_path(home)
    return json.loads(path.read_text()) if path.is_file() else {}


def save_state(home: Path, key: str, value: Any) -> None:
    """Keep client/provider bookkeeping (running totals, best vouchers, receipts) in the data dir (0600)."""
    path = _state_path(home)
    private_dir(path.parent)
    data = load_state(home)
    data[key] = value
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def job_board(nexus: Nexus, *, deploy: bool = True) -> Any:
    """The ComputeJobs contract on this chain; deployed when missing and `deploy`."""
    from .jobs import JobBoard

    contract = nexus.contracts.get("ComputeJobs")
    if contract is None and deploy:
        contract = nexus.deploy(["ComputeJobs"])["ComputeJobs"]
        nexus.chain.flush()
    return None if contract is None else JobBoard(contract)


def job_list(nexus: Nexus) -> list[dict[str, Any]]:
    board = job_board(nexus, deploy=False)
    return [] if board is None else [j.to_json() for j in board.list()]
