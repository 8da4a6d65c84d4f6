"""Pure RFC 9162 §2.1 Merkle tree hashing, stored-hash indexing, proofs and their checks.

The hash (RFC 9162 §2.1.1), for a hash algorithm HASH:

* ``MTH({}) = HASH()`` — the empty tree;
* ``MTH({d(0)}) = HASH(0x00 || d(0))`` — a leaf;
* ``MTH(D[n]) = HASH(0x01 || MTH(D[0:k]) || MTH(D[k:n]))`` for ``n > 1``, where ``k`` is
  the largest power of two smaller than ``n``.

HASH is SHA-256 (the RFC's choice) or SM3 (GB/T 32905-2016, 国密), selected per log.

Storage follows the layout of Go's ``golang.org/x/mod/sumdb/tlog`` (derived here from the
definitions above, not copied): the hash of every *complete* subtree — ``2**level``
records starting at record ``n * 2**level`` — is stored exactly once, at a position fixed
by ``(level, n)``, in the order the hashes become known while records are appended. A tree
of ``N`` records holds ``2N - popcount(N)`` stored hashes. Every tree hash, audit path and
consistency proof for any size up to ``N`` is assembled from ``O(log N)`` stored hashes, so
nothing is ever rebuilt. Reads go through a :class:`HashReader` (one database round-trip
per call); each proof here makes a single call.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Protocol

from zhifa.kernel.errors import ConfigurationError, InvalidInput

__all__ = [
    "ALGORITHM_NAMES",
    "SHA256",
    "HashAlgorithm",
    "HashReader",
    "MemoryHashStore",
    "empty_root",
    "get_algorithm",
    "hash_leaves",
    "leaf_hash",
    "node_hash",
    "prove_consistency",
    "prove_inclusion",
    "root_from_leaves",
    "split_stored_hash_index",
    "stored_hash_count",
    "stored_hash_index",
    "stored_hashes_for_batch",
    "stored_hashes_for_record",
    "tree_hash",
    "verify_consistency",
    "verify_inclusion",
]

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"

#: Names accepted by :func:`get_algorithm`, as written in checkpoints and settings.
ALGORITHM_NAMES: tuple[str, ...] = ("sha256", "sm3")

# A proof for a tree of fewer than 2**64 records never has more hashes than this
# (an audit path has at most 64; a consistency proof at most 2 * 64).
_MAX_PATH = 128


class _HashObject(Protocol):
    def digest(self) -> bytes: ...


@dataclass(frozen=True)
class HashAlgorithm:
    """One hash function HASH of RFC 9162 §2.1.1, with its digest size.

    ``new(data)`` returns a hashlib-style object over ``data``; the tight loops below call
    it directly so that each hash costs one C call.
    """

    name: str
    digest_size: int
    new: Callable[[bytes], _HashObject] = field(repr=False, compare=False)

    def hash(self, data: bytes) -> bytes:
        """HASH(data)."""
        return self.new(data).digest()


SHA256 = HashAlgorithm("sha256", 32, hashlib.sha256)
"""SHA-256, RFC 9162's hash and the default for every zhifa log."""


@functools.cache
def get_algorithm(name: str) -> HashAlgorithm:
    """The :class:`HashAlgorithm` called ``name`` (``"sha256"`` or ``"sm3"``).

    Raises :class:`~zhifa.kernel.errors.ConfigurationError` for an unknown name, or for
    ``"sm3"`` when the platform's OpenSSL has no SM3 (``hashlib.new`` raises ValueError).
    """
    if name == "sha256":
        return SHA256
    if name == "sm3":
        try:
            digest_size = hashlib.new("sm3", b"").digest_size
        except ValueError:
            raise ConfigurationError(
                message_zh="本机 OpenSSL 不支持 SM3 国密杂凑算法，无法使用以 SM3 构建的账本；"
                "请安装支持 SM3 的 OpenSSL（1.1.1 及以上且未禁用 SM3），或改用 sha256。",
                message_en="hash algorithm 'sm3' is not available: this platform's OpenSSL "
                "lacks SM3 (hashlib.new('sm3') raised ValueError)",
                hint_zh="安装支持 SM3 的 OpenSSL，或将账本杂凑算法设为 sha256。",
            ) from None
        return HashAlgorithm("sm3", digest_size, functools.partial(hashlib.new, "sm3"))
    raise ConfigurationError(
        message_zh=f"未知的账本杂凑算法“{name}”；可选值为 sha256 或 sm3。",
        message_en=f"unknown ledger hash algorithm {name!r}; expected one of "
        f"{', '.join(ALGORITHM_NAMES)}",
        hint_zh="将账本杂凑算法设为 sha256（默认）或 sm3。",
    )


