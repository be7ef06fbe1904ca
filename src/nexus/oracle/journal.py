"""Round journal: what each round saw, per source and per node, kept beside the chain.

The aggregator stores only the answer and band. The journal keeps the evidence behind them (each
source's reading, whether the nodes kept or dropped it and why, each node's signed value and
confidence) as JSON lines under `<home>/oracle/<feed address>.jsonl`, so the API and the dashboard
can show per-source contributions after a restart. Appends are line-atomic; a torn last line (a
crash mid-write) is skipped on read.

Each record carries the chain block it saw last (`block`, `block_hash`), made durable before the
append; on start `rewind` drops the trailing records whose block is no longer the chain's (a
crash took it, or the chain was replaced), so the journal never shows a round the chain lost.
"""

from __future__ import annotations

import json
import statistics
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._fs import private_file
from .network import NodeLike, RoundOutcome

if TYPE_CHECKING:
    from ..chain.base import ChainBackend
    from ..settings import Settings

__all__ = ["RoundJournal", "journal_for", "round_record"]

KEEP = 5000  # rounds per feed kept on disk (the file is compacted past twice that)


def _sources(nodes: Sequence[NodeLike], out: RoundOutcome, now: int) -> list[dict[str, Any]]:
    """Per source: median reading over the nodes that saw it, how many kept it, and the flags."""
    seen: dict[str, dict[str, Any]] = {}
    for node in nodes:
        cached = getattr(node, "last", {}).get((out.round_id, now))
        if cached is None:
            continue
        for s in cached[1].scores:
            row = seen.setdefault(s.source, {"values": [], "kept": 0, "flags": set(), "z": []})
            if s.value is not None:
                row["values"].append(s.value)
                row["z"].append(s.z_peer)
            row["kept"] += s.kept
            row["flags"].update(s.flags)
    if not seen:  # remote nodes: only what their signed observations say
        for o in out.observations:
            for sid in o.used:
                seen.setdefault(sid, {"values": [], "kept": 0, "flags": set(), "z": []})["kept"] += 1
            for sid, flags in o.flagged.items():
                seen.setdefault(sid, {"values": [], "kept": 0, "flags": set(), "z": []})["flags"].update(flags)
    return [
        {
            "source": sid,
            "value": statistics.median(r["values"]) if r["values"] else None,
            "z_peer": round(statistics.median(r["z"]), 3) if r["z"] else None,
            "kept_by": r["kept"],
            "flags": sorted(r["flags"]),
        }
        for sid, r in sorted(seen.items())
    ]


def round_record(nodes: Sequence[NodeLike], out: RoundOutcome, now: int, decimals: int) -> dict[str, Any]:
    """One round as plain data: the outcome plus per-source contributions and per-node values."""
    scale = 10**decimals
    return {
        **out.to_json(decimals),
        "time": now,
        "sources": _sources(nodes, out, now),
        "nodes": [
            {
                "node": o.observation.node,
                "value": o.observation.value / scale,
                "confidence": o.confidence,
                "used": list(o.used),
                "flagged": {k: list(v) for k, v in o.flagged.items()},
            }
            for o in out.observations
        ],
    }


class RoundJournal:
    """Append-only JSONL of round records, one file per feed address."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def _path(self, feed: str) -> Path:
        return self.root / f"{feed.lower()}.jsonl"

    def append(self, feed: str, record: dict[str, Any]) -> None:
        path = self._path(feed)
        line = json.dumps(record, separators=(",", ":"), allow_nan=False) + "\n"
        with self._lock:
            private_file(path)
            with path.open("a+b") as fh:
                if fh.tell() > 0:  # end a torn last line first, or this record would join it
                    fh.seek(-1, 2)
                    if fh.read(1) != b"\n":
                        fh.write(b"\n")
                fh.write(line.encode())
            if path.stat().st_size > 4_000_000:
                self._compact(path)

    def rewind(self, feed: str, chain: ChainBackend) -> int:
        """Drop the trailing records whose (`block`, `block_hash`) is not on `chain`; records
        without a block (older files) are kept. Returns how many were dropped."""
        path = self._path(feed)
        with self._lock:
            rows = self._read(path)
            head = chain.block_number()
            keep = len(rows)
            while keep > 0 and not _on_chain(chain, rows[keep - 1], head):
                keep -= 1
            if keep == len(rows):
                return 0
            tmp = path.with_suffix(".tmp")
            tmp.write_text("".join(json.dumps(r, separators=(",", ":")) + "\n" for r in rows[:keep]), "utf-8")
            tmp.replace(path)
            return len(rows) - keep

    def _compact(self, path: Path) -> None:
        rows = self._read(path)
        if len(rows) <= KEEP:
            return
        tmp = private_file(path.with_suffix(".tmp"))
        tmp.write_text("".join(json.dumps(r, separators=(",", ":")) + "\n" for r in rows[-KEEP:]), "utf-8")
        tmp.replace(path)

    @staticmethod
    def _read(path: Path, last: int | None = None) -> list[dict[str, Any]]:
        """The records of `path` (only the last `last` valid ones when given: read from the end, so
        an API call does not parse a file of thousands of rounds to show a hundred)."""
        try:
            with path.open("rb") as fh:
                if last is None:
                    return _parse(fh.read().splitlines())
                pos = fh.seek(0, 2)
                raw = b""
                while True:
                    step = min(pos, 1 << 16)
                    pos -= step
                    fh.seek(pos)
                    raw = fh.read(step) + raw
                    lines = raw.splitlines()
                    rows = _parse(lines if pos == 0 else lines[1:])  # lines[0] may be cut
                    if pos == 0 or len(rows) >= last:
                        return rows[-last:]
        except FileNotFoundError:
            return []

    def by_round(self, feed: str, limit: int = 1000) -> dict[int, dict[str, Any]]:
        """The latest record of each of the last rounds (accepted ones win over skipped retries)."""
        with self._lock:
            rows = self._read(self._path(feed), 4 * limit)
        out: dict[int, dict[str, Any]] = {}
        for r in rows:
            rid = int(r.get("round_id", 0))
            if r.get("accepted") or rid not in out or not out[rid].get("accepted"):
                out[rid] = r
        return out

    def recent(self, feed: str, limit: int = 100) -> list[dict[str, Any]]:
        """The last `limit` records, oldest first."""
        if limit <= 0:
            return []
        with self._lock:
            return self._read(self._path(feed), limit)

    def latest(self, feed: str) -> dict[str, Any] | None:
        with self._lock:
            rows = self._read(self._path(feed), 1)
        return rows[-1] if rows else None


def _on_chain(chain: ChainBackend, row: dict[str, Any], head: int) -> bool:
    block, block_hash = row.get("block"), row.get("block_hash")
    if not isinstance(block, int) or not isinstance(block_hash, str):
        return True  # a record from before blocks were journalled: nothing to check against
    return 0 <= block <= head and chain.get_block(block).hash == block_hash


def _parse(lines: list[bytes]) -> list[dict[str, Any]]:
    rows = []
    for line in lines:
        try:
            rows.append(json.loads(line.decode("utf-8", errors="replace")))
        except json.JSONDecodeError:
            continue  # a torn line from a crash mid-append
    return rows


def journal_for(settings: Settings) -> RoundJournal:
    """The round journal of this node's data directory."""
    return RoundJournal(settings.home / "oracle")
