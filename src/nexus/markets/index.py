"""A small on-disk index of the factory's markets, so listing them does not re-read every MarketCreated event."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .._fs import private_dir
from ..chain.base import ChainBackend
from ..chain.contract import Contract
from .info import MarketInfo

__all__ = ["MarketIndex", "info_from_event"]

VERSION = 1


def info_from_event(args: dict[str, Any], block: int) -> MarketInfo:
    """MarketInfo from a decoded MarketCreated event emitted in `block`."""
    return MarketInfo(
        args["market"],
        int(args["index"]),
        args["question"],
        tuple(args["outcomes"]),
        args["collateral"],
        args["creator"],
        int(args["funding"]),
        int(args["alpha"]),
        int(args["fee_bps"]),
        int(args["close_time"]),
        args["resolver"],
        block,
    )


class MarketIndex:
    """`<dir>/index-<chain id>.json`: per factory address, the markets found so far and the last
    block scanned (with its hash). A listing asks only for events after that block; a chain
    that no longer has that block (reverted, replaced) makes the entry start again from scratch."""

    def __init__(self, backend: ChainBackend, directory: Path) -> None:
        self.backend = backend
        self.path = directory / f"index-{backend.chain_id}.json"
        self.scans: list[tuple[int, int]] = []  # (from, to) block ranges read, for tests and stats

    def _load(self) -> dict[str, Any]:
        try:
            doc = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}
        if not isinstance(doc, dict) or doc.get("version") != VERSION:
            return {}
        if doc.get("genesis") != self.backend.genesis_hash:
            return {}
        return doc

    def _save(self, doc: dict[str, Any]) -> None:
        try:
            private_dir(self.path.parent)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".index-", suffix=".tmp")
            with os.fdopen(fd, "w") as fh:
                json.dump(doc, fh)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only home still lists markets, just without the cache

    def _valid(self, entry: dict[str, Any], head: int) -> bool:
        scanned = int(entry.get("scanned_to", -1))
        if scanned < 0 or scanned > head:
            return False
        return self.backend.get_block(scanned).hash == entry.get("scanned_hash")

    def markets(self, factory: Contract, count: int, width: int) -> list[MarketInfo]:
        """Every market of `factory` (there are `count`), reading only blocks not scanned before."""
        doc = self._load()
        head = self.backend.block_number()
        entry = doc.get("factories", {}).get(factory.address.lower(), {})
        if not self._valid(entry, head):
            entry = {}
        found = [MarketInfo(**{**d, "outcomes": tuple(d["outcomes"])}) for d in entry.get("markets", [])]
        if len(found) > count:
            found, entry = [], {}
        if len(found) == count and entry:
            return found
        start = int(entry["scanned_to"]) + 1 if entry else int(factory.created_block(factory.markets(0)))
        self.scans.append((start, head))
        for lo in range(start, head + 1, width):
            for ev in factory.events("MarketCreated", from_block=lo, to_block=min(lo + width - 1, head)):
                if int(ev.args["index"]) == len(found):
                    found.append(info_from_event(ev.args, ev.block_number))
        if len(found) != count:  # events out of reach (a pruned node): the caller looks them up one by one
            return found
        doc = {"version": VERSION, "genesis": self.backend.genesis_hash, "factories": doc.get("factories", {})}
        doc["factories"][factory.address.lower()] = {
            "scanned_to": head,
            "scanned_hash": self.backend.get_block(head).hash,
            "markets": [asdict(i) for i in found],
        }
        self._save(doc)
        return found