# --- RFC 9162 §2.1.1 hashing -----------------------------------------------------------


def leaf_hash(alg: HashAlgorithm, entry: bytes) -> bytes:
    """The leaf hash ``HASH(0x00 || entry)`` (RFC 9162 §2.1.1)."""
    return alg.new(_LEAF_PREFIX + entry).digest()


def hash_leaves(alg: HashAlgorithm, entries: Iterable[bytes]) -> list[bytes]:
    """``[leaf_hash(alg, e) for e in entries]``, without a Python call per entry."""
    new = alg.new
    prefix = _LEAF_PREFIX
    return [new(prefix + e).digest() for e in entries]


def node_hash(alg: HashAlgorithm, left: bytes, right: bytes) -> bytes:
    """The interior node hash ``HASH(0x01 || left || right)`` (RFC 9162 §2.1.1)."""
    return alg.new(_NODE_PREFIX + left + right).digest()


def empty_root(alg: HashAlgorithm) -> bytes:
    """``MTH({}) = HASH()``, the root of the empty tree (RFC 9162 §2.1.1)."""
    return alg.new(b"").digest()


def root_from_leaves(alg: HashAlgorithm, leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over already-hashed leaves, straight from the RFC 9162 §2.1.1 recursion.

    Meant for tests and small trees: it recomputes every interior node.
    """
    if not leaf_hashes:
        return empty_root(alg)

    def mth(lo: int, hi: int) -> bytes:
        if hi - lo == 1:
            return leaf_hashes[lo]
        k = _split_point(hi - lo)
        return node_hash(alg, mth(lo, lo + k), mth(lo + k, hi))

    return mth(0, len(leaf_hashes))


def _split_point(n: int) -> int:
    """The largest power of two smaller than ``n`` (``n >= 2``): RFC 9162's ``k``."""
    return 1 << ((n - 1).bit_length() - 1)


# --- stored-hash layout ------------------------------------------------------------------


def stored_hash_count(n: int) -> int:
    """How many hashes are stored for a tree of ``n`` records: ``2n - popcount(n)``.

    Appending record ``i`` stores its leaf hash plus one hash per subtree it completes,
    i.e. ``1 + (trailing one bits of i)``; summed over ``i < n`` this is
    ``n + n//2 + n//4 + …``, which equals ``2n - popcount(n)``.
    """
    if n < 0:
        raise _negative("n", n)
    return 2 * n - n.bit_count()


def stored_hash_index(level: int, n: int) -> int:
    """Where the hash of complete subtree ``(level, n)`` is stored.

    Subtree ``(level, n)`` covers records ``[n * 2**level, (n + 1) * 2**level)``. It is
    completed by its last record ``r = (n + 1) * 2**level - 1``; the hashes of the ``r``
    records before it come first, then ``r``'s own hashes bottom-up (leaf at level 0,
    then levels 1, 2, …), so the index is ``stored_hash_count(r) + level``.
    """
    if level < 0:
        raise _negative("level", level)
    if n < 0:
        raise _negative("n", n)
    last = ((n + 1) << level) - 1
    return 2 * last - last.bit_count() + level


def split_stored_hash_index(index: int) -> tuple[int, int]:
    """The inverse of :func:`stored_hash_index`: ``index -> (level, n)``."""
    if index < 0:
        raise _negative("index", index)
    # Find the record r whose append stored this hash: the largest r with
    # stored_hash_count(r) <= index. stored_hash_count(index // 2) <= index, and each
    # further record adds at least one hash, so only O(log index) steps follow.
    record = index // 2
    while 2 * (record + 1) - (record + 1).bit_count() <= index:
        record += 1
    level = index - (2 * record - record.bit_count())
    return level, record >> level


def _subtree_indexes(lo: int, hi: int) -> list[int]:
    """Stored indexes of the complete subtrees whose fold gives ``MTH(D[lo:hi])``.

    ``[lo, hi)`` must be a subtree of the RFC 9162 recursion, so ``lo`` is a multiple of
    the smallest power of two ``>= hi - lo``: the greedy split into powers of two, largest
    first, then yields aligned complete subtrees, and folding them from the right,
    ``HASH(0x01 || s0 || HASH(0x01 || s1 || …))``, is exactly the recursion of §2.1.1.
    """
    out: list[int] = []
    while lo < hi:
        level = (hi - lo).bit_length() - 1
        out.append(stored_hash_index(level, lo >> level))
        lo += 1 << level
    return out


def _fold(alg: HashAlgorithm, hashes: Sequence[bytes]) -> bytes:
    """Fold subtree hashes from the right: ``h0, h1, h2 -> node(h0, node(h1, h2))``."""
    new = alg.new
    prefix = _NODE_PREFIX
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = new(prefix + h + acc).digest()
    return acc


def _right_edge_indexes(n: int) -> list[int]:
    """Stored indexes of the maximal complete subtrees of a tree of ``n`` records."""
    return _subtree_indexes(0, n)


def _read(reader: HashReader, indexes: Sequence[int], what_zh: str, what_en: str) -> list[bytes]:
    """One ``read_hashes`` call; a short answer means the tree is smaller than asked."""
    if not indexes:
        return []
    hashes = reader.read_hashes(indexes)
    if len(hashes) != len(indexes):
        raise InvalidInput(
            message_zh=f"{what_zh}：所需的树哈希尚未存储（账本记录数少于请求的树大小）。",
            message_en=f"{what_en}: {len(indexes)} stored hashes requested, "
            f"{len(hashes)} returned; the log is smaller than the requested tree size",
        )
    return list(hashes)


class HashReader(Protocol):
    """Reads stored hashes by index (see :func:`stored_hash_index`).

    Returns them in the order asked. An implementation either raises
    :class:`~zhifa.kernel.errors.InvalidInput` for an index that is not stored, or
    returns fewer hashes than asked, which the callers here turn into InvalidInput.
    The database adapter answers each call with one SELECT.
    """

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]: ...


