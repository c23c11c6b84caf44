"""RFC 6962 Merkle tree hashing, proofs and their verification (pure functions).

Leaf hash ``SHA-256(0x00 || data)``, node hash ``SHA-256(0x01 || left || right)``; the tree
splits at the largest power of two below its size. Proof *generation* works over any
``range_hash(lo, hi)`` source (a list in tests, stored subtree nodes in a store); proof
*verification* follows RFC 9162 section 2.1.3.2 / 2.1.4.2 and needs only hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

RangeHash = Callable[[int, int], bytes]


class ProofError(ValueError):
    """A proof does not verify (or is malformed); the message says why."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly below ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def mth(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle tree hash of already-hashed leaves, level by level (O(n), no recursion)."""
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def aligned_ranges(lo: int, hi: int) -> list[tuple[int, int]]:
    """Split ``[lo, hi)`` into complete aligned subtrees as (level, index), left to right.

    Valid for the ranges RFC 6962 recursion produces (``lo`` aligned to a power of two
    covering the range), whose hash is the right fold of these subtree hashes.
    """
    out: list[tuple[int, int]] = []
    while lo < hi:
        size = 1 << ((hi - lo).bit_length() - 1)
        while lo % size:
            size >>= 1
        level = size.bit_length() - 1
        out.append((level, lo >> level))
        lo += size
    return out


def fold_right(hashes: Sequence[bytes]) -> bytes:
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


@dataclass
class Frontier:
    """The right edge of the tree (compact range): one subtree root per set bit of ``size``.

    ``push`` is O(1) amortised and reports every complete subtree it closes, so a store can
    persist interior nodes for fast proofs.
    """

    size: int = 0
    hashes: list[bytes] = field(default_factory=list)

    def push(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; return the (level, index, hash) of each subtree completed."""
        closed: list[tuple[int, int, bytes]] = []
        h = leaf
        n = self.size
        level = 0
        while n & 1:
            h = node_hash(self.hashes.pop(), h)
            n >>= 1
            level += 1
            closed.append((level, self.size >> level, h))
        self.hashes.append(h)
        self.size += 1
        return closed

    def root(self) -> bytes:
        if not self.hashes:
            return EMPTY_ROOT
        return fold_right(self.hashes)

    def copy(self) -> Frontier:
        return Frontier(self.size, list(self.hashes))

    def encode(self) -> bytes:
        return b"".join(self.hashes)

    @classmethod
    def decode(cls, size: int, blob: bytes) -> Frontier:
        hashes = [blob[i : i + HASH_SIZE] for i in range(0, len(blob), HASH_SIZE)]
        if len(hashes) != bin(size).count("1") or len(blob) % HASH_SIZE:
            raise ValueError(f"frontier of {len(hashes)} hashes does not fit size {size}")
        return cls(size, hashes)


def list_range_hash(leaf_hashes: Sequence[bytes]) -> RangeHash:
    """A ``range_hash`` over an in-memory list of leaf hashes (tests, bundles)."""

    def range_hash(lo: int, hi: int) -> bytes:
        return mth(leaf_hashes[lo:hi])

    return range_hash


# --------------------------------------------------------------------------- generation


def inclusion_proof(index: int, size: int, range_hash: RangeHash) -> list[bytes]:
    """RFC 6962 PATH(index, D[0:size])."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of size {size}")
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = split_point(hi - lo)
        if index - lo < k:
            path.append(range_hash(lo + k, hi))
            hi = lo + k
        else:
            path.append(range_hash(lo, lo + k))
            lo = lo + k
    path.reverse()
    return path


def consistency_proof(old: int, new: int, range_hash: RangeHash) -> list[bytes]:
    """RFC 6962 PROOF(old, D[0:new]): the tree of size ``old`` is a prefix of size ``new``."""
    if not 0 < old <= new:
        raise ProofError(f"no consistency proof from size {old} to size {new}")
    path: list[bytes] = []
    lo, hi, m, complete = 0, new, old, True
    while True:
        n = hi - lo
        if m == n:
            if not complete:
                path.append(range_hash(lo, hi))
            break
        k = split_point(n)
        if m <= k:
            path.append(range_hash(lo + k, hi))
            hi = lo + k
        else:
            path.append(range_hash(lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    path.reverse()
    return path


# --------------------------------------------------------------------------- verification


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} outside tree of size {size}")
    if len(leaf) != HASH_SIZE or any(len(p) != HASH_SIZE for p in proof):
        raise ProofError("proof hashes must be 32 bytes")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is too long")
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
        raise ProofError("inclusion proof is too short")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes) -> None:
    """Raise ProofError unless ``leaf`` is at ``index`` in the tree of ``size`` with ``root``."""
    if root_from_inclusion(index, size, leaf, proof) != root:
        raise ProofError(f"inclusion proof for leaf {index} does not lead to the root of size {size}")


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> None:
    """Raise ProofError unless the tree (old, old_root) is a prefix of (new, new_root)."""
    if old > new:
        raise ProofError(f"old size {old} is larger than new size {new}")
    if old == new:
        if proof:
            raise ProofError("sizes are equal but the proof is not empty")
        if old_root != new_root:
            raise ProofError(f"two different roots for the same size {old}")
        return
    if old == 0:
        raise ProofError("consistency from an empty tree proves nothing")
    if not proof or any(len(p) != HASH_SIZE for p in proof):
        raise ProofError("consistency proof is empty or malformed")
    path = list(proof)
    if old & (old - 1) == 0:  # power of two: the old root is itself a node of the new tree
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    if fr != old_root:
        raise ProofError(f"consistency proof does not reproduce the root of size {old}")
    if sr != new_root:
        raise ProofError(f"consistency proof does not reproduce the root of size {new}")
