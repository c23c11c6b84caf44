"""RFC 6962 hashing and proofs against the published known-answer vectors (transparency-dev/merkle)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provguard.audit import merkle

LEAVES = [
    bytes.fromhex(h)
    for h in (
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
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index 0-based, tree size, proof) from proof/verify_test.go
INCLUSION = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (0, 1, []),
]
CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]
HASHES = [merkle.leaf_hash(x) for x in LEAVES]


def _root(n: int) -> bytes:
    return bytes.fromhex(ROOTS[n])


def test_leaf_and_node_hash_known_answers() -> None:
    # transparency-dev/merkle rfc6962_test.go
    assert (
        merkle.leaf_hash(b"L123456").hex()
        == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    )
    assert (
        merkle.node_hash(b"N123", b"N456").hex()
        == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )


@pytest.mark.parametrize("n", range(9))
def test_roots_match_vectors_by_mth_and_frontier(n: int) -> None:
    assert merkle.mth(HASHES[:n]).hex() == ROOTS[n]
    fr = merkle.Frontier()
    for h in HASHES[:n]:
        fr.push(h)
    assert fr.root().hex() == ROOTS[n]
    assert merkle.Frontier.decode(n, fr.encode()).root() == fr.root()


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_inclusion_vectors(index: int, size: int, proof: list[str]) -> None:
    got = merkle.inclusion_proof(index, size, merkle.list_range_hash(HASHES))
    assert [h.hex() for h in got] == proof
    merkle.verify_inclusion(index, size, HASHES[index], got, _root(size))
    for bad in ([*got, _root(size)], got[:-1]) if got else ():
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(index, size, HASHES[index], bad, _root(size))
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(index, size, merkle.leaf_hash(b"WrongLeaf"), got, _root(size))
    if size > 1:
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(index ^ 1, size, HASHES[index], got, _root(size))


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_consistency_vectors(old: int, new: int, proof: list[str]) -> None:
    got = merkle.consistency_proof(old, new, merkle.list_range_hash(HASHES)) if old < new else []
    assert [h.hex() for h in got] == proof
    merkle.verify_consistency(old, new, _root(old), _root(new), got)
    if got:
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(old, new, _root(new), _root(old), got)
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(old, new, _root(old), _root(new), got[:-1])
        for i in range(len(got)):
            flipped = list(got)
            flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
            with pytest.raises(merkle.ProofError):
                merkle.verify_consistency(old, new, _root(old), _root(new), flipped)


def test_degenerate_inputs_are_rejected() -> None:
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(0, 0, merkle.list_range_hash([]))
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(0, 1, merkle.EMPTY_ROOT, _root(1), [])
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(2, 1, _root(2), _root(1), [])
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(0, 1, HASHES[0], [b"short"], _root(1))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 70), st.data())
def test_random_trees_prove_and_verify(n: int, data: st.DataObject) -> None:
    hashes = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(n)]
    rh = merkle.list_range_hash(hashes)
    fr = merkle.Frontier()
    closed = {}
    for h in hashes:
        for level, idx, node in fr.push(h):
            closed[(level, idx)] = node
    root = merkle.mth(hashes)
    assert fr.root() == root
    for (level, idx), node in closed.items():
        assert node == merkle.mth(hashes[idx << level : (idx + 1) << level])
    i = data.draw(st.integers(0, n - 1))
    proof = merkle.inclusion_proof(i, n, rh)
    merkle.verify_inclusion(i, n, hashes[i], proof, root)
    m = data.draw(st.integers(1, n))
    cproof = merkle.consistency_proof(m, n, rh) if m < n else []
    merkle.verify_consistency(m, n, merkle.mth(hashes[:m]), root, cproof)
    if proof:
        bad = list(proof)
        k = data.draw(st.integers(0, len(bad) - 1))
        bad[k] = bytes([bad[k][0] ^ 1]) + bad[k][1:]
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(i, n, hashes[i], bad, root)
    # a range hash built from aligned subtrees equals the direct MTH
    lo = data.draw(st.integers(0, n - 1))
    assert merkle.fold_right(
        [merkle.mth(hashes[idx << lv : (idx + 1) << lv]) for lv, idx in merkle.aligned_ranges(0, lo + 1)]
    ) == merkle.mth(hashes[: lo + 1])