class MemoryHashStore:
    """A list-backed :class:`HashReader`: position ``i`` holds stored hash ``i``."""

    def __init__(self) -> None:
        self._hashes: list[bytes] = []
        self.reads = 0
        """How many ``read_hashes`` calls were made (a database would make as many trips)."""

    def __len__(self) -> int:
        return len(self._hashes)

    def append(self, hashes: Iterable[bytes]) -> None:
        """Store ``hashes`` after the existing ones (as returned by the append helpers)."""
        self._hashes.extend(hashes)

    def read_hashes(self, indexes: Sequence[int]) -> list[bytes]:
        self.reads += 1
        stored = self._hashes
        count = len(stored)
        for i in indexes:
            if not 0 <= i < count:
                raise InvalidInput(
                    message_zh=f"请求的树哈希序号 {i} 超出已存储范围（共 {count} 个）。",
                    message_en=f"stored hash index {i} out of range (0..{count - 1})",
                )
        return [stored[i] for i in indexes]


# --- appending ---------------------------------------------------------------------------


def stored_hashes_for_record(
    alg: HashAlgorithm, n: int, leaf: bytes, reader: HashReader
) -> list[bytes]:
    """The hashes to store when appending record ``n`` (0-based) whose leaf hash is ``leaf``.

    Returned in index order, starting at ``stored_hash_index(0, n)``: the leaf, then the
    hash of each complete subtree that record ``n`` finishes (one per trailing one bit of
    ``n``), each ``HASH(0x01 || left sibling || new right)``. The left siblings are read
    from ``reader`` in one call.
    """
    if n < 0:
        raise _negative("n", n)
    siblings: list[int] = []
    level = 0
    while (n >> level) & 1:
        siblings.append(stored_hash_index(level, (n >> level) - 1))
        level += 1
    lefts = _read(reader, siblings, "追加记录", f"append record {n}")
    new = alg.new
    prefix = _NODE_PREFIX
    out = [leaf]
    h = leaf
    for left in lefts:
        h = new(prefix + left + h).digest()
        out.append(h)
    return out


