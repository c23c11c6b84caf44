"""The automaton's keys as flat sorted tables: what a one-prompt start scans instead of the automaton.

Why: unpickling the Aho-Corasick automaton (~476k nodes for the ASCII keys alone) was the largest
single cost of ``provguard screen PROMPT`` (50-110 ms). A short text has few substrings, so
looking each one up is far cheaper than rebuilding the automaton's nodes. The tables are a few
arrays read straight from the cache file (no per-object unpickling):

- ``prefixes``: sorted CRC-32s of every prefix (by characters, UTF-8 bytes) of every key;
- ``hashes``: sorted CRC-32s of the keys, with each key's UTF-8 bytes (to verify a hit) and its
  automaton value ``(length, code)``.

``iter(text)`` walks every start position and extends while the prefix is known, so the work is
the text's length times the depth of the key trie it walks (a few steps per position in prose).
It reports what ``Automaton.iter(text)`` reports, in the same order: by end position, and longest
key first at one end position (how the automaton follows its suffix links). A CRC collision can
only make a walk go one step further (prefixes) or is rejected by comparing the key's bytes.
"""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any, Literal
from zlib import crc32

_HEAD = struct.Struct("<4sIIII")  # magic, prefixes, keys, blob bytes, longest key (characters)
_MAGIC = b"PGKT"
_ENC = "utf-8"
_ERR = "surrogatepass"


class KeyTable:
    """Exact lookup of the automaton's keys over flat arrays (see the module docstring)."""

    __slots__ = ("_blob", "_codes", "_hashes", "_lengths", "_offs", "_prefixes", "longest")

    def __init__(self, raw: bytes | memoryview) -> None:
        """Views of ``raw`` (no copy: a start touches only the pages its lookups read)."""
        magic, n_pre, n_keys, n_blob, longest = _HEAD.unpack_from(raw, 0)
        if magic != _MAGIC:
            raise ValueError("not a key table")
        view = memoryview(raw)
        pos = _HEAD.size

        def take(code: Literal["I", "q"], count: int) -> memoryview:
            nonlocal pos
            size = array(code).itemsize * count
            if pos + size > len(view):
                raise ValueError("key table truncated")
            part = view[pos : pos + size].cast(code)  # item reads copy each value: no alignment needed
            pos += size
            return part

        self._prefixes = take("I", n_pre)
        self._hashes = take("I", n_keys)
        self._offs = take("I", n_keys + 1)
        self._lengths = take("I", n_keys)
        self._codes = take("q", n_keys)
        self._blob = view[pos : pos + n_blob]
        if pos + n_blob != len(view):
            raise ValueError("key table size mismatch")
        self.longest = longest

    @staticmethod
    def pack(items: Iterable[tuple[str, Any]]) -> bytes | None:
        """The table of an automaton's ``items()``; None when a value is not ``(length, code)``
        with ``length == len(key)`` (then there is no table and the automaton is always used)."""
        prefixes: set[int] = set()
        rows: list[tuple[int, bytes, int, int]] = []
        longest = 0
        prev = ""
        stack = [0]  # stack[d]: CRC of the first d characters of ``prev``
        # sorted: a key shares its leading CRCs with the key before it (~3x fewer CRCs)
        for key, value in sorted(items):
            if not (
                isinstance(key, str) and key and isinstance(value, tuple) and len(value) == 2
                and isinstance(value[0], int) and isinstance(value[1], int) and value[0] == len(key)
                and -(2**63) <= value[1] < 2**63
            ):
                return None
            d = 0
            for a, b in zip(prev, key, strict=False):
                if a != b:
                    break
                d += 1
            del stack[d + 1 :]
            h = stack[d]
            for ch in key[d:]:
                h = crc32(ch.encode(_ENC, _ERR), h)
                stack.append(h)
            prefixes.update(stack[d + 1 :])
            prev = key
            rows.append((h, key.encode(_ENC, _ERR), value[0], value[1]))
            longest = max(longest, len(key))
        rows.sort()
        offs = array("I", [0])
        for row in rows:
            offs.append(offs[-1] + len(row[1]))
        blob = b"".join(r[1] for r in rows)
        return b"".join(
            [
                _HEAD.pack(_MAGIC, len(prefixes), len(rows), len(blob), longest),
                array("I", sorted(prefixes)).tobytes(),
                array("I", [r[0] for r in rows]).tobytes(),
                offs.tobytes(),
                array("I", [r[2] for r in rows]).tobytes(),
                array("q", [r[3] for r in rows]).tobytes(),
                blob,
            ]
        )

    def iter(self, text: str) -> list[tuple[int, tuple[int, int]]]:
        """``list(automaton.iter(text))`` for the automaton this table was packed from."""
        pre, hashes, offs, blob = self._prefixes, self._hashes, self._offs, self._blob
        n_pre, n_keys = len(pre), len(hashes)
        enc = [ch.encode(_ENC, _ERR) for ch in text]
        n = len(text)
        longest = self.longest
        hits: list[tuple[int, int, int]] = []
        for s in range(n):
            h = 0
            for j in range(s, min(n, s + longest)):
                h = crc32(enc[j], h)
                i = bisect_left(pre, h)
                if i == n_pre or pre[i] != h:
                    break
                i = bisect_left(hashes, h)
                while i < n_keys and hashes[i] == h:
                    if blob[offs[i] : offs[i + 1]] == b"".join(enc[s : j + 1]):
                        hits.append((j, -self._lengths[i], self._codes[i]))
                    i += 1
        hits.sort()
        return [(end, (-neg, code)) for end, neg, code in hits]
