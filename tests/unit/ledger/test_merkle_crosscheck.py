"""zhifa.ledger.merkle against pymerkle 7, an independent RFC 9162 implementation.

pymerkle's inclusion path is ``[leaf] + audit path`` (leaf to root), so it is compared
hash for hash. Its consistency proof uses a different layout from RFC 9162's PROOF
(it always carries the old tree's subtree roots), so there each side's proof is checked
by the other side's roots and verifier, and our path is compared with the RFC 9162
§2.1.4.1 recursion written out here over pymerkle's subtree roots.
"""

from __future__ import annotations

import functools

import pytest
from pymerkle import InmemoryTree
from pymerkle import verify_consistency as pm_verify_consistency
from pymerkle import verify_inclusion as pm_verify_inclusion

from zhifa.ledger.merkle import (
    SHA256,
    MemoryHashStore,
    hash_leaves,
    prove_consistency,
    prove_inclusion,
    stored_hashes_for_batch,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)

SIZES = [*range(1, 70), 127, 128, 129, 255, 256, 257, 300, 511, 513, 1000]
N = max(SIZES)
ENTRIES = [f"记录 {i} / entry {i}".encode() * (i % 5 + 1) for i in range(N)]


@pytest.fixture(scope="module")
def ours() -> MemoryHashStore:
    store = MemoryHashStore()
    store.append(stored_hashes_for_batch(SHA256, 0, hash_leaves(SHA256, ENTRIES), store))
    return store


@pytest.fixture(scope="module")
def theirs() -> InmemoryTree:
    return InmemoryTree.init_from_entries(ENTRIES, algorithm="sha256")


@functools.cache
def their_mth(lo: int, hi: int) -> bytes:
    """MTH(D[lo:hi]) computed by pymerkle alone."""
    return bytes(InmemoryTree.init_from_entries(ENTRIES[lo:hi], algorithm="sha256").get_root())


def rfc_subproof(m: int, lo: int, hi: int, whole: bool) -> list[bytes]:
    """RFC 9162 §2.1.4.1 SUBPROOF(m, D[lo:hi], b), transcribed literally."""
    n = hi - lo
    if m == n:
        return [] if whole else [their_mth(lo, hi)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*rfc_subproof(m, lo, lo + k, whole), their_mth(lo + k, hi)]
    return [*rfc_subproof(m - k, lo + k, hi, False), their_mth(lo, lo + k)]


def test_roots_agree(ours: MemoryHashStore, theirs: InmemoryTree) -> None:
    for size in range(1, N + 1):
        assert tree_hash(SHA256, size, ours) == theirs.get_root(size), size


@pytest.mark.parametrize("size", SIZES)
def test_inclusion_paths_agree(ours: MemoryHashStore, theirs: InmemoryTree, size: int) -> None:
    root = theirs.get_root(size)
    indexes = range(size) if size <= 70 else range(0, size, 7)
    for index in indexes:
        proof = prove_inclusion(SHA256, size, index, ours)
        their = theirs.prove_inclusion(index + 1, size)  # pymerkle counts from one
        leaf = theirs.get_leaf(index + 1)
        assert their.path == [leaf, *proof], (index, size)
        assert verify_inclusion(SHA256, index, size, leaf, proof, root)
        pm_verify_inclusion(leaf, tree_hash(SHA256, size, ours), their)


@pytest.mark.parametrize("second", [s for s in SIZES if s <= 70] + [129, 257, 513])
def test_consistency_proofs_agree(ours: MemoryHashStore, theirs: InmemoryTree, second: int) -> None:
    second_root = theirs.get_root(second)
    firsts = range(1, second + 1) if second <= 70 else [1, 2, 3, 64, 100, 128, second - 1]
    for first in firsts:
        first_root = theirs.get_root(first)
        proof = prove_consistency(SHA256, first, second, ours)
        if first < second:
            assert proof == rfc_subproof(first, 0, second, True), (first, second)
        assert verify_consistency(SHA256, first, second, first_root, second_root, proof)
        their = theirs.prove_consistency(first, second)
        pm_verify_consistency(
            tree_hash(SHA256, first, ours), tree_hash(SHA256, second, ours), their
        )