def stored_hashes_for_batch(
    alg: HashAlgorithm, start_n: int, leaf_hashes: Iterable[bytes], reader: HashReader
) -> list[bytes]:
    """All hashes to store when appending records ``start_n, start_n + 1, …`` at once.

    Equal to concatenating :func:`stored_hashes_for_record` for each record in turn (the
    result starts at ``stored_hash_index(0, start_n)``), but the pending right edge —
    the maximal complete subtrees not yet paired — stays on a stack in memory: one read
    of ``O(log start_n)`` hashes, then no reads at all.

    Records are taken one by one up to a multiple of ``2**_BLOCK_LEVEL``; from there
    each aligned block of that many records is hashed level by level in list
    comprehensions and put in stored order by a precomputed permutation, which keeps the
    per-hash cost close to that of bare ``hashlib`` calls.
    """
    if start_n < 0:
        raise _negative("start_n", start_n)
    leaves = leaf_hashes if isinstance(leaf_hashes, list) else list(leaf_hashes)
    total = len(leaves)
    if total == 0:
        return []
    # The maximal complete subtrees of the first start_n records, left to right: the
    # largest at the bottom of the stack, the one to pair next on top.
    stack = _read(reader, _right_edge_indexes(start_n), "批量追加记录", f"append at {start_n}")
    out: list[bytes] = []
    k = _BLOCK_LEVEL
    size = 1 << k
    head = min(total, -start_n % size)
    _append_one_by_one(alg, leaves, 0, head, start_n, stack, out)
    n, i = start_n + head, head
    if total - i >= size:
        new = alg.new
        prefix = _NODE_PREFIX
        pop = stack.pop
        emit = out.append
        order = _block_order(k)
        while total - i >= size:
            block = leaves[i : i + size]
            level = block
            for _ in range(k):
                pairs = iter(level)
                level = [new(prefix + a + b).digest() for a, b in zip(pairs, pairs, strict=False)]
                block += level
            out.extend(order(block))
            # The block's last record also completes one subtree per trailing one bit
            # of n >> k, pairing the block root with what waits on the stack.
            h = level[0]
            m = n >> k
            while m & 1:
                h = new(prefix + pop() + h).digest()
                emit(h)
                m >>= 1
            stack.append(h)
            n += size
            i += size
    _append_one_by_one(alg, leaves, i, total, n, stack, out)
    return out


_BLOCK_LEVEL = 10
"""Records per block in :func:`stored_hashes_for_batch`: ``2**_BLOCK_LEVEL``."""


def _append_one_by_one(
    alg: HashAlgorithm,
    leaves: list[bytes],
    lo: int,
    hi: int,
    n: int,
    stack: list[bytes],
    out: list[bytes],
) -> None:
    """Append ``leaves[lo:hi]`` as records ``n, n + 1, …`` onto ``stack`` and ``out``."""
    new = alg.new
    prefix = _NODE_PREFIX
    push = stack.append
    pop = stack.pop
    emit = out.append
    for j in range(lo, hi):
        h = leaves[j]
        emit(h)
        # Record n completes one subtree per trailing one bit of n.
        m = n
        while m & 1:
            h = new(prefix + pop() + h).digest()
            emit(h)
            m >>= 1
        push(h)
        n += 1


@functools.cache
def _block_order(k: int) -> Callable[[list[bytes]], tuple[bytes, ...]]:
    """A getter taking one aligned block's hashes from level order to stored order.

    The block (``2**k`` records starting at a multiple of ``2**k``) is laid out level by
    level — its ``2**k`` leaves, then ``2**(k-1)`` level-1 hashes, … , then its root —
    and subtree ``(level, j)`` of the block sits at stored position
    ``stored_hash_index(level, j)`` relative to the block's first stored hash.
    """
    positions: list[int] = [0] * ((2 << k) - 1)
    offset = 0
    for level in range(k + 1):
        for j in range(1 << (k - level)):
            positions[stored_hash_index(level, j)] = offset + j
        offset += 1 << (k - level)
    getter: Callable[[list[bytes]], tuple[bytes, ...]] = itemgetter(*positions)
    return getter


# --- tree hash and proofs ----------------------------------------------------------------


def tree_hash(alg: HashAlgorithm, n: int, reader: HashReader) -> bytes:
    """``MTH(D[0:n])``, the root of the first ``n`` records (RFC 9162 §2.1.1).

    Folds the ``popcount(n)`` maximal complete subtrees, read in one call.
    """
    if n < 0:
        raise _negative("n", n)
    if n == 0:
        return empty_root(alg)
    return _fold(alg, _read(reader, _right_edge_indexes(n), "计算树根", f"tree hash of {n}"))


