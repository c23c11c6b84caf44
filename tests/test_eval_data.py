"""Format checks for the hand-written screening evaluation set (tests/data/screen_eval.jsonl).

The set is what bench/eval_screen.py and the engine tests score against, so a malformed
line, a label outside the taxonomy or a drifted balance must fail here, not silently skew
the recall / false-positive figures.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).resolve().parent / "data"
EVAL_FILE = DATA / "screen_eval.jsonl"
README = DATA / "README.md"

LANGS = {"en", "zh", "ja", "ko", "hi", "bn"}
# the sixteen languages of the generalisation work: fewer rows each, still every one present
NEW_LANGS = {"es", "fr", "de", "pt", "ru", "ar", "it", "tr", "id", "vi", "th", "he", "fa", "uk", "pl", "nl"}
UNSAFE_CATEGORIES = {
    "impersonation_photoreal",
    "fabricated_event",
    "sexual_ncii",
    "election",
    "fake_endorsement",
    "humiliation",
    "face_reference_edit",
    "forged_document",
    "provenance_evasion",
}
BENIGN_CATEGORIES = {
    "benign_general",
    "benign_person_art",
    "benign_ambiguous",
    "benign_document",
    "benign_edit",
}
REQUIRED_KEYS = {"id", "lang", "prompt", "label", "category", "note"}
OPTIONAL_KEYS = {"context"}
ID_RE = re.compile(r"^(en|zh|ja|ko|hi|bn|es|fr|de|pt|ru|ar|it|tr|id|vi|th|he|fa|uk|pl|nl)-\d{4}$")
# a word of 5+ letters with at least two digits standing in for letters ("T4yl0r", "Zuck3rb3rg")
LEET_RE = r"\b(?=(?:[a-z]*[013457]){2})[a-z013457]{5,}\b"


def _load() -> list[dict[str, Any]]:
    rows = []
    for lineno, line in enumerate(EVAL_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"line {lineno}: blank line"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"line {lineno}: not JSON: {exc}")
        assert isinstance(obj, dict), f"line {lineno}: not an object"
        rows.append(obj)
    return rows


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return _load()


def test_every_row_has_exactly_the_known_keys(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        keys = set(r)
        assert REQUIRED_KEYS <= keys, f"{r.get('id')}: missing {REQUIRED_KEYS - keys}"
        unknown = keys - REQUIRED_KEYS - OPTIONAL_KEYS
        assert not unknown, f"{r.get('id')}: unknown keys {unknown}"
        for k in REQUIRED_KEYS:
            assert isinstance(r[k], str) and r[k].strip(), f"{r['id']}: {k} must be a non-empty string"


def test_ids_are_unique_and_match_language(rows: list[dict[str, Any]]) -> None:
    ids = [r["id"] for r in rows]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    for r in rows:
        assert ID_RE.match(r["id"]), f"bad id {r['id']!r}"
        assert r["id"].split("-")[0] == r["lang"], f"{r['id']}: id prefix differs from lang {r['lang']}"


def test_labels_categories_and_languages_are_from_the_taxonomy(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        assert r["lang"] in LANGS | NEW_LANGS, f"{r['id']}: lang {r['lang']!r}"
        assert r["label"] in {"unsafe", "benign"}, f"{r['id']}: label {r['label']!r}"
        allowed = UNSAFE_CATEGORIES if r["label"] == "unsafe" else BENIGN_CATEGORIES
        assert r["category"] in allowed, f"{r['id']}: category {r['category']!r} not valid for {r['label']}"


def test_context_is_a_list_of_earlier_prompts(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        if "context" in r:
            ctx = r["context"]
            assert isinstance(ctx, list) and ctx, f"{r['id']}: context must be a non-empty list"
            ok = all(isinstance(t, str) and t.strip() for t in ctx)
            assert ok, f"{r['id']}: context turns must be non-empty text"


def test_no_duplicate_prompts(rows: list[dict[str, Any]]) -> None:
    keys = Counter((r["prompt"], tuple(r.get("context", []))) for r in rows)
    dupes = [k[0] for k, n in keys.items() if n > 1]
    assert not dupes, f"duplicate prompts: {dupes[:5]}"


def test_size_and_balance(rows: list[dict[str, Any]]) -> None:
    assert len(rows) >= 400
    unsafe_share = sum(r["label"] == "unsafe" for r in rows) / len(rows)
    assert 0.40 <= unsafe_share <= 0.60, f"unsafe share {unsafe_share:.2f}"
    per_lang = Counter(r["lang"] for r in rows)
    for lang in LANGS:
        assert per_lang[lang] >= 45, f"{lang}: only {per_lang[lang]} rows"
    for lang in NEW_LANGS:
        assert per_lang[lang] >= 6, f"{lang}: only {per_lang[lang]} rows"
        unsafe = sum(r["lang"] == lang and r["label"] == "unsafe" for r in rows)
        assert unsafe >= 4 and per_lang[lang] - unsafe >= 2, f"{lang}: unbalanced ({unsafe} unsafe)"


def test_every_category_is_represented(rows: list[dict[str, Any]]) -> None:
    present = {r["category"] for r in rows}
    missing = (UNSAFE_CATEGORIES | BENIGN_CATEGORIES) - present
    assert not missing, f"categories with no rows: {missing}"


def test_conversations_and_hard_negatives_are_covered(rows: list[dict[str, Any]]) -> None:
    assert sum("context" in r for r in rows) >= 20
    assert sum("context" in r and r["label"] == "unsafe" for r in rows) >= 20
    hard = sum(r["category"] in {"benign_ambiguous", "benign_person_art"} for r in rows)
    assert hard >= 80, f"only {hard} hard benign rows"


def test_obfuscated_forms_are_present(rows: list[dict[str, Any]]) -> None:
    """Normalisation is only measured if the set actually contains each obfuscation family."""
    unsafe = [r["prompt"] for r in rows if r["label"] == "unsafe"]
    checks = {
        "zero-width": lambda p: any(c in p for c in "\u200b\u200c\u200d\u2060\ufeff"),
        "full-width latin": lambda p: any("\uff21" <= c <= "\uff5a" for c in p),
        "cyrillic homoglyph": lambda p: any("\u0400" <= c <= "\u04ff" for c in p),
        "leetspeak": lambda p: re.search(LEET_RE, p, re.I) is not None,
        "spaced-out letters": lambda p: re.search(r"(?:\b\w ){4,}", p) is not None,
    }
    for name, pred in checks.items():
        assert any(pred(p) for p in unsafe), f"no unsafe prompt with {name}"


def test_readme_counts_match_the_data(rows: list[dict[str, Any]]) -> None:
    text = README.read_text(encoding="utf-8")
    m = re.search(r"Total rows: (\d+)", text)
    assert m, "README must state 'Total rows: N'"
    assert int(m.group(1)) == len(rows), "README counts are stale; regenerate the tables"
