"""Golden vectors and edge cases for the RFC 9162 Merkle core (zhifa.ledger.merkle)."""

from __future__ import annotations

import hashlib

import pytest

from zhifa.kernel.errors import ConfigurationError, InvalidInput
from zhifa.ledger import merkle
from zhifa.ledger.merkle import (
    SHA256,
    MemoryHashStore,
    empty_root,
    get_algorithm,
    leaf_hash,
    node_hash,
    prove_consistency,
    prove_inclusion,
    root_from_leaves,
    split_stored_hash_index,
    stored_hash_count,
    stored_hash_index,
    stored_hashes_for_batch,
    stored_hashes_for_record,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)

# The eight inputs of the test tree used by RFC 6962 implementations (certificate-
# transparency, Trillian, sigsum …).
ENTRIES = [
    bytes.fromhex(x)
    for x in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]

# MTH(D[0:n]) for n = 1 … 8, as published with those inputs.
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

H = bytes.fromhex


def build(entries: list[bytes], alg: merkle.HashAlgorithm = SHA256) -> MemoryHashStore:
    store = MemoryHashStore()
    store.append(stored_hashes_for_batch(alg, 0, [leaf_hash(alg, e) for e in entries], store))
    return store


@pytest.fixture
def store() -> MemoryHashStore:
    return build(ENTRIES)


def L(i: int) -> bytes:
    return leaf_hash(SHA256, ENTRIES[i])


def mth(lo: int, hi: int) -> bytes:
    return root_from_leaves(SHA256, [L(i) for i in range(lo, hi)])


# --- hashing -----------------------------------------------------------------------------


