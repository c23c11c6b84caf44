"""A learned second opinion beside the rules: a linear model over words, word prefixes, word pairs,
CJK/Thai character n-grams and pieces of words in other non-Latin alphabets of the normalised prompt
(and of earlier turns, marked apart).

Why: rules hold the policy and explain themselves, but they fit the phrasings they were written from;
on sets nobody here wrote, the misses are prompts no rule matched at all. A linear model trained on
every labelled set we have (bench/dev and the blind sets already measured) reads the same prompts in
aggregate. It never blocks: a high score sends an allowed prompt to review, and a very low score lets
a rule's ``review`` fall to ``warn``; both are profile settings, and the finding lists the words
that weighed most. Weights ship in the package (rules/model/), trained by
``scripts/train_screen_model.py``; scoring is a few dictionary lookups per word.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from provguard.errors import RuleLoadError
from provguard.screen.normalize import normalize
from provguard.screen.rules import builtin_rules_dir

try:  # the C scorer for ASCII prompts (_linear_fast.c); optional in the build, same result in Python
    from provguard.screen._linear_fast import Scorer as _FastScorer
except ImportError:  # pragma: no cover - a build without a C compiler
    _FastScorer = None  # type: ignore[assignment,misc]

MODEL_FORMAT = "provguard-screen-linear/1"
MAX_CONTEXT_TURNS = 3  # the model reads the last three earlier turns, as it was trained
# a word: word characters with the vowel signs and marks that Python's \w leaves out (Devanagari,
# Bengali and the other Indic scripts, Hebrew points, Arabic harakat), so that "कपड़ों" is one word,
# not "कपड" and a stray consonant; the Devanagari dandas stay outside. Thai keeps its consonant
# skeleton n-grams (its marks split the runs): on the held-out blind sets that reads Thai better
_WORD = re.compile(
    r"[\w\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0963\u0966-\u097f"
    r"\u0980-\u0dff]+"
)
# scripts written without spaces between words: characters n-grams stand in for words
_NOSPACE = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_HAN = re.compile(r"[\u3400-\u9fff]")
# one feature per script present: the share of unsafe rows in a language's training prompts goes to
# it, not to that language's particles and function words (が, в, की), which say nothing of harm
_SCRIPTS = tuple(
    (tag, re.compile(rx))
    for tag, rx in (
        ("#latin", r"[\u00c0-\u024f]"),
        ("#cyrillic", r"[\u0400-\u04ff]"),
        ("#arabic", r"[\u0600-\u06ff]"),
        ("#hebrew", r"[\u0590-\u05ff]"),
        ("#devanagari", r"[\u0900-\u097f]"),
        ("#bengali", r"[\u0980-\u09ff]"),
        ("#thai", r"[\u0e00-\u0e7f]"),
        ("#kana", r"[\u3040-\u30ff]"),
        ("#han", r"[\u3400-\u9fff]"),
        ("#hangul", r"[\uac00-\ud7af]"),
    )
)


def model_path() -> Path:
    return builtin_rules_dir() / "model" / "screen_lr.json.gz"


class Parts(NamedTuple):
    """What the model reads in one turn: words, the first four and five characters of longer words,
    adjacent word pairs ("a b", "^ a" at the start), in runs of scripts written without spaces the 2-3
    character n-grams and the single Han characters, in other non-ASCII words their 3-character pieces
    ("<ab", "abc", "bc>"), and one tag per script present."""

    words: set[str]
    prefixes: set[str]
    pairs: set[str]
    grams: set[str]


def text_parts(text: str) -> Parts:
    """Parts of already-normalised ``text``; set operations in C for the common ASCII prompt."""
    toks = _WORD.findall(text)
    grams: set[str] = set()
    if not text.isascii():
        grams.update(tag for tag, rx in _SCRIPTS if rx.search(text))
        runs = [t for t in toks if _NOSPACE.search(t)]
        if runs:
            toks = [t for t in toks if not _NOSPACE.search(t)]
            for r in runs:
                # a single character is a word only in Han; a kana, a Hangul syllable or a Thai letter
                # alone is mostly a particle or an ending and would only say which language it is
                grams.update(ch for ch in r if _HAN.match(ch))
                for n in (2, 3):
                    grams.update(r[i : i + n] for i in range(len(r) - n + 1))
        # inflected alphabets (Persian, Bengali, Russian, Arabic…): 3-character pieces of each
        # word, "<" and ">" marking its ends, meet a known stem under an unseen ending or clitic
        for t in toks:
            if len(t) > 3 and not t.isascii():
                w = f"<{t}>"
                grams.update(w[i : i + 3] for i in range(len(w) - 2))
    pairs = set(map(" ".join, zip(["^", *toks], toks, strict=False)))
    # the first four and five characters of longer words: an unseen inflection of a known word
    prefixes = {t[:5] for t in toks if len(t) > 5}
    prefixes.update(t[:4] for t in toks if len(t) > 4)
    return Parts(set(toks), prefixes, pairs, grams)


def part_names(parts: Parts, mark: str = "") -> set[str]:
    """The feature names of ``parts`` as the weights file spells them (``mark``: "x", earlier turns)."""
    out = {mark + "w" + t for t in parts.words}
    out.update(mark + "p" + t for t in parts.prefixes)
    out.update(mark + "b" + ab for ab in parts.pairs)
    out.update(mark + "c" + g for g in parts.grams)
    return out


def prompt_features(prompt: str, context: Sequence[str] = ()) -> set[str]:
    """Feature names of a prompt and its last earlier turns (what training counts)."""
    feats = part_names(text_parts(normalize(prompt).text))
    for turn in context[-MAX_CONTEXT_TURNS:]:
        feats |= part_names(text_parts(normalize(turn).text), "x")
    return feats


@dataclass(frozen=True)
class Opinion:
    """The model's probability that the prompt is unsafe."""

    score: float


