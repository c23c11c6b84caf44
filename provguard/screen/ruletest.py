"""``provguard rules test`` / ``rules lint`` as library functions.

Why colocated examples: like ``semgrep --test`` and ``opa test``, every rule carries the
prompts it must fire on, must not fire on, and known misses (``todo``); a rule edit that breaks
one fails CI. Lint reports problems a reviewer should look at but that do not stop loading.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Literal

from provguard.screen.engine import Screener
from provguard.screen.normalize import normalize_pattern
from provguard.screen.taxonomy import CONTEXT_KINDS, LANGUAGES


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    kind: Literal["must_match", "must_not_match", "todo"]
    text: str
    ok: bool  # for todo: True while it is still a known miss

    @property
    def message(self) -> str:
        if self.kind == "todo":
            return "todo still missed" if self.ok else "todo now fires: move it to must_match"
        return "ok" if self.ok else ("did not fire" if self.kind == "must_match" else "fired but must not")


def run_examples(screener: Screener) -> list[ExampleResult]:
    out: list[ExampleResult] = []
    for rule in screener.rules:
        ex = rule.examples
        out += [
            ExampleResult(rule.id, "must_match", t, rule.id in screener.fired_rules(t)) for t in ex.must_match
        ]
        out += [
            ExampleResult(rule.id, "must_not_match", t, rule.id not in screener.fired_rules(t))
            for t in ex.must_not_match
        ]
        out += [ExampleResult(rule.id, "todo", t, rule.id not in screener.fired_rules(t)) for t in ex.todo]
    return out


# stand-alone categories where a noun is not intent: the rule must carry cue terms
INTENT_CATEGORIES = frozenset({"forged_document", "provenance_evasion"})


@dataclass(frozen=True)
class LintIssue:
    level: Literal["error", "warning", "info"]
    where: str
    message: str


def lint(screener: Screener, packs_languages: dict[str, str] | None = None) -> list[LintIssue]:
    """Problems in the loaded rules and people: duplicates, collisions, coverage gaps."""
    issues: list[LintIssue] = []
    owner: dict[str, list[str]] = defaultdict(list)
    for rule in screener.rules:
        seen: Counter[str] = Counter(normalize_pattern(k.rstrip("*")) for k in rule.keywords)
        for kw, n in seen.items():
            if n > 1:
                issues.append(LintIssue("warning", rule.id, f"keyword {kw!r} listed {n} times"))
            if len(kw) < 2:
                issues.append(LintIssue("warning", rule.id, f"keyword {kw!r} is a single character"))
            owner[kw].append(rule.id)
        if not rule.examples.todo:
            issues.append(LintIssue("info", rule.id, "no todo examples (known misses) recorded"))
        cancels = [t for g in rule.reliefs for t in g.unless]
        terms = (*rule.keywords, *rule.requires_any, *rule.unless, *rule.relief_unless, *cancels)
        issues.extend(
            LintIssue("warning", rule.id, f"{raw!r}: '*' only works at the end of a term (a prefix match)")
            for raw in terms
            if "*" in raw.rstrip("*")
        )
        if rule.category in INTENT_CATEGORIES and not rule.requires_any and not rule.regex:
            issues.append(
                LintIssue(
                    "warning",
                    rule.id,
                    f"{rule.category} rule fires on nouns alone: give it requires_any intent cues",
                )
            )
        circular = {normalize_pattern(t.rstrip("*")) for t in rule.requires_any} & set(seen)
        issues.extend(
            LintIssue("info", rule.id, f"{term!r} is both a keyword and its own cue: it fires alone")
            for term in sorted(circular)
        )
    for kw, rules in owner.items():
        signals = {r.split(".")[0] for r in rules}
        if len(rules) > 1 and len(signals) > 1 and "illegal" not in signals:
            issues.append(LintIssue("info", ",".join(rules), f"keyword {kw!r} is shared by several rules"))
    # context-kind coverage per language
    if packs_languages:
        by_lang: dict[str, set[str]] = defaultdict(set)
        for rule in screener.rules:
            lang = packs_languages.get(rule.id)
            if lang and rule.kind:
                by_lang[lang].add(rule.kind)
        for lang in sorted(LANGUAGES - {"any"}):
            missing = sorted(CONTEXT_KINDS - by_lang.get(lang, set()))
            if missing:
                issues.append(LintIssue("warning", f"language {lang}", f"no context rules for {missing}"))
    # people
    c = screener.compiled
    if not c.people:
        issues.append(LintIssue("warning", "people", "no people loaded: the real-person signal is off"))
    no_qid = sum(1 for p in c.people if p.curated and not p.id.startswith("Q"))
    if no_qid:
        issues.append(LintIssue("info", "people", f"{no_qid} curated people have no Wikidata QID"))
    shared = 0
    for items in c.entries:
        persons = {it[1] for it in items if it and it[0] == 0}
        if len(persons) > 1:
            shared += 1
    for form, pi in c.collisions:
        p = c.people[pi]
        issues.append(
            LintIssue(
                "warning",
                f"person {p.id}",
                f"{form!r} names {p.name} and is also a rule keyword: dropped from the gazetteer",
            )
        )
    if shared:
        issues.append(LintIssue("info", "people", f"{shared} surface forms name more than one person"))
    return issues
