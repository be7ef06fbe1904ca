"""The node's Bounty contract (deployed on first use and kept in the manifest) for the CLI and API."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .board import BountyBoard

if TYPE_CHECKING:
    from .._client import Nexus

__all__ = [
    "JUDGE_SEED",
    "bounty_board",
    "bounty_detail",
    "judge_keys",
    "list_bounties",
    "load_secret",
    "save_secret",
    "winning_fingerprint",
]


def bounty_board(nexus: Nexus, *, deploy: bool = True) -> BountyBoard | None:
    """The Bounty contract on this chain; deployed (and registered) when missing and `deploy`."""
    contract = nexus.contracts.get("Bounty")
    if contract is None and deploy:
        contract = nexus.deploy(["Bounty"])["Bounty"]
        nexus.chain.flush()  # the manifest now names it: persist it even if the caller then fails
    return None if contract is None else BountyBoard(contract)


def list_bounties(nexus: Nexus) -> list[dict[str, Any]]:
    board = bounty_board(nexus, deploy=False)
    return [] if board is None else [b.to_json() for b in board.list()]


def bounty_detail(nexus: Nexus, bid: int) -> dict[str, Any]:
    from ..exceptions import BountyNotFound

    board = bounty_board(nexus, deploy=False)
    if board is None:
        raise BountyNotFound(f"no bounty {bid} (no Bounty contract on this chain)")
    return board.info(bid).to_json()


def winning_fingerprint(nexus: Nexus, bid: int | str) -> str:
    """The fingerprint of bounty `bid`'s winning model (scores final), to propose its activation."""
    from ..exceptions import BountyError, BountyInputError

    try:
        num = int(str(bid))
    except ValueError:
        raise BountyInputError(f"bounty: {bid!r} is not a bounty id") from None
    info = bounty_detail(nexus, num)
    if not info.get("final") or not info.get("winner"):
        raise BountyError(f"bounty {num} has no final winner yet")
    return str(info["fingerprints"][info["solvers"].index(info["winner"])])


JUDGE_SEED = "nexus bounty judge"


def judge_keys(n: int, seed: str = JUDGE_SEED) -> list[Any]:
    """The dev oracle-node keys that judge bounties on a dev chain (never for real value)."""
    from ..exceptions import BountyInputError
    from ..oracle._crypto import dev_node_key

    if not 1 <= n <= 16:
        raise BountyInputError("a bounty has 1 to 16 judges")
    return [dev_node_key(i, seed) for i in range(n)]


def save_secret(home: Path, key: str, value: dict[str, str]) -> Path:
    """Keep a salt (and what it hides) in `<home>/bounty/secrets.json`, readable by the owner only."""
    path = home / "bounty" / "secrets.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text()) if path.is_file() else {}
    data[key] = value
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True))
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def load_secret(home: Path, key: str) -> dict[str, str]:
    from ..exceptions import BountyInputError

    path = home / "bounty" / "secrets.json"
    data = json.loads(path.read_text()) if path.is_file() else {}
    if key not in data:
        raise BountyInputError(f"no saved salt for {key} in {path} (commit from this home first)")
    return dict(data[key])
