"""Deployment manifest per chain id: where each contract lives, so a node re-attaches, not redeploys."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .._jsonsafe import read_json
from ..exceptions import ChainIdMismatch, ManifestError
from .compiler import _write_atomic

__all__ = ["Deployment", "DeploymentManifest"]


@dataclass(frozen=True)
class Deployment:
    """One deployed contract."""

    name: str
    address: str
    code_hash: str
    deploy_tx: str
    block: int
    source_hash: str


@dataclass
class DeploymentManifest:
    """Every deployment on one chain (identified by chain id and genesis hash)."""

    chain_id: int
    genesis: str
    contracts: dict[str, Deployment] = field(default_factory=dict)

    @staticmethod
    def path_for(directory: Path, chain_id: int) -> Path:
        return directory / f"{chain_id}.json"

    @classmethod
    def load(cls, path: Path, *, chain_id: int) -> DeploymentManifest | None:
        """Read `path`; None when absent. Refuses a file written for another chain id."""
        if not path.is_file():
            return None
        try:
            raw = read_json(path, what="deployment manifest", error=ManifestError)
            m = cls(
                int(raw["chain_id"]), str(raw["genesis"]), {k: Deployment(**v) for k, v in raw["contracts"].items()}
            )
        except ManifestError as exc:
            raise ManifestError(f"{exc} (unreadable; left untouched)") from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ManifestError(f"deployment manifest {path} is unreadable ({exc}); left untouched") from None
        if m.chain_id != chain_id:
            raise ChainIdMismatch(
                f"deployment manifest {path} is for chain id {m.chain_id}, but the node is on {chain_id}"
            )
        return m

    def save(self, path: Path) -> None:
        data: dict[str, Any] = {
            "chain_id": self.chain_id,
            "genesis": self.genesis,
            "contracts": {k: asdict(v) for k, v in sorted(self.contracts.items())},
        }
        _write_atomic(path, json.dumps(data, indent=2) + "\n")