def _hashes_of_ranges(
    alg: HashAlgorithm,
    ranges: Sequence[tuple[int, int]],
    reader: HashReader,
    what_zh: str,
    what_en: str,
) -> list[bytes]:
    """``[MTH(D[lo:hi]) for (lo, hi) in ranges]`` with one read for all of them."""
    pieces = [_subtree_indexes(lo, hi) for lo, hi in ranges]
    wanted = sorted({i for p in pieces for i in p})
    got = dict(zip(wanted, _read(reader, wanted, what_zh, what_en), strict=True))
    return [_fold(alg, [got[i] for i in p]) for p in pieces]


def prove_inclusion(alg: HashAlgorithm, size: int, index: int, reader: HashReader) -> list[bytes]:
    """The audit path ``PATH(index, D[0:size])`` of RFC 9162 §2.1.3.1, leaf to root.

    ``PATH(m, D[n])`` for ``n > 1`` with ``k`` the largest power of two below ``n`` is
    ``PATH(m, D[0:k]) : MTH(D[k:n])`` if ``m < k``, else ``PATH(m - k, D[k:n]) :
    MTH(D[0:k])``; ``PATH(0, {d(0)})`` is empty. At most one sibling (on the right edge)
    is incomplete, so the path needs ``O(log size)`` stored hashes, read in one call.
    """
    if size < 0 or index < 0 or index >= size:
        raise InvalidInput(
            message_zh=f"包含性证明参数无效：叶序号 {index} 必须满足 0 ≤ 序号 < 树大小 {size}。",
            message_en=f"inclusion proof: need 0 <= index < size, got index={index} size={size}",
        )
    ranges: list[tuple[int, int]] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split_point(hi - lo)
        if index < lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
    ranges.reverse()  # the recursion lists the deepest sibling first
    return _hashes_of_ranges(
        alg, ranges, reader, "生成包含性证明", f"inclusion proof {index} in {size}"
    )


def prove_consistency(
    alg: HashAlgorithm, first: int, second: int, reader: HashReader
) -> list[bytes]:
    """The consistency proof ``PROOF(first, D[0:second])`` of RFC 9162 §2.1.4.1.

    ``PROOF(m, D[n]) = SUBPROOF(m, D[n], true)``; ``SUBPROOF(m, D[m], true)`` is empty,
    ``SUBPROOF(m, D[m], false) = [MTH(D[m])]``, and for ``m < n`` with ``k`` the largest
    power of two below ``n``: ``SUBPROOF(m, D[0:k], b) : MTH(D[k:n])`` if ``m <= k``, else
    ``SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])``. The RFC defines it for
    ``0 < first < second``; for ``first == 0`` or ``first == second`` there is nothing
    to prove and the proof is empty (see :func:`verify_consistency`). One read.
    """
    if first < 0 or second < 0 or first > second:
        raise InvalidInput(
            message_zh=f"一致性证明参数无效：需要 0 ≤ 前树大小 {first} ≤ 后树大小 {second}。",
            message_en=f"consistency proof: need 0 <= first <= second, got first={first} "
            f"second={second}",
        )
    if first == 0 or first == second:
        # Still fail clearly if the log is smaller than asked.
        _read(reader, _right_edge_indexes(second)[-1:], "生成一致性证明", "consistency proof")
        return []
    ranges: list[tuple[int, int]] = []
    lo, hi, m, whole = 0, second, first, True
    while m != hi - lo:
        k = _split_point(hi - lo)
        if m <= k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo += k
            m -= k
            whole = False
    if not whole:
        ranges.append((lo, hi))
    ranges.reverse()  # SUBPROOF lists the innermost hash first
    return _hashes_of_ranges(
        alg, ranges, reader, "生成一致性证明", f"consistency proof {first} to {second}"
    )


# --- verification (what a third party runs with nothing but the RFC) ---------------------


def _is_digest(alg: HashAlgorithm, h: object) -> bool:
    return isinstance(h, bytes) and len(h) == alg.digest_size


def _valid_path(alg: HashAlgorithm, path: object) -> bool:
    return (
        isinstance(path, Sequence)
        and not isinstance(path, (bytes, str))
        and len(path) <= _MAX_PATH
        and all(_is_digest(alg, p) for p in path)
    )


