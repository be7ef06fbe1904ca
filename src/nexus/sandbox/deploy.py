"""Deploy the DeFi sandbox (tokens, AMM, lending, flash loans, vaults, governance, guardian)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._jsonsafe import read_json
from ..chain.base import ChainBackend, TxRequest
from ..chain.contract import Contract
from ..contracts.compiler import _write_atomic, compile_contract
from ..contracts.deploy import deploy_contract
from ..exceptions import ManifestError
from ..guard.targets import WatchTarget, WatchTargets
from . import _layout as L

__all__ = ["Sandbox", "deploy_contract", "deploy_sandbox", "load_sandbox", "sandbox_manifest"]

_NOT_WATCHED = {"usd", "col", "gov", "feed", "guardian"}  # tokens, the feed and the guardian itself


def sandbox_manifest(deployments_dir: Path, chain_id: int) -> Path:
    """Where the sandbox of chain `chain_id` is recorded."""
    return deployments_dir / f"sandbox-{chain_id}.json"


@dataclass
class Sandbox:
    """Handles on every sandbox contract, plus who administers it and who may trip the guardian."""

    backend: ChainBackend
    contracts: dict[str, Contract]
    admin: str
    operator: str
    deployed_block: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Contract:
        return self.contracts[key]

    @property
    def protected(self) -> dict[str, str]:
        """Address -> role name of every protocol the guardian can pause."""
        return {self.contracts[k].address: k for k in L.PROTECTED}

    @property
    def labels(self) -> dict[str, str]:
        """Address -> role name of every sandbox contract."""
        return {c.address: k for k, c in self.contracts.items()}

    def watch_targets(self) -> WatchTargets:
        """What the guard watches here: every protocol contract (not the tokens, the price feed's
        admin side or the guardian itself), the pausable ones, and the guardian with its operator."""
        pausable = self.protected
        out = WatchTargets(guardian=self.contracts["guardian"].address, operator=self.operator)
        for address, role in self.labels.items():
            if role not in _NOT_WATCHED:
                out.add(WatchTarget(address, role, pausable=address in pausable, protocol=f"nexus-sandbox/{role}"))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "chain_id": self.backend.chain_id,
            "genesis": self.backend.genesis_hash,
            "admin": self.admin,
            "operator": self.operator,
            "deployed_block": self.deployed_block,
            "contracts": {k: {"address": c.address, "contract": c.name} for k, c in self.contracts.items()},
        }

    def save(self, path: Path) -> None:
        _write_atomic(path, json.dumps(self.to_json(), indent=2) + "\n")


def load_sandbox(backend: ChainBackend, path: Path, cache_dir: Path | None = None) -> Sandbox:
    """Re-attach to a sandbox recorded in `path` (refusing one from another chain)."""
    try:
        raw = read_json(path, what="sandbox manifest", error=ManifestError)
    except ManifestError as exc:
        raise ManifestError(f"{exc}; run `nexus sandbox up`") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("contracts"), dict):
        raise ManifestError(f"sandbox manifest {path} is malformed; run `nexus sandbox up --fresh`")
    if raw.get("chain_id") != backend.chain_id or raw.get("genesis") != backend.genesis_hash:
        raise ManifestError(f"sandbox manifest {path} belongs to another chain; run `nexus sandbox up --fresh`")
    contracts = {}
    for key, d in raw["contracts"].items():
        if not backend.code(d["address"]):
            raise ManifestError(f"sandbox contract {key} has no code at {d['address']}")
        contracts[key] = Contract(backend, d["address"], compile_contract(d["contract"], cache_dir).abi, d["contract"])
    return Sandbox(backend, contracts, raw["admin"], raw["operator"], int(raw.get("deployed_block", 0)))


def _calls(c: Contract, calls: Sequence[tuple[str, tuple[Any, ...]]], sender: str) -> list[TxRequest]:
    return [TxRequest(c.address, c.abi.encode_call(fn, args), 0, sender) for fn, args in calls]


def deploy_sandbox(
    backend: ChainBackend, *, admin: str | None = None, operator: str | None = None, cache_dir: Path | None = None
) -> Sandbox:
    """Deploy and wire every sandbox contract; the admin mints and seeds every pool."""
    admin = admin or backend.default_account
    accts = backend.accounts
    operator = operator or (accts[1] if len(accts) > 1 else admin)
    start = backend.block_number()

    def dep(name: str, *args: Any, value: int = 0) -> Contract:
        return deploy_contract(backend, name, *args, sender=admin, value=value, cache_dir=cache_dir)

    c: dict[str, Contract] = {}
    c["guardian"] = dep("SandboxGuardian")
    g = c["guardian"].address
    c["usd"] = dep("SandboxToken", "Sandbox Dollar", "USD")
    c["col"] = dep("SandboxToken", "Sandbox Collateral", "COL")
    c["gov"] = dep("SandboxToken", "Sandbox Governance", "GOV")
    c["amm"] = dep("SandboxAMM", c["col"].address, c["usd"].address, g)
    c["lending"] = dep("SandboxLending", c["col"].address, c["usd"].address, c["amm"].address, g)
    c["flash"] = dep("SandboxFlashLender")
    c["vault"] = dep("SandboxVault", g)
    c["sharevault"] = dep("SandboxShareVault", c["usd"].address, g)
    c["governance"] = dep("SandboxGovernance", c["gov"].address, g)
    c["rewards"] = dep("SandboxRewards", c["usd"].address, L.REWARD_PER_CLAIM, g)
    c["feed"] = dep("SandboxPriceFeed", L.E18)
    usd, col, gov = c["usd"], c["col"], c["gov"]
    big = 2**256 - 1
    txs = _calls(
        usd,
        [
            ("mint", (admin, L.AMM_USD + L.LENDING_LIQUIDITY + L.SHAREVAULT_USD)),
            ("mint", (c["flash"].address, L.FLASH_USD)),
            ("mint", (c["governance"].address, L.TREASURY_USD)),
            ("mint", (c["rewards"].address, L.REWARDS_USD)),
            ("approve", (c["amm"].address, big)),
            ("approve", (c["lending"].address, big)),
            ("approve", (c["sharevault"].address, big)),
        ],
        admin,
    )
    txs += _calls(col, [("mint", (admin, L.AMM_COL)), ("approve", (c["amm"].address, big))], admin)
    txs += _calls(gov, [("mint", (c["flash"].address, L.FLASH_GOV))], admin)
    txs += _calls(c["amm"], [("add_liquidity", (L.AMM_COL, L.AMM_USD))], admin)
    txs += _calls(c["lending"], [("supply", (L.LENDING_LIQUIDITY,))], admin)
    txs += _calls(c["sharevault"], [("deposit", (L.SHAREVAULT_USD,))], admin)
    txs += [TxRequest(c["vault"].address, c["vault"].abi.encode_call("deposit", ()), L.VAULT_SEED_ETH, admin)]
    guardian_calls: list[tuple[str, tuple[Any, ...]]] = [("protect", (c[k].address,)) for k in L.PROTECTED]
    if operator != admin:
        guardian_calls.append(("set_operator", (operator, True)))
    txs += _calls(c["guardian"], guardian_calls, admin)
    backend.send_many(txs)
    return Sandbox(backend, c, admin, operator, start + 1)
