"""RFC 9162 Merkle tree: the RFC 6962 / CT test vectors, and properties against a naive tree."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nexus.ledger.merkle import (
    EMPTY_ROOT,
    CompactRange,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    subtree_from_leaves,
    verify_consistency,
    verify_inclusion,
)

# The 8-leaf set of RFC 6962 / Certificate Transparency / transparency-dev/merkle.
LEAVES = [
    bytes.fromhex(h)
    for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f")
]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
H = bytes.fromhex
INCLUSION = {  # (index, size) -> audit path
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (0, 1): [],
}
CONSISTENCY = {  # (old, new) -> proof
    (1, 1): [],
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}


# --- a naive reference: RFC 9162 §2.1.1-2.1.4 written recursively over the leaf data ------------
def mth(d: list[bytes]) -> bytes:
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\0" + d[0]).digest()
    k = 1
    while k * 2 < len(d):
        k *= 2
    return hashlib.sha256(b"\1" + mth(d[:k]) + mth(d[k:])).digest()


def path(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = 1
    while k * 2 < len(d):
        k *= 2
    return path(m, d[:k]) + [mth(d[k:])] if m < k else path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    if m == len(d):
        return [] if b else [mth(d)]
    k = 1
    while k * 2 < len(d):
        k *= 2
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def tree(d: list[bytes]):
    return subtree_from_leaves([leaf_hash(x) for x in d])


# --- the published vectors ----------------------------------------------------------------------
def test_empty_root_is_sha256_of_nothing() -> None:
    assert EMPTY_ROOT == hashlib.sha256(b"").digest() == mth([])
    assert CompactRange().root() == EMPTY_ROOT


@pytest.mark.parametrize("n", range(1, 9))
def test_roots_match_the_rfc6962_vectors(n: int) -> None:
    assert tree(LEAVES)(0, n) == ROOTS[n - 1]
    edge = CompactRange()
    for x in LEAVES[:n]:
        edge.append(leaf_hash(x))
    assert edge.root() == ROOTS[n - 1]


@pytest.mark.parametrize(("index", "size"), list(INCLUSION))
def test_inclusion_proofs_match_the_vectors(index: int, size: int) -> None:
    want = [H(h) for h in INCLUSION[(index, size)]]
    assert inclusion_proof(index, size, tree(LEAVES)) == want
    assert verify_inclusion(index, size, leaf_hash(LEAVES[index]), want, ROOTS[size - 1])


@pytest.mark.parametrize(("old", "new"), list(CONSISTENCY))
def test_consistency_proofs_match_the_vectors(old: int, new: int) -> None:
    want = [H(h) for h in CONSISTENCY[(old, new)]]
    assert consistency_proof(old, new, tree(LEAVES)) == want
    assert verify_consistency(old, new, ROOTS[old - 1], ROOTS[new - 1], want)


def test_every_small_proof_verifies_and_wrong_ones_do_not() -> None:
    sub = tree(LEAVES)
    for n in range(1, 9):
        for i in range(n):
            p = inclusion_proof(i, n, sub)
            assert verify_inclusion(i, n, leaf_hash(LEAVES[i]), p, ROOTS[n - 1])
            assert not verify_inclusion(i, n, leaf_hash(b"x"), p, ROOTS[n - 1])
            if n > 1:
                assert not verify_inclusion((i + 1) % n, n, leaf_hash(LEAVES[i]), p, ROOTS[n - 1])
        for m in range(1, n + 1):
            p = consistency_proof(m, n, sub)
            assert verify_consistency(m, n, ROOTS[m - 1], ROOTS[n - 1], p)
            if m < n:
                assert not verify_consistency(m, n, ROOTS[m - 1], ROOTS[n - 2] if n > 1 else b"", p)


def test_node_and_leaf_hashes_are_domain_separated() -> None:
    a, b = leaf_hash(b"a"), leaf_hash(b"b")
    assert node_hash(a, b) != leaf_hash(a + b)


def test_bad_arguments() -> None:
    sub = tree(LEAVES)
    with pytest.raises(ValueError):
        inclusion_proof(8, 8, sub)
    with pytest.raises(ValueError):
        consistency_proof(5, 4, sub)
    assert not verify_inclusion(8, 8, leaf_hash(b""), [], ROOTS[7])
    assert not verify_consistency(4, 8, ROOTS[3], ROOTS[7], [])  # an empty proof never passes
    assert not verify_inclusion(0, 8, leaf_hash(LEAVES[0]), [H(h) for h in INCLUSION[(0, 8)]][:2], ROOTS[7])


# --- properties against the naive reference ---------------------------------------------------------
leaves = st.lists(st.binary(max_size=12), min_size=1, max_size=70)


@settings(max_examples=150, deadline=None)
@given(leaves, st.data())
def test_inclusion_matches_the_reference(d: list[bytes], data: st.DataObject) -> None:
    n = data.draw(st.integers(1, len(d)))
    i = data.draw(st.integers(0, n - 1))
    p = inclusion_proof(i, n, tree(d))
    assert p == path(i, d[:n])
    assert verify_inclusion(i, n, leaf_hash(d[i]), p, mth(d[:n]))
    if p:
        k = data.draw(st.integers(0, len(p) - 1))
        bad = list(p)
        bad[k] = bytes(32) if bad[k] != bytes(32) else b"\1" * 32
        assert not verify_inclusion(i, n, leaf_hash(d[i]), bad, mth(d[:n]))


@settings(max_examples=150, deadline=None)
@given(leaves, st.data())
def test_consistency_matches_the_reference(d: list[bytes], data: st.DataObject) -> None:
    n = data.draw(st.integers(1, len(d)))
    m = data.draw(st.integers(1, n))
    p = consistency_proof(m, n, tree(d))
    assert p == ([] if m == n else subproof(m, d[:n], True))
    assert verify_consistency(m, n, mth(d[:m]), mth(d[:n]), p)
    if m < n:
        other = d[: m - 1] + [d[m - 1] + b"!"]
        assert not verify_consistency(m, n, mth(other), mth(d[:n]), p)


@settings(max_examples=100, deadline=None)
@given(leaves)
def test_compact_range_tracks_every_root_and_perfect_node(d: list[bytes]) -> None:
    edge = CompactRange()
    for i, x in enumerate(d):
        for level, idx, h in edge.append(leaf_hash(x)):
            lo = idx << level
            assert h == mth(d[lo : lo + (1 << level)])
        assert edge.root() == mth(d[: i + 1])
    again = CompactRange(edge.size, edge.edge)
    assert again.root() == edge.root()


@settings(max_examples=60, deadline=None)
@given(leaves, st.integers(0, 40))
def test_compact_range_extend_is_append_in_one_visible_step(d: list[bytes], cut: int) -> None:
    """extend() from any start equals appending leaf by leaf; the object it came from and every
    state a reader held before are left as they were (copy-on-write)."""
    hashes = [leaf_hash(x) for x in d]
    cut = min(cut, len(hashes))
    base = CompactRange()
    base.extend(hashes[:cut])
    held = base.state()
    one, many = base.copy(), base.copy()
    singles = [n for h in hashes[cut:] for n in one.append(h)[1:]]
    assert many.extend(hashes[cut:]) == singles
    assert many.state() == one.state() and many.root() == mth(d)
    assert base.state() == held and base.root() == mth(d[:cut])
