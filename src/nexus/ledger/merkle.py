"""RFC 9162 (RFC 6962) Merkle tree hashing, inclusion and consistency proofs over any node source."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

from ..exceptions import ProofError

__all__ = [
    "EMPTY_ROOT",
    "CompactRange",
    "SubtreeFn",
    "consistency_proof",
    "fold_edge",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root_from_inclusion",
    "split_point",
    "subtree_from_leaves",
    "verify_consistency",
    "verify_inclusion",
]

_sha256 = hashlib.sha256
EMPTY_ROOT = _sha256(b"").digest()

# subtree(lo, hi) -> MTH(D[lo:hi]); the proof builders only ask for RFC-shaped ranges.
SubtreeFn = Callable[[int, int], bytes]


def leaf_hash(data: bytes) -> bytes:
    """MTH of one entry: SHA-256(0x00 || data)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Interior node: SHA-256(0x01 || left || right)."""
    return _sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly below n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree_from_leaves(hashes: Sequence[bytes]) -> SubtreeFn:
    """A subtree function over a list of leaf hashes (small trees, tests, verifiers)."""

    def subtree(lo: int, hi: int) -> bytes:
        if hi - lo == 1:
            return hashes[lo]
        k = split_point(hi - lo)
        return node_hash(subtree(lo, lo + k), subtree(lo + k, hi))

    return subtree


def _check_range(index: int, size: int) -> None:
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")


def inclusion_proof(index: int, size: int, subtree: SubtreeFn) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, leaf-side hash first."""
    _check_range(index, size)
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = split_point(hi - lo)
        if index < lo + k:
            path.append(subtree(lo + k, hi))
            hi = lo + k
        else:
            path.append(subtree(lo, lo + k))
            lo += k
    path.reverse()
    return path


def consistency_proof(old: int, new: int, subtree: SubtreeFn) -> list[bytes]:
    """PROOF(old, D[0:new]) of RFC 9162 §2.1.4.1 (empty when old is 0 or equals new)."""
    if not 0 <= old <= new:
        raise ProofError(f"no consistency proof from size {old} to size {new}")
    if old in (0, new):
        return []
    out: list[bytes] = []
    lo, hi, m, whole = 0, new, old, True
    while True:
        n = hi - lo
        if m == n:
            if not whole:
                out.append(subtree(lo, hi))
            break
        k = split_point(n)
        if m <= k:
            out.append(subtree(lo + k, hi))
            hi = lo + k
        else:
            out.append(subtree(lo, lo + k))
            lo, m, whole = lo + k, m - k, False
    out.reverse()
    return out


def root_from_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes]) -> bytes:
    """The root an inclusion path implies (RFC 9162 §2.1.3.2); ProofError (a ValueError) when malformed."""
    _check_range(index, size)
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the tree allows")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the tree needs")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes) -> bool:
    """True when `path` proves `leaf` (a leaf hash) sits at `index` in the tree with `root`."""
    try:
        return root_from_inclusion(index, size, leaf, path) == root
    except ProofError:
        return False


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """True when `proof` shows the tree of size `old` is a prefix of the one of size `new`."""
    if not 0 <= old <= new:
        return False
    if old == new:
        return not proof and old_root == new_root
    if old == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:  # a power of two: the old root is itself the first node
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


class CompactRange:
    """The right edge of a growing tree: one perfect-subtree hash per set bit of its size.

    `append` returns the perfect subtrees it completes as (level, index, hash), level 0 being the
    leaf itself; `root()` folds the edge right to left, which is MTH of the whole tree.

    Size and edge live in one immutable pair swapped in a single assignment, so a reader on
    another thread sees either the state before an append or the one after, never a mix
    (an edge already folded with a size not yet grown).
    """

    __slots__ = ("_state",)

    def __init__(self, size: int = 0, edge: Sequence[bytes] = ()) -> None:
        if len(edge) != size.bit_count():
            raise ProofError(f"a compact range of size {size} needs {size.bit_count()} hashes")
        self._state: tuple[int, tuple[bytes, ...]] = (size, tuple(edge))  # largest subtree first

    @property
    def size(self) -> int:
        return self._state[0]

    @property
    def edge(self) -> tuple[bytes, ...]:
        return self._state[1]

    def state(self) -> tuple[int, tuple[bytes, ...]]:
        """(size, edge) read together: a consistent pair even while another thread appends."""
        return self._state

    @staticmethod
    def edge_ranges(size: int) -> list[tuple[int, int]]:
        """(level, index) of each perfect subtree on the edge of a tree of `size`, largest first."""
        out, lo = [], 0
        for level in range(size.bit_length() - 1, -1, -1):
            if size >> level & 1:
                out.append((level, lo >> level))
                lo += 1 << level
        return out

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        size, edge = self._state
        idx, h, level, keep = size, leaf, 0, len(edge)
        made = [(0, idx, leaf)]
        while idx & 1:
            keep -= 1
            h = node_hash(edge[keep], h)
            idx >>= 1
            level += 1
            made.append((level, idx, h))
        self._state = (size + 1, edge[:keep] + (h,))  # the one step a reader can observe
        return made

    def extend(self, leaves: Iterable[bytes]) -> list[tuple[int, int, bytes]]:
        """Append many leaves in one visible step; returns only the interior nodes (level >= 1)
        they complete. The work happens on a private list (the store's hot path)."""
        size, edge = self._state
        stack, made = list(edge), []
        for leaf in leaves:
            idx, h, level = size, leaf, 0
            while idx & 1:
                h = node_hash(stack.pop(), h)
                idx >>= 1
                level += 1
                made.append((level, idx, h))
            stack.append(h)
            size += 1
        self._state = (size, tuple(stack))
        return made

    def root(self) -> bytes:
        return fold_edge(self._state[1])

    def copy(self) -> CompactRange:
        return CompactRange(*self._state)


def fold_edge(edge: Sequence[bytes]) -> bytes:
    """MTH of a tree given its right edge (largest perfect subtree first)."""
    if not edge:
        return EMPTY_ROOT
    h = edge[-1]
    for left in reversed(edge[:-1]):
        h = node_hash(left, h)
    return h