def verify_inclusion(
    alg: HashAlgorithm,
    index: int,
    size: int,
    leaf_hash: bytes,
    path: Sequence[bytes],
    root: bytes,
) -> bool:
    """Check an audit path exactly as RFC 9162 §2.1.3.2 prescribes.

    ``leaf_hash`` is the leaf's hash ``HASH(0x00 || entry)``. Returns False (never
    raises) for a wrong proof or malformed input, including ``index >= size``.
    """
    if not (
        isinstance(index, int)
        and isinstance(size, int)
        and 0 <= index < size
        and _is_digest(alg, leaf_hash)
        and _is_digest(alg, root)
        and _valid_path(alg, path)
    ):
        return False
    new = alg.new
    prefix = _NODE_PREFIX
    # 2. Set fn to leaf_index and sn to tree_size - 1.  3. Set r to hash.
    fn, sn, r = index, size - 1, leaf_hash
    # 4. For each value p in the inclusion_path array:
    for p in path:
        # If sn is 0, then stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            # Set r to HASH(0x01 || p || r).
            r = new(prefix + p + r).digest()
            # If LSB(fn) is not set, right-shift fn and sn until LSB(fn) is set or fn is 0.
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            # Set r to HASH(0x01 || r || p).
            r = new(prefix + r + p).digest()
        # Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 5. sn must be 0 and r must equal root_hash.
    return sn == 0 and hmac.compare_digest(r, root)


def verify_consistency(
    alg: HashAlgorithm,
    first: int,
    second: int,
    first_root: bytes,
    second_root: bytes,
    path: Sequence[bytes],
) -> bool:
    """Check a consistency proof exactly as RFC 9162 §2.1.4.2 prescribes.

    The RFC covers ``0 < first < second``. The two degenerate cases, where there is
    nothing to prove, accept only an empty proof: ``first == second`` with equal roots,
    and ``first == 0`` with ``first_root == HASH()`` (the empty tree is a prefix of every
    tree). Returns False (never raises) for a wrong proof or malformed input.
    """
    if not (
        isinstance(first, int)
        and isinstance(second, int)
        and 0 <= first <= second
        and _is_digest(alg, first_root)
        and _is_digest(alg, second_root)
        and _valid_path(alg, path)
    ):
        return False
    if first == second:
        return len(path) == 0 and hmac.compare_digest(first_root, second_root)
    if first == 0:
        return len(path) == 0 and hmac.compare_digest(first_root, empty_root(alg))
    # 1. If consistency_path is an empty array, stop and fail the proof verification.
    if len(path) == 0:
        return False
    proof = list(path)
    # 2. If first is an exact power of 2, then prepend first_hash to the path.
    if first & (first - 1) == 0:
        proof.insert(0, first_root)
    # 3. Set fn to first - 1 and sn to second - 1.
    fn, sn = first - 1, second - 1
    # 4. If LSB(fn) is set, right-shift both fn and sn equally until LSB(fn) is not set.
    while fn & 1:
        fn >>= 1
        sn >>= 1
    # 5. Set both fr and sr to the first value in the consistency_path array.
    fr = sr = proof[0]
    new = alg.new
    prefix = _NODE_PREFIX
    # 6. For each subsequent value c in the consistency_path array:
    for c in proof[1:]:
        # a. If sn is 0, then stop the iteration and fail the proof verification.
        if sn == 0:
            return False
        # b. If LSB(fn) is set, or if fn is equal to sn, then:
        if fn & 1 or fn == sn:
            # Set fr to HASH(0x01 || c || fr); set sr to HASH(0x01 || c || sr).
            fr = new(prefix + c + fr).digest()
            sr = new(prefix + c + sr).digest()
            # If LSB(fn) is not set, right-shift fn and sn until LSB(fn) is set or fn is 0.
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            # Otherwise set sr to HASH(0x01 || sr || c).
            sr = new(prefix + sr + c).digest()
        # c. Finally, right-shift both fn and sn one time.
        fn >>= 1
        sn >>= 1
    # 7. fr must equal first_hash, sr must equal second_hash, and sn must be 0.
    return sn == 0 and hmac.compare_digest(fr, first_root) and hmac.compare_digest(sr, second_root)


def _negative(name: str, value: int) -> InvalidInput:
    return InvalidInput(
        message_zh=f"参数 {name} 不能为负数（收到 {value}）。",
        message_en=f"{name} must not be negative, got {value}",
    )
