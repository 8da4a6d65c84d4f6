"""Property tests: proofs from stored hashes verify, and any tampering makes them fail."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.ledger import merkle
from zhifa.ledger.merkle import (
    MemoryHashStore,
    get_algorithm,
    leaf_hash,
    prove_consistency,
    prove_inclusion,
    root_from_leaves,
    stored_hashes_for_batch,
    stored_hashes_for_record,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)

ALGORITHMS = ["sha256", "sm3"]
PROPERTY = settings(max_examples=60, deadline=None, database=None)


def leaves_for(alg: merkle.HashAlgorithm, size: int) -> list[bytes]:
    # Distinct entries: with equal siblings a swapped pair would hash the same.
    return [leaf_hash(alg, i.to_bytes(3, "big") * (i % 3 + 1)) for i in range(size)]


def build(alg: merkle.HashAlgorithm, leaves: list[bytes]) -> MemoryHashStore:
    store = MemoryHashStore()
    store.append(stored_hashes_for_batch(alg, 0, leaves, store))
    return store


def flip(data: bytes, at: int) -> bytes:
    at %= len(data)
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


@pytest.mark.parametrize("name", ALGORITHMS)
@PROPERTY
@given(data=st.data())
def test_inclusion_verifies_and_tampering_fails(name: str, data: st.DataObject) -> None:
    alg = get_algorithm(name)
    size = data.draw(st.integers(1, 600), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    leaves = leaves_for(alg, size)
    store = build(alg, leaves)
    root = tree_hash(alg, size, store)
    assert root == root_from_leaves(alg, leaves)
    proof = prove_inclusion(alg, size, index, store)
    assert len(proof) <= (size - 1).bit_length()
    assert verify_inclusion(alg, index, size, leaves[index], proof, root)

    at = data.draw(st.integers(0, 10_000), label="byte")
    assert not verify_inclusion(alg, index, size, flip(leaves[index], at), proof, root)
    assert not verify_inclusion(alg, index, size, leaves[index], proof, flip(root, at))
    if proof:
        k = data.draw(st.integers(0, len(proof) - 1), label="path element")
        bad = [*proof[:k], flip(proof[k], at), *proof[k + 1 :]]
        assert not verify_inclusion(alg, index, size, leaves[index], bad, root)
    if size > 1:
        other = data.draw(st.integers(0, size - 1).filter(lambda i: i != index), label="other")
        assert not verify_inclusion(alg, other, size, leaves[index], proof, root)
        assert not verify_inclusion(alg, index, size, leaves[index], proof[:-1], root)


@pytest.mark.parametrize("name", ALGORITHMS)
@PROPERTY
@given(data=st.data())
def test_consistency_verifies_and_tampering_fails(name: str, data: st.DataObject) -> None:
    alg = get_algorithm(name)
    second = data.draw(st.integers(1, 600), label="second")
    first = data.draw(st.integers(1, second), label="first")
    leaves = leaves_for(alg, second)
    store = build(alg, leaves)
    first_root = tree_hash(alg, first, store)
    second_root = tree_hash(alg, second, store)
    assert first_root == root_from_leaves(alg, leaves[:first])
    proof = prove_consistency(alg, first, second, store)
    assert verify_consistency(alg, first, second, first_root, second_root, proof)

    at = data.draw(st.integers(0, 10_000), label="byte")
    assert not verify_consistency(alg, first, second, flip(first_root, at), second_root, proof)
    assert not verify_consistency(alg, first, second, first_root, flip(second_root, at), proof)
    if proof:
        k = data.draw(st.integers(0, len(proof) - 1), label="path element")
        bad = [*proof[:k], flip(proof[k], at), *proof[k + 1 :]]
        assert not verify_consistency(alg, first, second, first_root, second_root, bad)
    if second > 1:
        # A different old size with the same proof and roots must not pass.
        other = data.draw(st.integers(1, second).filter(lambda f: f != first), label="other")
        assert not verify_consistency(alg, other, second, first_root, second_root, proof)


@pytest.mark.parametrize("name", ALGORITHMS)
@pytest.mark.parametrize("block_level", [1, 2, 3, merkle._BLOCK_LEVEL])
@PROPERTY
@given(
    size=st.integers(0, 600),
    cuts=st.lists(st.integers(0, 600), max_size=6),
)
def test_batches_equal_record_by_record(
    name: str, block_level: int, size: int, cuts: list[int]
) -> None:
    alg = get_algorithm(name)
    leaves = leaves_for(alg, size)
    one = MemoryHashStore()
    for n, leaf in enumerate(leaves):
        one.append(stored_hashes_for_record(alg, n, leaf, one))

    saved = merkle._BLOCK_LEVEL
    merkle._BLOCK_LEVEL = block_level
    try:
        batched = MemoryHashStore()
        bounds = sorted({0, size, *(c for c in cuts if c <= size)})
        for lo, hi in pairwise(bounds):
            batched.append(stored_hashes_for_batch(alg, lo, leaves[lo:hi], batched))
    finally:
        merkle._BLOCK_LEVEL = saved
    assert len(batched) == len(one) == merkle.stored_hash_count(size)
    assert batched.read_hashes(range(len(batched))) == one.read_hashes(range(len(one)))


def test_sm3_and_sha256_logs_differ() -> None:
    sha, sm3 = get_algorithm("sha256"), get_algorithm("sm3")
    entries = [b"a", b"b", b"c"]
    sha_root = root_from_leaves(sha, [leaf_hash(sha, e) for e in entries])
    sm3_leaves = [leaf_hash(sm3, e) for e in entries]
    sm3_root = root_from_leaves(sm3, sm3_leaves)
    assert sha_root != sm3_root
    store = build(sm3, sm3_leaves)
    proof = prove_inclusion(sm3, 3, 1, store)
    assert verify_inclusion(sm3, 1, 3, sm3_leaves[1], proof, sm3_root)
    assert not verify_inclusion(sha, 1, 3, sm3_leaves[1], proof, sm3_root)
