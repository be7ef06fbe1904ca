"""Compare two manifests: which files, row chunks or tensors changed, were added or removed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._manifest import Manifest, ManifestEntry

__all__ = ["ManifestDiff", "diff"]


@dataclass(frozen=True)
class ManifestDiff:
    """Entries by name: `changed` (digest, size or meta differ), `added` (only in B), `removed`
    (only in A); `meta` lists the manifest-level keys (columns, rows, class…) that differ."""

    a_root: str
    b_root: str
    kinds: tuple[str, str]
    changed: tuple[tuple[ManifestEntry, ManifestEntry], ...] = ()
    added: tuple[ManifestEntry, ...] = ()
    removed: tuple[ManifestEntry, ...] = ()
    meta: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    unchanged: int = 0

    @property
    def same(self) -> bool:
        return self.a_root == self.b_root

    def to_json(self) -> dict[str, Any]:
        def desc(e: ManifestEntry) -> dict[str, Any]:
            return e.to_json()

        return {
            "same": self.same,
            "a": {"root": self.a_root, "kind": self.kinds[0]},
            "b": {"root": self.b_root, "kind": self.kinds[1]},
            "changed": [{"name": a.name, "a": desc(a), "b": desc(b)} for a, b in self.changed],
            "added": [desc(e) for e in self.added],
            "removed": [desc(e) for e in self.removed],
            "meta": {k: {"a": a, "b": b} for k, (a, b) in self.meta.items()},
            "unchanged": self.unchanged,
        }


def diff(a: Manifest, b: Manifest) -> ManifestDiff:
    """What differs between `a` (before) and `b` (after), entry by entry, in A's then B's order."""
    by_a = {e.name: e for e in a.entries}
    by_b = {e.name: e for e in b.entries}
    changed = tuple((ea, by_b[n]) for n, ea in by_a.items() if n in by_b and ea != by_b[n])
    added = tuple(e for n, e in by_b.items() if n not in by_a)
    removed = tuple(e for n, e in by_a.items() if n not in by_b)
    keys = sorted(set(a.meta) | set(b.meta))
    meta = {k: (a.meta.get(k), b.meta.get(k)) for k in keys if a.meta.get(k) != b.meta.get(k)}
    same_names = sum(1 for n in by_a if n in by_b)
    return ManifestDiff(a.root, b.root, (a.kind, b.kind), changed, added, removed, meta, same_names - len(changed))
