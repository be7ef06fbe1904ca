"""JSON files the oracle's on-chain products keep beside the chain's deployment manifest:
`<deployments>/<kind>-<chain id>.json` (insurance terms, dispute desks), replaced atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = ["load_sidecar", "save_sidecar", "sidecar_path"]


def sidecar_path(nx: Nexus, kind: str) -> Path:
    return Path(nx.settings.deployments_dir) / f"{kind}-{nx.chain.chain_id}.json"


def load_sidecar(nx: Nexus, kind: str) -> dict[str, dict[str, Any]]:
    p = sidecar_path(nx, kind)
    return json.loads(p.read_text()) if p.exists() else {}


def save_sidecar(nx: Nexus, kind: str, data: dict[str, dict[str, Any]]) -> None:
    p = sidecar_path(nx, kind)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
    os.replace(tmp, p)
