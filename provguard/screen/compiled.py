"""The compiled matcher (automata, their entries, people, fuzzy index) and its on-disk form.

Why lazy parts: a cold ``provguard screen PROMPT`` used to unpickle every part (~50 MB of Python
objects for the built-in pack) before screening one prompt. Opened from the cache, a
``Compiled`` loads each part on first use: an ASCII prompt (after normalisation) only needs the
automaton of ASCII keys and their entries; other scripts, the squashed view, the people table and
the fuzzy index load when a prompt needs them. Results are the same: on an ASCII text the
ASCII-only automaton reports exactly the hits of the full one, in the same order (a non-ASCII key
cannot occur in ASCII text, and hits at one end position come longest first in both), with the
same values, indexing the same entries.

Before any automaton is loaded, short texts are scanned with the key table (``keytable.py``):
flat arrays read in place, with the same hits in the same order as the automaton. Once the texts
scanned that way add up to ``TABLE_BUDGET`` characters (a batch, a server), the automaton loads
and scans from then on: the table costs ~6 µs a character, the automaton ~0.5 µs, and loading
it ~50-100 ms.

A part that fails its checksum is rebuilt from the packs (``rebuild``), never trusted.
"""

from __future__ import annotations

import pickle
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from provguard.screen.cache import CacheCorrupt, CacheFile, Raw
from provguard.screen.keytable import KeyTable

try:  # the ASCII automaton as flat arrays (_ascii_trie.c); optional in the build
    from provguard.screen._ascii_trie import Trie as _Trie
except ImportError:  # pragma: no cover - a build without a C compiler
    _Trie = None  # type: ignore[assignment,misc]

if TYPE_CHECKING:
    from provguard.screen.fuzzy import FuzzyIndex

Entries = list[tuple[tuple[Any, ...], ...]]
# (automaton, what its values index: the entry list, or for the ASCII part a dict by entry index)
Pair = tuple[Any, Any]
# characters scanned with the key table before the automaton is loaded (about the cost of loading it)
TABLE_BUDGET = 8_000
_Q = array("Q").itemsize


class LazyEntries(dict[int, tuple[tuple[Any, ...], ...]]):
    """Entries by index, each unpickled from its slice of one blob on first use.

    A dict subclass without ``__getitem__``: a present index reads at C speed in ``scan``'s loop,
    only a first read goes through ``__missing__``. A one-prompt run touches a handful of the
    ~90k entries."""

    def __init__(self, blob: bytes | memoryview, offsets: array[int] | memoryview) -> None:
        super().__init__()
        self._blob = blob
        self._offsets = offsets

    @classmethod
    def from_raw(cls, raw: memoryview) -> LazyEntries:
        """Read ``pack_raw``'s layout in place (views, no copy)."""
        (n,) = raw[:_Q].cast("Q")
        if len(raw) < _Q * (n + 2):
            raise CacheCorrupt("entries: truncated")
        offsets = raw[_Q : _Q * (n + 2)].cast("Q")
        blob = raw[_Q * (n + 2) :]
        if len(blob) != offsets[-1]:
            raise CacheCorrupt("entries: size mismatch")
        return cls(blob, offsets)

    @staticmethod
    def pack_raw(entries: Entries) -> Raw:
        """Entry count, offsets and the entries' pickles, as one ``Raw`` section."""
        blob, offsets = LazyEntries.pack(entries)
        return Raw(array("Q", [len(entries)]).tobytes() + offsets + blob)

    def __missing__(self, i: int) -> tuple[tuple[Any, ...], ...]:
        o = self._offsets
        v: tuple[tuple[Any, ...], ...] = pickle.loads(self._blob[o[i] : o[i + 1]])
        self[i] = v
        return v

    def count(self) -> int:
        return len(self._offsets) - 1

    def as_list(self) -> Entries:
        return [self[i] for i in range(self.count())]

    @staticmethod
    def pack(entries: Entries) -> tuple[bytes, bytes]:
        """``(blob, offsets)``: what ``LazyEntries(blob, array("Q", offsets))`` reads back."""
        parts = [pickle.dumps(e, protocol=pickle.HIGHEST_PROTOCOL) for e in entries]
        offsets = array("Q", [0])
        for b in parts:
            offsets.append(offsets[-1] + len(b))
        return b"".join(parts), offsets.tobytes()


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: str
    name: str
    curated: bool
    died: str = ""  # ISO date of death; "" for the living


