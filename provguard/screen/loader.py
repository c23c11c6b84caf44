"""Everything ``Screener.load`` derives from the rule packs and people, from the cache or built.

Why: a cached start should not parse YAML, validate rules, normalise cue terms or compile
anything. The cache key is a digest of the inputs (every pack, people and role file, as bytes)
and of the code that turns them into the compiled form (the screening modules' source, the
versions of the libraries involved, the Python version), so an edited pack or an upgrade can
never be served a stale compile. A miss, a corrupt file or an unwritable cache dir falls back to
building in memory.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from provguard.screen import cache, matcher
from provguard.screen.compiled import Compiled
from provguard.screen.rules import Rule, RuleSet, digest, load_rule_set, pack_sources, parse_profiles

# libraries whose behaviour or data shape the compiled form (normalisation, stemming, automaton,
# pickled rule models); their installed files are part of the cache key
_LIBS = (
    "ahocorasick", "pydantic", "pydantic_core", "confusable_homoglyphs", "opencc", "snowballstemmer",
    "anyascii", "rapidfuzz", "spellchecker", "pypinyin", "yaml",
    # the C parts: whether they are built (and which build) decides what the cache holds
    "provguard.screen._ascii_trie", "provguard.screen._scan_fast", "provguard.screen._ascii_pass",
    "provguard.screen._linear_fast",
)
_code: bytes | None = None


def code_digest() -> bytes:
    """Digest of the code that builds the compiled form: ``provguard/screen/*.py`` and libraries."""
    global _code
    if _code is None:
        h = hashlib.sha256(sys.version.encode())
        here = Path(__file__).parent
        for p in sorted(here.glob("*.py")):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
        for name in _LIBS:
            try:
                spec = find_spec(name)
                origin = spec.origin if spec is not None else None
                st = os.stat(origin) if origin else None
            except (ImportError, ValueError, OSError):
                st = None
            mark = f"{origin}:{st.st_size}:{st.st_mtime_ns}" if st else "-"
            h.update(f"{name}:{mark}".encode())
        _code = h.digest()
    return _code


def _tkey(raw: str) -> str:
    from provguard.screen.normalize import normalize_pattern

    return normalize_pattern(raw.rstrip("*")) + ("*" if raw.endswith("*") else "")


Cues = tuple[list[frozenset[int]], list[frozenset[int]]]


def _rendering_words(rules: Sequence[Rule]) -> frozenset[str]:
    """Normalised keywords of the photoreal context rules: words that say how the *image* looks."""
    from provguard.screen.normalize import normalize_pattern

    return frozenset(
        normalize_pattern(k.rstrip("*"))
        for r in rules
        if r.signal == "context" and r.kind == "photoreal"
        for k in r.keywords
    )


def _intent_cue(rule: Rule, raw: str, rendering: frozenset[str]) -> bool:
    """Whether ``raw`` counts as intent for ``rule``. A forged-document cue that is only a
    photorealism word ("réaliste", "foto realista", "gerçekçi") describes the picture, not a
    usable document: "a realistic photo of a graduate holding her diploma" is a photo, while
    a name, a stamp or "print-ready" still makes a forgery (English never listed bare
    "realistic" as a cue; the other packs did). A payment proof is the exception: a realistic
    screenshot of a completed transfer is the scam instrument itself."""
    if rule.category != "forged_document" or rule.id.startswith("doc.payment."):
        return True  # a payment proof *is* a screen: its capture and realism words make it usable
    from provguard.screen.normalize import normalize_pattern

    key = normalize_pattern(raw.rstrip("*"))
    if raw.endswith("*"):
        return not any(" " not in w and w.startswith(key) for w in rendering)
    return key not in rendering


def cue_ids(rules: Sequence[Rule], terms: dict[str, int]) -> Cues:
    """Term ids of each rule's ``requires_any`` and ``unless`` cues."""
    rendering = _rendering_words(rules)
    req = [
        frozenset(terms[_tkey(t)] for t in r.requires_any if _intent_cue(r, t, rendering)) for r in rules
    ]
    unless = [frozenset(terms[_tkey(t)] for t in r.unless) for r in rules]
    return req, unless


# per rule: every relief term id, and each group's (relief term ids, cancel term ids)
Relief = dict[int, tuple[frozenset[int], list[tuple[frozenset[int], frozenset[int]]]]]


def relief_ids(rules: Sequence[Rule], terms: dict[str, int]) -> Relief:
    """Per rule with a cancellable relief: all its relief term ids, and (relief term ids, cancel
    term ids) for each group, the first from ``relieved_by``/``relief_unless``, then ``reliefs``.
    Few rules have one, so this is built at load time rather than cached."""

    def ids(ts: Sequence[str]) -> frozenset[int]:
        return frozenset(terms[_tkey(t)] for t in ts)

    out: Relief = {}
    for ri, r in enumerate(rules):
        groups = [(ids(r.relieved_by), ids(r.relief_unless))] if r.relief_unless else []
        groups += [(ids(g.by), ids(g.unless)) for g in r.reliefs]
        if groups:
            out[ri] = (frozenset().union(*(by for by, _ in groups)), groups)
    return out


@dataclass
class Loaded:
    ruleset: RuleSet
    compiled: Compiled
    req: list[frozenset[int]]
    unless: list[frozenset[int]]
    profiles: dict[bytes, Any]  # parsed built-in profiles by their bytes


def load_compiled(
    base: Path,
    people_files: Sequence[Path],
    roles: Sequence[Path],
    people_sources: Sequence[tuple[str, bytes]],
    cache_dir: Path | None,
    given_files: Sequence[Path] = (),
) -> Loaded:
    """Rules and compiled matcher for these inputs: from the cache when it matches, else built
    (and cached when ``cache_dir`` is writable). Raises RuleLoadError for broken packs."""
    sources = pack_sources(base)
    key = digest([("v", matcher.CACHE_VERSION.encode() + code_digest()), *sources, *people_sources])

    def build() -> Loaded:
        from provguard.screen.people import load_people_files, read_given_names
        from provguard.screen.roles import role_surfaces

        ruleset = load_rule_set(base, sources)
        people = load_people_files(people_files)
        # a form listed as ambiguous in several packs (polis: police in tr/id, a policy in nl)
        # takes every pack's deny words, and is weak when any pack says so
        ambiguous: dict[str, tuple[list[str], bool]] = {}
        for a in (a for p in ruleset.packs for a in p.ambiguous):
            deny, weak = ambiguous.get(a.form, ([], False))
            ambiguous[a.form] = (deny + [d for d in a.deny if d not in deny], weak or a.weak)
        langs = [p.language for p in ruleset.packs for _ in p.rules]
        extra = role_surfaces(people, list(roles))
        given = read_given_names(given_files)
        compiled = matcher.compile_all(ruleset.rules, people, ambiguous, langs, extra, given)
        req, unless = cue_ids(ruleset.rules, compiled.terms)
        return Loaded(ruleset, compiled, req, unless, parse_profiles(base))

    def rebuild() -> Compiled:
        fresh = build()
        store(fresh)
        return fresh.compiled

    def store(loaded: Loaded) -> None:
        if cache_dir is None or not _writable(cache_dir):
            return
        sections = loaded.compiled.cache_sections()
        sections["rules"] = {
            "packs": loaded.ruleset.packs,
            "req": loaded.req,
            "unless": loaded.unless,
            "profiles": loaded.profiles,
        }
        cache.store_cache(cache_dir, key, matcher.CACHE_VERSION, sections)

    src = cache.open_cache(cache_dir, key, matcher.CACHE_VERSION)
    if src is not None:
        try:
            rules = src.load("rules")
            compiled = Compiled.opened(src, rebuild)
            ruleset = RuleSet(rules["packs"], tuple(sources))
            return Loaded(ruleset, compiled, rules["req"], rules["unless"], rules["profiles"])
        except (cache.CacheCorrupt, KeyError, TypeError):
            pass

    fresh = build()
    store(fresh)
    return fresh


def _writable(cache_dir: Path) -> bool:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(cache_dir, os.W_OK)