def test_hash_prefixes_follow_rfc_9162_2_1_1() -> None:
    assert leaf_hash(SHA256, b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert (
        node_hash(SHA256, b"L" * 32, b"R" * 32)
        == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()
    )
    assert empty_root(SHA256).hex() == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_sm3_uses_the_gbt_32905_function() -> None:
    sm3 = get_algorithm("sm3")
    # GB/T 32905-2016 Appendix A, example 1: SM3("abc").
    assert sm3.hash(b"abc").hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert leaf_hash(sm3, b"abc") == hashlib.new("sm3", b"\x00abc").digest()
    assert leaf_hash(sm3, b"abc") != leaf_hash(SHA256, b"abc")


@pytest.mark.parametrize("size", range(1, 9))
def test_golden_roots(store: MemoryHashStore, size: int) -> None:
    expected = ROOTS[size - 1]
    assert tree_hash(SHA256, size, store).hex() == expected
    assert root_from_leaves(SHA256, [L(i) for i in range(size)]).hex() == expected


def test_empty_tree() -> None:
    store = MemoryHashStore()
    assert tree_hash(SHA256, 0, store) == empty_root(SHA256)
    assert root_from_leaves(SHA256, []) == empty_root(SHA256)
    assert stored_hashes_for_batch(SHA256, 0, [], store) == []


# --- stored-hash layout ------------------------------------------------------------------


def test_stored_hash_layout_by_hand() -> None:
    # Appending records 0..4 stores, in order:
    #   r0: leaf0          -> 0
    #   r1: leaf1, (1,0)   -> 1, 2
    #   r2: leaf2          -> 3
    #   r3: leaf3, (1,1), (2,0) -> 4, 5, 6
    #   r4: leaf4          -> 7
    expected = {(0, 0): 0, (0, 1): 1, (1, 0): 2, (0, 2): 3, (0, 3): 4, (1, 1): 5, (2, 0): 6}
    expected[(0, 4)] = 7
    for (level, n), index in expected.items():
        assert stored_hash_index(level, n) == index
        assert split_stored_hash_index(index) == (level, n)
    assert [stored_hash_count(n) for n in range(9)] == [0, 1, 3, 4, 7, 8, 10, 11, 15]


def test_split_inverts_index_everywhere() -> None:
    for index in range(5000):
        level, n = split_stored_hash_index(index)
        assert stored_hash_index(level, n) == index
    assert split_stored_hash_index(stored_hash_index(40, 12345)) == (40, 12345)


def test_store_holds_each_complete_subtree_at_its_index(store: MemoryHashStore) -> None:
    assert len(store) == stored_hash_count(8) == 15
    (got,) = store.read_hashes([stored_hash_index(2, 1)])
    assert got == mth(4, 8)
    (got,) = store.read_hashes([stored_hash_index(1, 3)])
    assert got == node_hash(SHA256, L(6), L(7))


def test_record_by_record_equals_batch(store: MemoryHashStore) -> None:
    one = MemoryHashStore()
    for n, entry in enumerate(ENTRIES):
        assert len(one) == stored_hash_count(n)
        one.append(stored_hashes_for_record(SHA256, n, leaf_hash(SHA256, entry), one))
    assert one.read_hashes(range(len(one))) == store.read_hashes(range(len(store)))


@pytest.mark.parametrize("start", [0, 1, 255, 256, 700, 1023, 1024, 1500])
def test_batch_blocks_match_record_by_record(start: int) -> None:
    # Long enough for the block path of stored_hashes_for_batch at its real block size.
    leaves = [leaf_hash(SHA256, i.to_bytes(4, "big")) for i in range(start + 2600)]
    one = MemoryHashStore()
    for n, leaf in enumerate(leaves):
        one.append(stored_hashes_for_record(SHA256, n, leaf, one))
    batch = MemoryHashStore()
    batch.append(stored_hashes_for_batch(SHA256, 0, leaves[:start], batch))
    batch.append(stored_hashes_for_batch(SHA256, start, leaves[start:], batch))
    assert batch.read_hashes(range(len(batch))) == one.read_hashes(range(len(one)))
    assert tree_hash(SHA256, len(leaves), batch) == root_from_leaves(SHA256, leaves)


# --- proofs derived by hand from RFC 9162 §2.1.3.1 and §2.1.4.1 --------------------------


def test_inclusion_path_index_2_size_5_by_hand(store: MemoryHashStore) -> None:
    # PATH(2, D[0:5]) = PATH(2, D[0:4]) : MTH(D[4:5])            (k = 4, 2 < 4)
    # PATH(2, D[0:4]) = PATH(0, D[2:4]) : MTH(D[0:2])            (k = 2, 2 >= 2)
    # PATH(0, D[2:4]) = PATH(0, D[2:3]) : MTH(D[3:4]) = [L3]     (k = 1, 0 < 1)
    assert prove_inclusion(SHA256, 5, 2, store) == [L(3), mth(0, 2), L(4)]


def test_inclusion_path_index_6_size_7_by_hand(store: MemoryHashStore) -> None:
    # PATH(6, D[0:7]) = PATH(2, D[4:7]) : MTH(D[0:4])
    # PATH(2, D[4:7]) = PATH(0, D[6:7]) : MTH(D[4:6]) = [] : MTH(D[4:6])
    assert prove_inclusion(SHA256, 7, 6, store) == [mth(4, 6), mth(0, 4)]


def test_consistency_3_to_7_by_hand(store: MemoryHashStore) -> None:
    # SUBPROOF(3, D[0:7], true) = SUBPROOF(3, D[0:4], true) : MTH(D[4:7])
    # SUBPROOF(3, D[0:4], true) = SUBPROOF(1, D[2:4], false) : MTH(D[0:2])
    # SUBPROOF(1, D[2:4], false) = SUBPROOF(1, D[2:3], false) : MTH(D[3:4]) = [L2, L3]
    proof = prove_consistency(SHA256, 3, 7, store)
    assert proof == [L(2), L(3), mth(0, 2), mth(4, 7)]
    assert verify_consistency(SHA256, 3, 7, H(ROOTS[2]), H(ROOTS[6]), proof)


def test_consistency_4_to_8_omits_the_old_root(store: MemoryHashStore) -> None:
    # SUBPROOF(4, D[0:8], true) = SUBPROOF(4, D[0:4], true) : MTH(D[4:8]) = [] : MTH(D[4:8])
    assert prove_consistency(SHA256, 4, 8, store) == [mth(4, 8)]


GOLDEN_INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 1, []),
]  # fmt: skip

GOLDEN_CONSISTENCY = [
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]  # fmt: skip