@dataclass
class _Parts:
    """The loaded parts (swapped as a whole when a corrupt cache is replaced by a rebuild)."""

    entries: LazyEntries | None = None  # only when opened from a cache
    keys: KeyTable | None = None  # only when opened from a cache
    ascii: Pair | None = None  # only when opened from a cache
    main: Pair | None = None
    squashed: Pair | None = None
    people: list[PersonRef] | None = None
    fuzzy: FuzzyIndex | None = None
    loaded: set[str] = field(default_factory=set)


class Compiled:
    """What ``matcher.scan`` and the person resolvers read. Thread-safe: parts load under a lock."""

    def __init__(
        self,
        people: list[PersonRef],
        entries: Entries,
        main: Any,
        squashed: Any,
        terms: dict[str, int],
        deny: dict[str, frozenset[int]],
        n_forms: int = 0,
        collisions: list[tuple[str, int]] | None = None,
        stats: dict[str, int] | None = None,
        fuzzy: FuzzyIndex | None = None,
        ascii: Any = None,
    ) -> None:
        self.terms = terms  # normalised term -> term id
        self.deny = deny  # weak form -> deny term ids
        self.n_forms = n_forms
        self.collisions = collisions or []
        self.stats = stats or {}
        self.curated = frozenset(p.id for p in people if p.curated)
        asc = (ascii, entries) if ascii is not None else None
        self._p = _Parts(None, None, asc, (main, entries), (squashed, entries), people, fuzzy, {"all"})
        self._budget = 0
        self._src: CacheFile | None = None
        self._rebuild: Callable[[], Compiled] | None = None
        self._lock = threading.Lock()

    @property
    def from_cache(self) -> bool:
        """True while the parts come from a cache file (False when built or rebuilt in memory)."""
        return self._src is not None

    # ------------------------------------------------------------------ parts
    def main_for(self, text: str) -> Pair:
        """What to scan ``text`` with (an automaton, or the key table while within the budget;
        both have ``iter(text)``) and the entries its values index."""
        p = self._p
        if p.ascii is not None and text.isascii():
            return p.ascii
        if p.main is not None:
            return p.main
        if len(text) <= self._budget:
            if "keys" not in p.loaded:
                self._load("keys")
                return self.main_for(text)
            if p.keys is not None and p.entries is not None:
                self._budget -= len(text)
                return p.keys, p.entries
        return self._automaton(text)

    def _automaton(self, text: str) -> Pair:
        p = self._p
        if p.ascii is not None and text.isascii():
            return p.ascii
        if p.main is not None:
            return p.main
        self._load("ascii" if text.isascii() and "ascii" not in p.loaded else "main")
        return self._automaton(text)

    def scan_part(self, text: str) -> tuple[Any, Any, bool]:
        """``main_for(text)`` and whether that is the ASCII automaton, which scans
        ``matcher.word_starts(text)`` rather than ``text`` (see ``matcher.ascii_automaton``)."""
        pair = self.main_for(text)
        return pair[0], pair[1], pair is self._p.ascii

    def squashed_part(self) -> Pair:
        p = self._p.squashed
        if p is None:
            self._load("squashed")
            p = self._p.squashed
        assert p is not None
        return p

    @property
    def main(self) -> Any:
        return self._automaton("\u0100")[0]

    @property
    def squashed(self) -> Any:
        return self.squashed_part()[0]

    @property
    def entries(self) -> Entries:
        """Every entry, as a list (loads the full automaton's part)."""
        ents = self._automaton("\u0100")[1]
        return ents.as_list() if isinstance(ents, LazyEntries) else ents

    @property
    def people(self) -> list[PersonRef]:
        p = self._p.people
        if p is None:
            self._load("people")
            p = self._p.people
        assert p is not None
        return p

    @property
    def fuzzy(self) -> FuzzyIndex | None:
        if "fuzzy" not in self._p.loaded and "all" not in self._p.loaded:
            self._load("fuzzy")
        return self._p.fuzzy

    def _load(self, name: str) -> None:
        with self._lock:
            try:
                self._load_locked(name)
            except CacheCorrupt:
                self._recover()

    def _load_locked(self, name: str) -> None:
        p, src = self._p, self._src
        if name in p.loaded or "all" in p.loaded:
            return
        assert src is not None
        if name == "entries":
            p.entries = LazyEntries.from_raw(src.load("entries"))
        elif name == "keys":
            if "keys" in src.names():
                self._load_locked("entries")
                try:
                    p.keys = KeyTable(src.load("keys"))
                except ValueError as exc:
                    raise CacheCorrupt(f"keys: {exc}") from exc
            else:  # values the table cannot hold: always the automaton
                self._budget = 0
        elif name == "ascii" and "ascii_trie" in src.names():
            self._load_locked("entries")
            if _Trie is not None:  # (a build without the C part scans ASCII text with the main automaton)
                try:
                    p.ascii = (_Trie(src.load("ascii_trie")), p.entries)
                except ValueError as exc:
                    raise CacheCorrupt(f"ascii_trie: {exc}") from exc
        elif name in ("ascii", "main", "squashed"):
            self._load_locked("entries")
            auto = src.load(name)
            if name == "ascii":
                p.ascii = (auto, p.entries)
            elif name == "main":
                p.main = (auto, p.entries)
            else:
                p.squashed = (auto, p.entries)
        elif name == "people":
            ids, names, curated, died = src.load("people")
            p.people = list(map(PersonRef, ids, names, curated, died))
        elif name == "fuzzy":
            p.fuzzy = src.load("fuzzy")
        p.loaded.add(name)

    def _recover(self) -> None:
        """A corrupt section: rebuild from the packs and use the fresh parts from now on."""
        assert self._rebuild is not None
        fresh = self._rebuild()
        self._p = fresh._p
        self._src = None
        self._budget = 0

    # ------------------------------------------------------------------ cache
    @classmethod
    def opened(cls, src: CacheFile, rebuild: Callable[[], Compiled]) -> Compiled:
        """Open a cached compile: reads the small ``core`` section now, the rest on first use.

        Raises CacheCorrupt when even the core cannot be read (the caller rebuilds)."""
        core = src.load("core")
        c = cls.__new__(cls)
        c.terms = core["terms"]
        c.deny = core["deny"]
        c.n_forms = core["n_forms"]
        c.collisions = core["collisions"]
        c.stats = core["stats"]
        c.curated = core["curated"]
        c._p = _Parts()
        c._budget = TABLE_BUDGET
        c._src = src
        c._rebuild = rebuild
        c._lock = threading.Lock()
        return c

    def cache_sections(self) -> dict[str, Any]:
        """The sections ``opened`` reads. ``ascii`` is the automaton of the ASCII keys alone,
        marked at word starts, with the same values (``matcher.ascii_automaton``); all three
        automata index one ``LazyEntries``."""
        from provguard.screen.matcher import ascii_automaton

        main, entries = self.main, self.entries
        n = len(entries)
        a_auto = self._p.ascii[0] if self._p.ascii is not None else ascii_automaton(main.items(), n)
        # the flat trie as raw bytes the cache maps in place, or (without the C part) the pickled automaton
        asc = {"ascii_trie": Raw(a_auto.blob())} if _Trie is not None and isinstance(a_auto, _Trie) else {
            "ascii": a_auto
        }
        keys = KeyTable.pack(main.items())
        core = {
            "terms": self.terms,
            "deny": self.deny,
            "n_forms": self.n_forms,
            "collisions": self.collisions,
            "stats": self.stats,
            "curated": self.curated,
        }
        return {
            "core": core,
            "entries": LazyEntries.pack_raw([*entries, ()]),  # index n: that sentinel's empty entry
            **asc,
            "main": main,
            "squashed": self.squashed_part()[0],
            # columns: unpickling 5k-90k frozen dataclasses one __setstate__ at a time is slow
            "people": (
                [r.id for r in self.people],
                [r.name for r in self.people],
                [r.curated for r in self.people],
                [r.died for r in self.people],
            ),
            "fuzzy": self.fuzzy,
            **({"keys": Raw(keys)} if keys is not None else {}),
        }