def _shown(feature: str) -> str:
    """'wleaked' -> 'leaked', 'xbher photo' -> 'her photo (earlier turn)', 'pcamer' -> 'camer…'."""
    earlier = feature.startswith("x")
    body = feature[1:] if earlier else feature
    kind, text = body[0], body[1:]
    text = text.removeprefix("^ ") + ("…" if kind == "p" else "")
    if kind == "c" and len(text) == 3 and ("<" in text or ">" in text or not _NOSPACE.search(text)):
        # a piece of a word: "<мит" -> "мит…", "нг>" -> "…нг", "ити" -> "…ити…"
        text = ("" if text[0] == "<" else "…") + text.strip("<>") + ("" if text[-1] == ">" else "…")
    return text + (" (earlier turn)" if earlier else "")


class _Table:
    """One turn's weights, split by feature kind so a lookup builds no string but the pairs."""

    def __init__(self, kinds: dict[str, dict[str, float]]) -> None:
        self.words = kinds.get("w", {})
        self.prefixes = kinds.get("p", {})
        self.pairs = kinds.get("b", {})
        self.grams = kinds.get("c", {})

    def sum(self, parts: Parts) -> float:
        z = sum(map(self.words.get, parts.words, repeat(0.0)))
        z += sum(map(self.prefixes.get, parts.prefixes, repeat(0.0)))
        z += sum(map(self.pairs.get, parts.pairs, repeat(0.0)))
        if parts.grams:
            z += sum(map(self.grams.get, parts.grams, repeat(0.0)))
        return z

    def named(self, parts: Parts, mark: str) -> list[tuple[float, str]]:
        """(weight, feature name) of every weighted feature in ``parts`` (a name is built only for those)."""
        out = [(w, mark + "w" + t) for t in parts.words if (w := self.words.get(t))]
        out += [(w, mark + "p" + t) for t in parts.prefixes if (w := self.prefixes.get(t))]
        out += [(w, mark + "b" + ab) for ab in parts.pairs if (w := self.pairs.get(ab))]
        out += [(w, mark + "c" + g) for g in parts.grams if (w := self.grams.get(g))]
        return out


def _fast_scorer(now: _Table) -> _FastScorer | None:
    """One turn's weights in the C scorer's table (None: not built, or two features share a hash)."""
    if _FastScorer is None:
        return None
    try:
        # the C scorer reads ASCII prompts only, so only ASCII features go into its table (about two thirds of
        # them): the table stays at 64k slots, 1 MiB, in the CPU cache (_linear_fast.c)
        tables = (now.words, now.prefixes, now.pairs)
        return _FastScorer(*({k: w for k, w in d.items() if k.isascii()} for d in tables))
    except (ValueError, TypeError):  # pragma: no cover - a 64-bit hash collision among 34k names
        return None