@pytest.mark.parametrize(("index", "size", "path"), GOLDEN_INCLUSION)
def test_golden_inclusion(store: MemoryHashStore, index: int, size: int, path: list[str]) -> None:
    proof = prove_inclusion(SHA256, size, index, store)
    assert [p.hex() for p in proof] == path
    assert verify_inclusion(SHA256, index, size, L(index), proof, H(ROOTS[size - 1]))
    assert not verify_inclusion(SHA256, index, size, L(index), proof, H(ROOTS[size - 2]))


@pytest.mark.parametrize(("first", "second", "path"), GOLDEN_CONSISTENCY)
def test_golden_consistency(
    store: MemoryHashStore, first: int, second: int, path: list[str]
) -> None:
    proof = prove_consistency(SHA256, first, second, store)
    assert [p.hex() for p in proof] == path
    first_root, second_root = H(ROOTS[first - 1]), H(ROOTS[second - 1])
    assert verify_consistency(SHA256, first, second, first_root, second_root, proof)
    assert not verify_consistency(SHA256, first, second, second_root, first_root, proof)


def test_every_proof_of_the_test_tree_verifies(store: MemoryHashStore) -> None:
    for size in range(1, 9):
        root = H(ROOTS[size - 1])
        for index in range(size):
            proof = prove_inclusion(SHA256, size, index, store)
            assert verify_inclusion(SHA256, index, size, L(index), proof, root)
            if size > 1:
                wrong = (index + 1) % size
                assert not verify_inclusion(SHA256, wrong, size, L(index), proof, root)
        for first in range(1, size + 1):
            proof = prove_consistency(SHA256, first, size, store)
            assert verify_consistency(SHA256, first, size, H(ROOTS[first - 1]), root, proof)


def test_a_path_must_reach_the_top_of_the_claimed_tree(store: MemoryHashStore) -> None:
    # [L1] takes L0 to MTH(D[0:2]); claiming that is the root of a 3-record tree must
    # fail on RFC 9162 §2.1.3.2 step 5 (sn is 1, not 0), though the hashes match.
    assert verify_inclusion(SHA256, 0, 2, L(0), [L(1)], H(ROOTS[1]))
    assert not verify_inclusion(SHA256, 0, 3, L(0), [L(1)], H(ROOTS[1]))
    # Likewise §2.1.4.2 step 7: PROOF(4, D[0:8]) = [MTH(D[4:8])], presented as a proof
    # from size 2 with MTH(D[0:4]) as "first root", hashes up to the size-8 root but
    # leaves sn = 1.
    proof = prove_consistency(SHA256, 4, 8, store)
    assert verify_consistency(SHA256, 4, 8, H(ROOTS[3]), H(ROOTS[7]), proof)
    assert not verify_consistency(SHA256, 2, 8, H(ROOTS[3]), H(ROOTS[7]), proof)


def test_each_proof_is_one_read(store: MemoryHashStore) -> None:
    before = store.reads
    prove_inclusion(SHA256, 7, 3, store)
    assert store.reads == before + 1
    prove_consistency(SHA256, 3, 7, store)
    assert store.reads == before + 2
    tree_hash(SHA256, 7, store)
    assert store.reads == before + 3


# --- degenerate consistency cases --------------------------------------------------------


def test_consistency_with_itself_and_with_the_empty_tree(store: MemoryHashStore) -> None:
    root5 = H(ROOTS[4])
    assert prove_consistency(SHA256, 5, 5, store) == []
    assert verify_consistency(SHA256, 5, 5, root5, root5, [])
    assert not verify_consistency(SHA256, 5, 5, root5, H(ROOTS[5]), [])
    assert not verify_consistency(SHA256, 5, 5, root5, root5, [root5])
    assert prove_consistency(SHA256, 0, 5, store) == []
    assert verify_consistency(SHA256, 0, 5, empty_root(SHA256), root5, [])
    assert not verify_consistency(SHA256, 0, 5, root5, root5, [])
    # RFC 9162 §2.1.4.2 step 1: an empty path proves nothing for 0 < first < second.
    assert not verify_consistency(SHA256, 4, 5, H(ROOTS[3]), root5, [])


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "index"), [(5, 5), (5, 9), (0, 0), (5, -1), (-1, 0)])
def test_inclusion_out_of_range_is_invalid_input(
    store: MemoryHashStore, size: int, index: int
) -> None:
    with pytest.raises(InvalidInput) as err:
        prove_inclusion(SHA256, size, index, store)
    assert "叶序号" in err.value.message_zh
    assert "index" in err.value.message_en


