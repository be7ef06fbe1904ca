"""Plain-data functions the CLI and the API share: simulate a federation, list them, their rewards.

A finished federation's report (rounds, per-client contributions and rewards, rejections, gas) is
kept as `<home>/fl/<contract>.json` (owner-only), so `nexus fl status|rewards` and `/fl/...` can show it
without re-running anything; the rewards themselves are read back from the contract when it is there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._fs import private_dir, private_file
from ..exceptions import FLInputError, FLNotFound, FLRuntimeError

if TYPE_CHECKING:
    from .._client import Nexus
    from ..settings import Settings

__all__ = ["federation", "federations", "rewards", "simulate"]

_ADDR = re.compile(r"^0x[0-9a-fA-F]{40}$")


def _dir(settings: Settings) -> Path:
    return private_dir(Path(settings.home) / "fl")


def simulate(nexus: Nexus, *, dids: Callable[[str, int], list[str]] | None = None, **options: Any) -> dict[str, Any]:
    """Run one federation (see `FLConfig` for the options) on the node's chain and keep its report.
    `dids(name, clients)` names each client by a DID (`nexus.flid.simulate` passes did:keys)."""
    try:
        from .federation import Federation, FLConfig
    except ImportError as exc:  # pragma: no cover - the [fl] extra
        raise FLRuntimeError(f"federated learning needs Flower: install the [fl] extra ({exc.name})") from None
    if options.get("engine") == "deployment":  # on the SuperLink and SuperNodes `nexus fl up` started
        from .deploy import run_on_superlink

        FLConfig(**{**options, "engine": "local", "clients": options.get("clients") or 2}).check()
        report = run_on_superlink(nexus.settings, options, dids=dids)
    else:
        try:
            cfg = FLConfig(**options)
        except TypeError as exc:
            raise FLInputError(f"bad federation option: {exc}") from None
        cfg.check()  # before the DIDs are made for its clients
        names = dids(cfg.name, cfg.clients) if dids is not None else None
        fed = Federation(cfg, nexus.chain, settings=nexus.settings, dids=names)
        report = fed.run()
        nexus.chain.flush()
    path = _dir(nexus.settings) / f"{report['contract']}.json"
    path.write_text(json.dumps(report, indent=1, default=str))
    private_file(path, quiet=True)
    return report


def _reports(settings: Settings) -> list[dict[str, Any]]:
    d = Path(settings.home) / "fl"
    if not d.is_dir():
        return []
    out = []
    for p in sorted(d.glob("0x*.json"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            out.append(json.loads(p.read_text()))
        except (OSError, ValueError):
            continue
    return out


def federations(settings: Settings) -> list[dict[str, Any]]:
    """Every kept federation, newest first, in brief."""
    return [
        {
            "contract": r["contract"],
            "name": r["name"],
            "strategy": r["config"]["strategy"],
            "clients": r["config"]["clients"],
            "rounds": len(r["rounds"]),
            "final_accuracy": r["final_accuracy"],
            "rejected_updates": sum(len(rd["rejected"]) for rd in r["rounds"]),
            "paid_wei": r["paid_wei"],
            "cost": r.get("cost"),
        }
        for r in _reports(settings)
    ]


def federation(settings: Settings, contract: str | None = None) -> dict[str, Any]:
    """One federation's full report (the newest one without `contract`)."""
    if contract is not None and not _ADDR.match(contract):
        raise FLInputError("a federation is named by its contract address (0x + 40 hex digits)")
    for r in _reports(settings):
        if contract is None or r["contract"].lower() == contract.lower():
            return r
    raise FLNotFound(f"no federation {contract}" if contract else "no federation has run yet: try `nexus fl simulate`")


def rewards(settings: Settings, contract: str | None = None, nexus: Nexus | None = None) -> list[dict[str, Any]]:
    """Per-client role, contribution, rejections and reward; `earned_wei` read from the contract if reachable."""
    rep = federation(settings, contract)
    rows = [dict(c) for c in rep["clients"]]
    if nexus is not None and nexus.chain.code(rep["contract"]):
        from ..chain.contract import Contract
        from ..contracts.compiler import compile_contract
        from .onchain import did_hash

        c = Contract(
            nexus.chain, rep["contract"], compile_contract("FLRound", nexus.settings.cache_dir / "contracts").abi
        )
        for row in rows:
            row["earned_wei"] = str(int(c.call("earned", row["address"])))
            row["claimable_wei"] = str(int(c.call("owed", row["address"])))
            held = c.call("didHash", row["address"])
            held = held if isinstance(held, bytes) else bytes.fromhex(str(held).removeprefix("0x"))
            row["did_bound"] = held == did_hash(row.get("did"))
    return rows
