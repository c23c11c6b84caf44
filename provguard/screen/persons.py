"""Person findings of one prompt: exact gazetteer hits filtered for ambiguity, then the slower
resolvers (misspelling, transliteration, unknown-but-named) only where a harmful context asks.

Why a module of its own: the engine decides, this module says *who*. Every finding says how
the person was found: ``via`` ``role`` (an indirect description), ``translit`` (another
script), ``morph`` (an inflected form), and ``fuzzy`` carries the edit distance.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

from provguard.models import Finding
from provguard.screen import build, fuzzy, homoglyph, lazy_re, matcher, name_cues, place_cues
from provguard.screen.normalize import NormText

__all__ = [
    "HISTORICAL_YEARS",
    "RECENT_YEARS",
    "exact_persons",
    "resolve_more",
    "too_dead",
]

RECENT_YEARS = 20  # died within: protected like the living
HISTORICAL_YEARS = 50  # died longer ago: historical, allowed


@lru_cache(maxsize=4096)
def years_dead(died: str, today: dt.date) -> float | None:
    """Years since ``died`` (an ISO date, year or year-month), or None when it is no date
    (memoised: a handful of dead people recur on every prompt that names them)."""
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", died)
    if not m:
        return None
    d = dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    return (today - d).days / 365.25


_MODEL_CODE = lazy_re.compile(r"-?\d")
# an all-capital word of two to four letters (ЦИК, ТИК, KPU, PKW) followed by a stop or a space
_ACRONYM = lazy_re.compile(r"[A-ZÀ-ÞА-ЯЁІЇЄҐ]{2,4}[.:,]?\s")


def too_dead(died: str, today: dt.date | None, context_ok: bool) -> bool:
    """Whether someone who died on ``died`` is out of reach: historical (more than
    ``HISTORICAL_YEARS`` ago), or dead more than ``RECENT_YEARS`` without a person-directed
    context."""
    if not died:
        return False
    age = years_dead(died, today or dt.date.today())
    if age is None:
        return False
    return age > HISTORICAL_YEARS or (age > RECENT_YEARS and not context_ok)


def exact_persons(
    compiled: matcher.Compiled,
    nt: NormText,
    prompt: str,
    hits: list[matcher.Hit],
    terms: set[int],
    context_ok: bool,
    turn: int | None,
    kw_spans: list[tuple[int, int]],
    today: dt.date | None = None,
    brand_ok: bool = False,
    photoreal: bool = False,
    namesakes: list[tuple[int, int]] | None = None,
    via: str | None = None,
) -> list[Finding]:
    """Gazetteer hits -> person findings (longest first, ambiguity and death date applied).
    ``via``: how every hit was read, when a second reading of the prompt found them ("arabizi").
    ``photoreal``: a weak full name written as a name ("Pedro Sánchez", capitalised, two words)
    counts behind a photoreal cue too; a weak single word still needs a person-directed one.
    ``namesakes`` collects the spans of surnames taken as someone else's (left to the guess)."""
    if not hits or (not context_ok and not photoreal and all(h[4] for h in hits)):
        return []  # only weak forms and nothing that directs them at a person: no one is named
    strong_people = {h[1] for h in hits if not h[4]}
    stripped = prompt.lstrip()
    sentence_case = bool(stripped) and stripped[0].isascii() and stripped[0].isupper()
    deny_of = compiled.deny
    people = compiled.people
    # each kept hit with its original span (found once: the cues below and the finding need it)
    chosen: list[tuple[matcher.Hit, tuple[int, int]]] = []
    pets: list[tuple[int, int]] = []  # names given to an animal: a shorter form inside one is the pet too
    # a form a curated list knows as a historical figure's ("Gustav Klimt", died 1918) names that figure in
    # an uncurated import too, where the same name has no death date (found on the first uncurated hit)
    past: set[tuple[int, int]] | None = None
    for h in sorted(hits, key=lambda h: (h[2] - h[3], h[2])):
        _, ref, start, end, weak, kind, form, squashed = h
        if chosen and any(c[2] <= start and end <= c[3] for c, _ in chosen):
            continue
        if pets and any(s <= start and end <= e for s, e in pets):
            continue
        if kind == "brand" and not brand_ok:
            continue  # a product shot or an advert of a brand named after its founder
        sp: tuple[int, int] | None = None
        # in sentence-case prose a lowercase single Latin word is a word, not a name ("A woman
        # hugs a gray cat" vs GRAY, "simple" vs s1mple); lowercase prompts give no such evidence
        if sentence_case and not squashed and kind != "subject" and form.isascii() and " " not in form:
            sp = nt.span(start, end)
            if prompt[sp[0] : sp[1]].islower():
                continue
        if len(form) <= 4 and form.isascii() and form.isalpha():
            if sp is None:
                sp = nt.span(start, end)
            if _MODEL_CODE.match(prompt, sp[1]):
                continue  # "XJP-400", "AOC27": initials before a number are a model code
        if weak and not squashed and form.isascii() and " " not in form:
            if sp is None:
                sp = nt.span(start, end)
            if name_cues.time_word(prompt, *sp):
                continue  # "in winter", "last summer": a season or a time
        # a name inside a longer keyword is part of that word (贝尔 in 诺贝尔奖)
        if kw_spans and any(s <= start and end <= e and e - s > end - start for s, e in kw_spans):
            continue
        p = people[ref]
        if too_dead(p.died, today, context_ok):
            continue  # a historical figure, or long dead without a person-directed context
        if not p.curated:
            if past is None:
                old = [x for x in hits if people[x[1]].curated]
                past = {(x[2], x[3]) for x in old if too_dead(people[x[1]].died, today, context_ok)}
            if (start, end) in past:
                continue
        if weak and ref not in strong_people and not context_ok:
            if not photoreal:
                continue
            if sp is None:
                sp = nt.span(start, end)
            # "Subject: Doda": a brief's subject field names its person
            full = name_cues.written_full_name(nt, prompt, start, end, form, sp)
            if not (full or name_cues.subject_field(prompt, *sp)):
                continue
        deny = deny_of.get(form)
        if deny and deny & terms:
            continue
        if sp is None:
            sp = nt.span(start, end)
        if name_cues.named_pet_or_shop(nt, prompt, start, end, sp):
            pets.append((start, end))
            continue  # "a dog named Neymar", 一只叫特朗普的猫: the name of an animal or a toy
        if name_cues.inside_word(prompt, *sp, form):
            if namesakes is not None:
                namesakes.append((start, end))  # 최민지: left to the name-shape guess
            continue  # 디오 in 스튜디오, ディオ in ディオール: part of a longer word
        if (not context_ok or weak) and place_cues.named_place(prompt, *sp):
            # "JFK airport", "the ship Queen Elizabeth": a place; a weak form stays one in any
            # context ("한강 다리 위에서 키스하는 커플": the Han River, not the novelist)
            continue
        if name_cues.titled_surname(prompt, sp[0], form) or (
            kind == "role" and (name_cues.election_title(prompt, *sp) or name_cues.fictional_setting(prompt))
        ):
            continue  # "il dottor Rossi": a namesake; "Выборы Президента России", a novel's president
        if name_cues.named_character(prompt, *sp, form):
            continue  # "a nurse named Sunny": a one-word name given to someone in the scene
        if name_cues.other_given_name(compiled, nt, prompt, start, end, form, people[ref].name, sp):
            if namesakes is not None:
                namesakes.append((start, end))
            continue  # "Marta Ortega" is not Daniel Ortega, "Lara Trump" not Donald Trump
        chosen.append((h, sp))
    chosen.sort(key=lambda c: c[0][2])
    out = []
    for h, span in chosen:
        p = people[h.ref]
        rule = f"person.gazetteer.{h.surface_kind}" + (".spaced" if h.squashed else "")
        match = prompt[span[0] : span[1]]
        how = via or ("role" if h.surface_kind == "role" else None)
        if how is None and not h.squashed and len(h.form) < h.end - h.start:
            how = "morph"  # an inflected form (Путина, Bidena)
        if how in (None, "morph") and not match.isascii() and homoglyph.MIXED_WORD.search(match.casefold()):
            how = "homoglyph"  # lookalike letters of another script ("Kсения", "Tаylоr")
        out.append(build.person_finding(rule, span, match, build.entity(p.id, p.name), turn, how))
    return out


