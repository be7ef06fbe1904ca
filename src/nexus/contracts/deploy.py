"""Deploy the project's contracts, or re-attach to them through the chain's manifest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_utils import keccak

from ..chain.abi import ABI
from ..chain.base import ChainBackend
from ..chain.contract import Contract
from ..exceptions import ManifestError, UnknownContract
from .compiler import CompiledContract, compile_contract
from .manifest import Deployment, DeploymentManifest

__all__ = ["CORE_CONTRACTS", "Deployer", "deploy_contract", "name_key"]

# Contracts a node deploys, in order. Each capability appends its own.
CORE_CONTRACTS: list[str] = ["Registry", "Anchor"]


def name_key(name: str) -> bytes:
    """Registry key of a contract name: its ASCII, right-padded to 32 bytes."""
    raw = name.encode()
    if len(raw) > 32:
        raise UnknownContract(f"contract name {name!r} is longer than 32 bytes")
    return raw.ljust(32, b"\0")


@dataclass
class Deployer:
    """Compiles, deploys and attaches contracts for one backend, keeping its manifest current."""

    backend: ChainBackend
    deployments_dir: Path
    cache_dir: Path | None = None
    manifest_path: Path | None = None

    def __post_init__(self) -> None:
        self.chain_id = self.backend.chain_id
        if self.manifest_path is None:
            self.manifest_path = DeploymentManifest.path_for(self.deployments_dir, self.chain_id)

    def compile(self, name: str) -> CompiledContract:
        return compile_contract(name, self.cache_dir / "contracts" if self.cache_dir else None)

    def manifest(self) -> DeploymentManifest | None:
        assert self.manifest_path is not None
        m = DeploymentManifest.load(self.manifest_path, chain_id=self.chain_id)
        if m is not None and m.genesis != self.backend.genesis_hash:
            raise ManifestError(
                f"deployment manifest {self.manifest_path} was written for another chain with id"
                f" {self.chain_id} (genesis {m.genesis[:12]}…, this one {self.backend.genesis_hash[:12]}…);"
                " move it away or deploy with --fresh"
            )
        return m

    def verify(self, dep: Deployment) -> None:
        code = self.backend.code(dep.address)
        if not code:
            raise ManifestError(f"{dep.name}: no code at {dep.address} (manifest {self.manifest_path})")
        if "0x" + keccak(code).hex() != dep.code_hash:
            raise ManifestError(f"{dep.name}: code at {dep.address} does not match the manifest")

    def deploy(
        self,
        names: Sequence[str] | None = None,
        *,
        fresh: bool = False,
        sender: str | None = None,
        args: Mapping[str, Sequence[Any]] | None = None,
    ) -> dict[str, Contract]:
        """Deploy what the manifest lacks (everything with `fresh`), verify the rest, register all.
        `args` holds constructor arguments by contract name."""
        names = list(names or CORE_CONTRACTS)
        assert self.manifest_path is not None
        if fresh and self.manifest_path.exists():
            backup = self.manifest_path.with_suffix(f".{self.manifest_path.stat().st_mtime_ns}.bak.json")
            self.manifest_path.rename(backup)
        manifest = self.manifest() or DeploymentManifest(self.chain_id, self.backend.genesis_hash)
        out: dict[str, Contract] = {}
        for name in names:
            compiled = self.compile(name)
            dep = manifest.contracts.get(compiled.name)
            if dep is not None:
                self.verify(dep)
                if dep.source_hash == compiled.source_hash:
                    out[compiled.name] = Contract(self.backend, dep.address, compiled.abi, compiled.name)
                    continue
            ctor = (
                ABI(compiled.abi).encode_constructor(list(args[compiled.name]))
                if args and compiled.name in args
                else b""
            )
            rc = self.backend.deploy(compiled.bytecode + ctor, sender=sender)
            assert rc.contract_address is not None
            manifest.contracts[compiled.name] = Deployment(
                compiled.name,
                rc.contract_address,
                "0x" + keccak(self.backend.code(rc.contract_address)).hex(),  # immutables included
                rc.tx_hash,
                rc.block_number,
                compiled.source_hash,
            )
            self.backend.make_durable(rc.block_number)  # the manifest never names a contract a crash undoes
            manifest.save(self.manifest_path)
            out[compiled.name] = Contract(self.backend, rc.contract_address, compiled.abi, compiled.name)
        self._register(out, sender)
        return out

    def _register(self, contracts: dict[str, Contract], sender: str | None) -> None:
        registry = contracts.get("Registry") or self.attach().get("Registry")
        if registry is None:
            return
        for name, c in contracts.items():
            if name == "Registry":
                continue
            key = name_key(name)
            if registry.call("version", key) == 0 or registry.call("lookup", key) != c.address:
                registry.transact("register", key, c.address, sender=sender)

    def attach(self) -> dict[str, Contract]:
        """Contracts recorded in the manifest, verified against on-chain code."""
        manifest = self.manifest()
        if manifest is None:
            return {}
        out = {}
        for name, dep in manifest.contracts.items():
            self.verify(dep)
            out[name] = Contract(self.backend, dep.address, self.compile(name).abi, name)
        return out


def deploy_contract(
    backend: ChainBackend,
    name: str,
    *args: Any,
    cache_dir: Path | None = None,
    sender: str | None = None,
    value: int = 0,
) -> Contract:
    """Compile `name` (cached in `cache_dir`), deploy it with constructor `args` outside any
    manifest (tests, sandboxes, feeds the caller records itself), and return its handle."""
    compiled = compile_contract(name, cache_dir)
    abi = ABI(compiled.abi)
    rc = backend.deploy(compiled.bytecode + abi.encode_constructor(args), sender=sender, value=value)
    assert rc.contract_address is not None
    return Contract(backend, rc.contract_address, abi, name)