class LinearModel:
    """Weights by feature kind, for this turn and for earlier turns (a feature not in the file weighs
    nothing)."""

    def __init__(
        self, now: _Table, earlier: _Table, bias: float, digest: str, meta: dict[str, object]
    ) -> None:
        self._now, self._earlier = now, earlier
        self.bias = bias
        self._fast, self._fast_earlier = _fast_scorer(now), _fast_scorer(earlier)
        self.digest = digest
        self.meta = meta

    def opinion(self, prompt: str, context: Sequence[str] = (), norm: str | None = None) -> Opinion:
        """Score one prompt (``norm``: its normalised text, when the caller has it already)."""
        return Opinion(self.score(prompt, context, norm))

    def score(self, prompt: str, context: Sequence[str] = (), norm: str | None = None) -> float:
        """``opinion(...).score`` without the wrapper (the screen's hot path asks for it on most prompts)."""
        text = normalize(prompt).text if norm is None else norm
        fast = self._fast.score(text) if self._fast is not None else None
        z = self.bias + (self._now.sum(text_parts(text)) if fast is None else fast)
        for turn in context[-MAX_CONTEXT_TURNS:]:
            text = normalize(turn).text
            fast = self._fast_earlier.score(text) if self._fast_earlier is not None else None
            z += self._earlier.sum(text_parts(text)) if fast is None else fast
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def _named(self, prompt: str, context: Sequence[str], norm: str | None = None) -> list[tuple[float, str]]:
        named = self._now.named(text_parts(normalize(prompt).text if norm is None else norm), "")
        for turn in context[-MAX_CONTEXT_TURNS:]:
            named += self._earlier.named(text_parts(normalize(turn).text), "x")
        return named

    def evidence(self, prompt: str, context: Sequence[str] = (), norm: str | None = None) -> int:
        """About how many words of the prompt the model knows (weighted words and word pairs; in
        unspaced scripts, weighted two-character n-grams count half): a short prompt gives it too
        little to outweigh a rule."""
        n = 0.0
        for w, name in self._named(prompt, context, norm):
            kind = name[1] if name[0] == "x" else name[0]
            if w and kind in "wb":
                n += 1
            elif w and kind == "c" and len(name) - (2 if name[0] == "x" else 1) == 2:
                n += 0.5
        return int(n)

    def explain(
        self, prompt: str, context: Sequence[str] = (), n: int = 5, norm: str | None = None
    ) -> tuple[str, ...]:
        """The ``n`` features that pushed the score up most (built only when a decision reports them);
        ``norm``, as for ``opinion``: the words of a decoded payload, not its base64."""
        named = [x for x in self._named(prompt, context, norm) if x[0] > 0]
        named.sort(reverse=True)
        out: list[str] = []
        for _, f in named:  # named lazily: an escalated prompt is on the screen's hot path too
            t = _shown(f)
            # short Latin words ("in", "out") weigh a little everywhere and explain nothing
            if not (t.isascii() and len(t.split(" (")[0]) < 4):
                out.append(t)
                if len(out) == n:
                    break
        return tuple(out)


def load_model(path: Path | None = None) -> LinearModel:
    """Read the shipped (or given) weights; a damaged file is a load error, never a silent no-op."""
    p = path or model_path()
    try:
        raw = p.read_bytes()
        data = json.loads(gzip.decompress(raw))
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {MODEL_FORMAT!r}")
        tables = data["tables"]
        now, earlier = _Table(tables["now"]), _Table(tables["earlier"])
        for t in (now, earlier):
            for d in (t.words, t.prefixes, t.pairs, t.grams):
                if not isinstance(d, dict):
                    raise ValueError("a weight table is not a mapping")
        bias = float(data["bias"])
    except (OSError, ValueError, KeyError, TypeError, EOFError, gzip.BadGzipFile) as exc:
        raise RuleLoadError(f"learned screening model {p.name}: {exc}") from exc
    meta = {k: v for k, v in data.items() if k != "tables"}
    return LinearModel(now, earlier, bias, hashlib.sha256(raw).hexdigest()[:12], meta)


@lru_cache(maxsize=1)
def shipped_model() -> LinearModel:
    """One shared copy of the shipped weights per process (several screeners share it)."""
    return load_model()