@pytest.mark.parametrize(("first", "second"), [(6, 5), (-1, 5), (3, -2)])
def test_consistency_out_of_range_is_invalid_input(
    store: MemoryHashStore, first: int, second: int
) -> None:
    with pytest.raises(InvalidInput, match="first"):
        prove_consistency(SHA256, first, second, store)


def test_sizes_beyond_the_log_are_invalid_input(store: MemoryHashStore) -> None:
    with pytest.raises(InvalidInput):
        tree_hash(SHA256, 9, store)
    with pytest.raises(InvalidInput):
        prove_inclusion(SHA256, 12, 3, store)
    with pytest.raises(InvalidInput):
        prove_consistency(SHA256, 3, 9, store)
    with pytest.raises(InvalidInput):
        prove_consistency(SHA256, 9, 9, store)
    with pytest.raises(InvalidInput):
        stored_hashes_for_batch(SHA256, 10, [L(0)], store)


def test_a_short_read_is_invalid_input() -> None:
    class Forgetful:
        def read_hashes(self, indexes: object) -> list[bytes]:
            return []

    with pytest.raises(InvalidInput, match="smaller than the requested"):
        tree_hash(SHA256, 3, Forgetful())


@pytest.mark.parametrize(
    "fn", [stored_hash_count, split_stored_hash_index, lambda n: stored_hash_index(0, n)]
)
def test_negative_positions_are_invalid_input(fn: object) -> None:
    with pytest.raises(InvalidInput, match="negative"):
        fn(-1)  # type: ignore[operator]


def test_verifiers_return_false_on_malformed_input(store: MemoryHashStore) -> None:
    root = H(ROOTS[7])
    proof = prove_inclusion(SHA256, 8, 3, store)
    assert verify_inclusion(SHA256, 3, 8, L(3), proof, root)
    assert not verify_inclusion(SHA256, 8, 8, L(3), proof, root)
    assert not verify_inclusion(SHA256, -1, 8, L(3), proof, root)
    assert not verify_inclusion(SHA256, 3, 8, L(3)[:31], proof, root)
    assert not verify_inclusion(SHA256, 3, 8, L(3), [*proof[:-1], proof[-1][:31]], root)
    assert not verify_inclusion(SHA256, 3, 8, L(3), [*proof, proof[0]], root)
    assert not verify_inclusion(SHA256, 3, 8, L(3), proof[:-1], root)
    assert not verify_inclusion(SHA256, 3, 8, L(3), b"".join(proof), root)  # type: ignore[arg-type]
    assert not verify_inclusion(SHA256, 3, 8, "x", proof, root)  # type: ignore[arg-type]
    cproof = prove_consistency(SHA256, 3, 8, store)
    assert verify_consistency(SHA256, 3, 8, H(ROOTS[2]), root, cproof)
    assert not verify_consistency(SHA256, 8, 3, H(ROOTS[2]), root, cproof)
    assert not verify_consistency(SHA256, 3, 8, H(ROOTS[2]), root, cproof[:-1])
    assert not verify_consistency(SHA256, 3, 8, H(ROOTS[2]), root, [*cproof, cproof[0]])
    assert not verify_consistency(SHA256, 3, 8, H(ROOTS[2]), root, [None])  # type: ignore[list-item]


# --- algorithm selection -----------------------------------------------------------------


def test_unknown_algorithm_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError) as err:
        get_algorithm("md5")
    assert "md5" in err.value.message_zh
    assert "sha256" in err.value.message_zh
    assert "unknown ledger hash algorithm" in err.value.message_en


def test_missing_sm3_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_new = hashlib.new

    def no_sm3(name: str, *args: object, **kwargs: object) -> object:
        if name == "sm3":
            raise ValueError("unsupported hash type sm3")
        return real_new(name, *args, **kwargs)  # type: ignore[arg-type]

    get_algorithm.cache_clear()
    monkeypatch.setattr(hashlib, "new", no_sm3)
    try:
        with pytest.raises(ConfigurationError) as err:
            get_algorithm("sm3")
        assert "SM3" in err.value.message_zh
        assert "OpenSSL" in err.value.message_en
    finally:
        get_algorithm.cache_clear()
    assert get_algorithm("sha256") is SHA256
