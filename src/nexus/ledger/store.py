"""LedgerStore: the one interface of the append-only record store (SQLite, or PostgreSQL shared by nodes)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from ..exceptions import LedgerInputError
from .checkpoint import Anchor
from .merkle import SubtreeFn, node_hash, split_point
from .records import Entry, Record

__all__ = ["LedgerStore", "perfect_keys"]


def perfect_keys(lo: int, hi: int) -> list[tuple[int, int]]:
    """(level, index) of the perfect subtrees MTH(D[lo:hi]) is built from (RFC split order)."""
    n = hi - lo
    if n & (n - 1) == 0 and lo % n == 0:
        level = n.bit_length() - 1
        return [(level, lo >> level)]
    k = split_point(n)
    return perfect_keys(lo, lo + k) + perfect_keys(lo + k, hi)


class LedgerStore(ABC):
    """Append-only records, their Merkle tree's perfect subtrees, and the anchors of checkpoints.

    `append` is atomic and durable when it returns: either every entry gets an index or none
    does. An entry whose idempotency key is already stored gets the existing index back.
    """

    @property
    @abstractmethod
    def log_id(self) -> str:
        """64 hex characters naming this log (random at creation, also its on-chain id)."""

    @abstractmethod
    def size(self) -> int: ...

    @abstractmethod
    def append(self, entries: Sequence[Entry]) -> list[int]: ...

    @abstractmethod
    def record(self, index: int) -> Record:
        """The record at `index`; `RecordNotFound` past the end."""

    @abstractmethod
    def records(self, lo: int, hi: int) -> Iterator[Record]:
        """Records lo..hi-1 in order (streamed)."""

    @abstractmethod
    def find_key(self, key: str) -> int | None:
        """The index of the record appended with idempotency key `key`, if any."""

    @abstractmethod
    def perfect(self, level: int, index: int) -> bytes:
        """Hash of the perfect subtree covering leaves [index*2**level, (index+1)*2**level)."""

    @abstractmethod
    def erase(self, index: int, when_ms: int) -> Record:
        """Drop content and salt of a record (idempotent); its leaf stays."""

    @abstractmethod
    def add_anchor(self, anchor: Anchor) -> None: ...

    @abstractmethod
    def anchors(self, chain_id: int | None = None, contract: str | None = None) -> list[Anchor]:
        """Anchored checkpoints, smallest first, optionally of one chain and contract."""

    def remove_anchors(self, anchors: Iterable[Anchor]) -> None:
        """Forget anchors whose transaction the chain lost (the start-up check's rewind)."""
        raise NotImplementedError

    def perfect_many(self, keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        """Several perfect subtrees at once (implementations override with one round trip)."""
        return {k: self.perfect(*k) for k in keys}

    def close(self) -> None:
        """Release files and connections."""

    @contextmanager
    def anchoring(self, wait: bool = True) -> Iterator[bool]:
        """Hold the log's anchoring lock while the block runs; yields whether it is held (False
        only when `wait` is off and another anchorer has it). A store shared by several nodes
        makes this a lock between them; a single-machine store has nothing to share."""
        yield True

    # --- derived ---------------------------------------------------------------------------
    def subtree(self, lo: int, hi: int) -> bytes:
        """MTH(D[lo:hi]) for RFC-shaped ranges, from stored perfect subtrees."""
        n = hi - lo
        if n <= 0:
            raise LedgerInputError(f"empty subtree {lo}..{hi}")
        if n & (n - 1) == 0 and lo % n == 0:
            level = n.bit_length() - 1
            return self.perfect(level, lo >> level)
        k = split_point(n)
        return node_hash(self.subtree(lo, lo + k), self.subtree(lo + k, hi))

    def prefetched(self, ranges: Iterable[tuple[int, int]]) -> SubtreeFn:
        """A subtree function for `ranges`, their perfect subtrees fetched in one batch."""
        keys: set[tuple[int, int]] = set()
        for lo, hi in ranges:
            keys.update(perfect_keys(lo, hi))
        got = self.perfect_many(keys)

        def subtree(lo: int, hi: int) -> bytes:
            n = hi - lo
            if n & (n - 1) == 0 and lo % n == 0:
                level = n.bit_length() - 1
                return got[(level, lo >> level)]
            k = split_point(n)
            return node_hash(subtree(lo, lo + k), subtree(lo + k, hi))

        return subtree

    def head(self) -> tuple[int, bytes]:
        """(size, root) of the log now, as one checkpoint: the root is MTH of exactly the first
        `size` committed records however many appends land meanwhile (a committed prefix and
        its perfect subtrees never change, so the root at a size read once is fixed)."""
        size = self.size()
        return size, self.root(size)

    def root(self, size: int | None = None) -> bytes:
        from .merkle import EMPTY_ROOT

        size = self.size() if size is None else size
        if size == 0:
            return EMPTY_ROOT
        if size > self.size():
            raise LedgerInputError(f"tree size {size} is past the log's size {self.size()}")
        return self.subtree(0, size)
