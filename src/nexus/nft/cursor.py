"""The NFT service's durable block cursor: the next block to read and the hash of the block before it.

Written atomically (0600) after the causes a block carried were applied; on start the service
resumes from it when that hash is still on the chain (a reorg or a reset chain: from the head).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .._fs import private_dir

__all__ = ["load_cursor", "save_cursor"]


def load_cursor(path: Path) -> tuple[int, str] | None:
    try:
        data = json.loads(path.read_text())
        return int(data["next_block"]), str(data["hash"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_cursor(path: Path, next_block: int, prev_hash: str) -> None:
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, json.dumps({"next_block": next_block, "hash": prev_hash}).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