def resolve_more(
    compiled: matcher.Compiled,
    nt: NormText,
    prompt: str,
    turn: int | None,
    taken: Sequence[tuple[int, int]],
    latin_ok: bool,
    today: dt.date | None = None,
    context_ok: bool = True,
) -> list[Finding]:
    """Misspelt and transliterated names of curated people (the slow path, candidates only);
    ``latin_ok``: Latin-script candidates too, not only other alphabets. Death dates and place
    nouns apply as to exact hits ("Вулиця Тараса Шевченка", "Dom Pedro II" are no one living)."""
    idx = compiled.fuzzy
    if idx is None:
        return []
    spans = fuzzy.candidate_spans(nt, latin_ok, taken, idx.common, idx.given)
    broken = fuzzy.broken_names(idx, nt, taken) if latin_ok else []
    if not spans and not broken:
        return []
    out = []
    spans = [sp for sp in spans if not any(b.start < sp.end and sp.start < b.end for b in broken)]
    for h in broken + fuzzy.lookup(idx, spans):
        p = compiled.people[h.person]
        span = nt.span(h.start, h.end)
        if too_dead(p.died, today, context_ok) or (not context_ok and place_cues.named_place(prompt, *span)):
            continue
        if h.distance and _ACRONYM.match(prompt, span[0], span[1]):
            continue  # "ТИК. Нужен плакат": an acronym (an election office) opening the span is no name
        # distance 0 outside another script: a name joined from fragments (lookup skips exact keys)
        rule = "person.translit" if h.translit else "person.fuzzy" if h.distance else "person.broken"
        out.append(
            build.finding(
                rule,
                "real_person",
                span,
                prompt[span[0] : span[1]],
                "person",
                entity=build.entity(p.id, p.name),
                turn=turn,
                set_entity=True,
                via="translit" if h.translit else None,
                fuzzy=h.distance if h.distance else None,
            )
        )
    return out
