"""Screener: prompt (+ earlier turns, + input image) -> Decision.

Two signals make a harmful prompt: an identifiable person (gazetteer hit, role phrase,
face-reference deixis, a face in the edit's image) and a harmful context (photoreal framing,
fabricated event, sexual, election, endorsement, humiliation). Stand-alone rules (forged
documents, provenance evasion) need no person. The profile maps categories to actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from provguard.config import Settings, load_settings
from provguard.errors import PayloadTooLarge, RuleLoadError
from provguard.models import Decision
from provguard.screen import (
    arabizi,
    build,
    lazy_re,
    line_scope,
    loader,
    matcher,
    names_latin,
    negation,
    persons,
    persons_unknown,
    policy,
    recipient,
    second_opinion,
    subject_surnames,
)
from provguard.screen.conversation import abandoned_prefix
from provguard.screen.decode import Decoded, decode_payloads
from provguard.screen.image_face import add_face_signal
from provguard.screen.learned import model_path, shipped_model
from provguard.screen.normalize import NormText, normalize, normalize_mapped
from provguard.screen.people import GIVEN_NAMES_FILE, builtin_people_files, list_imported
from provguard.screen.policy import PERSON_DIRECTED, Signals
from provguard.screen.roles import role_files
from provguard.screen.rules import Action, LearnedPolicy, Rule, builtin_rules_dir, digest, load_profile
from provguard.screen.taxonomy import CUE_KINDS, OFFICE_KIND, hazard
from provguard.screen.turn_scope import MAX_TURNS, Turn, TurnScope

# two capitalised words in a row (or a capitalised word after an honorific): the cheap test that
# a prompt may hold a misspelt or unknown name at all (lowercase prompts skip the slow path)
# (letters with diacritics too: "Trấn Thành", "Ahmet Yılmaz" fold to ASCII in the normalised text)
_UP, _LO = f"A-Z{persons_unknown.UPPER}", f"a-z{persons_unknown.LOWER}"
# (the capital first, outside the alternation: the regex engine then skips to capitals in C)
_CAP_PAIR = lazy_re.compile(rf"[{_UP}](?:[{_LO}]+\.? [{_UP}][{_LO}]{{2,}}|(?<=[A-Z])[a-z]{{4,}})")
# a capitalised fragment before a lowercase one ("Tay lor", "Scar-lett"): maybe a name typed in pieces
_BROKEN = lazy_re.compile(rf"[{_UP}][{_LO}]{{1,4}}[ -][{_LO}]{{1,5}}(?![{_LO}])")
# contexts that let the engine guess at a name (misspelt, unknown) or count a brand-named form:
# person-directed, but not endorsement, whose prompts are full of brands named after people
NAME_GUESS_KINDS = PERSON_DIRECTED - {"endorsement"}
GUESS_WITH_GIVEN_NAME = frozenset({"endorsement", "photoreal"})
TESTIMONIAL = ".testimonial."  # in the id of an endorsement rule that quotes a first-person line
OFFICE_GUESS = PERSON_DIRECTED - {"election"}  # contexts that make a definite office an unknown person


def _normalized(prompt: str) -> tuple[NormText, Decoded | None]:
    """The prompt's normalised views, of its decoded payloads when it holds any (the decoder runs only
    where normalisation's pre-check, done in C for an ASCII prompt, says it may find one)."""
    nt = normalize(prompt)
    dec = decode_payloads(prompt) if nt.maybe_encoded else None
    return (nt, None) if dec is None else (normalize_mapped(dec.text, dec.spans, prompt), dec)


class Screener(TurnScope):
    """Thread-safe after construction: state is read-only (cached parts load once, under a lock)."""

    def __init__(
        self,
        *,
        policy_name: str,
        policy_digest: str,
        rules: list[Rule],
        compiled: matcher.Compiled,
        actions: dict[str, Action],
        stylized: dict[str, Action],
        max_prompt_chars: int,
        max_image_pixels: int,
        people_files: list[Path],
        today: dt.date | None = None,
        name_cues: Path | None = None,
        cues: loader.Cues | None = None,
        learned: LearnedPolicy | None = None,
    ) -> None:
        self.policy_name = policy_name
        self.policy_digest = policy_digest
        self.rules = rules
        self.compiled = compiled
        self.actions = actions
        self.stylized = stylized
        self.max_prompt_chars = max_prompt_chars
        self.max_image_pixels = max_image_pixels
        self.people_files = people_files
        self.today = today  # None: the current date (death-date rules); tests pin it
        self.name_cues = name_cues  # cue lists of the unknown-name detector; None: the built-in ones
        # compiled on first use: most rules' regexes are never needed in a one-prompt run
        self._regex = {i: [lazy_re.compile(x) for x in r.regex] for i, r in enumerate(rules) if r.regex}
        # photoreal context rules: their photo word may be denied by the prompt ("not a photo")
        # cues a prompt can deny next to them: "not a photo", "keine Werbung", "reklam yok"
        self._deniable = frozenset(i for i, r in enumerate(rules) if r.kind in ("photoreal", "endorsement"))
        # office rules only describe who is meant: their keywords ("president", "minister") hide no name
        # from the name guesses ("President J.B.") and swallow no listed name
        self._office = frozenset(i for i, r in enumerate(rules) if r.kind == OFFICE_KIND)
        # undressing rules: the removal verb must share a line with the garment (line_scope)
        self._line_bound = frozenset(
            i for i, r in enumerate(rules) if r.kind == "revealing" and r.requires_any
        )
        self._terms = compiled.terms
        # people from uncurated imported lists need a person-directed context, not just photorealism
        self._curated = compiled.curated
        # term ids of each rule's requires_any / unless cues (cached with the compiled form)
        self._req, self._unless = cues if cues is not None else loader.cue_ids(rules, compiled.terms)
        self._relief = loader.relief_ids(rules, compiled.terms)
        self.learned = learned  # None: the profile does not use the learned second opinion

    # ------------------------------------------------------------------ construction
    @classmethod
    def load(
        cls,
        policy: str | Path = "standard",
        *,
        people_packs: Sequence[Path] = (),
        rules_dir: Path | None = None,
        settings: Settings | None = None,
        include_imported: bool = True,
    ) -> Screener:
        """Load packs, profile and people; reuse the compiled automaton cache when it matches.

        Raises RuleLoadError for an empty/broken rule set or an unknown policy.
        """
        settings = settings or load_settings()
        base = rules_dir or builtin_rules_dir()
        people_files = builtin_people_files(base)
        if include_imported:
            people_files += list_imported(settings.data_dir)
        people_files += [Path(p) for p in settings.people_packs]
        people_files += [Path(p) for p in people_packs]
        for p in people_files:
            if not p.is_file():
                raise RuleLoadError(f"people pack {p} not found")
        roles = role_files(base)
        given_file = base / "people" / GIVEN_NAMES_FILE
        given_files = [given_file] if given_file.is_file() else []
        people_sources = [
            (f"people/{p.name}", p.read_bytes()) for p in [*people_files, *roles, *given_files]
        ]
        loaded = loader.load_compiled(
            base, people_files, roles, people_sources, settings.data_dir / "cache", given_files
        )
        ruleset = loaded.ruleset
        profile, actions, stylized, prof_sources = load_profile(policy, base, loaded.profiles)
        model_src = [("model/screen_lr.json.gz", model_path().read_bytes())] if profile.learned else []
        policy_digest = digest([*ruleset.sources, *prof_sources, *people_sources, *model_src])
        return cls(
            policy_name=profile.name,
            policy_digest=policy_digest,
            rules=ruleset.rules,
            compiled=loaded.compiled,
            actions=actions,
            stylized=stylized,
            max_prompt_chars=settings.max_prompt_chars,
            max_image_pixels=settings.max_image_pixels,
            people_files=people_files,
            name_cues=nc if (nc := base / "people" / "name_cues.yaml").is_file() else None,
            cues=(loaded.req, loaded.unless),
            learned=profile.learned,
        )

    # ------------------------------------------------------------------ screening
    def screen(
        self,
        prompt: str,
        *,
        context: Sequence[str | Turn] = (),
        image: bytes | None = None,
        id: str | int | None = None,
    ) -> Decision:
        """Screen one prompt (the last turn of ``context`` + ``prompt``) and decide."""
        return self._screen(prompt, context, image, id, 0)

    def _screen(
        self,
        prompt: str,
        context: Sequence[str | Turn],
        image: bytes | None,
        id: str | int | None,
        depth: int,
    ) -> Decision:
        """``depth``: how many later turns are being decided through this one (bounds the re-screening
        of a chain of edits to MAX_INHERIT turns)."""
        if not isinstance(prompt, str):
            raise TypeError("prompt must be a str")
        if len(prompt) > self.max_prompt_chars:
            raise PayloadTooLarge(f"prompt has {len(prompt)} characters (limit {self.max_prompt_chars})")
        if len(context) > MAX_TURNS:
            raise PayloadTooLarge(f"{len(context)} earlier turns (limit {MAX_TURNS})")
        # "算了，刚才那个…不做了。就画个…": in a conversation, the opening clauses that drop the earlier
        # request name that request, not this one; the screen reads the rest (spans stay the prompt's)
        cut = abandoned_prefix(prompt) if context else 0
        sig = self._signals(" " * cut + prompt[cut:] if cut else prompt, None)
        if cut:
            sig.notes.append(f"read from character {cut}: the words before it drop the earlier request")
        turns = [t if isinstance(t, Turn) else Turn(str(t)) for t in context] if context else []
        again = self._with_earlier_turns(sig, prompt, turns, depth) if turns else False
        if image is not None:
            add_face_signal(sig, image, self.max_image_pixels)
        d = self._decide(sig, id)
        d = self._repeated(d, turns, prompt, depth) if again else d
        if self.learned is None:
            return d
        norm = sig.nt.text if sig.nt is not None else None  # the normalised (or decoded) text, reused
        ctx = [t.prompt for t in turns] if turns else []
        return second_opinion.apply(d, prompt, ctx, shipped_model(), self.learned, self.actions, norm)

    def _keyword_spans(self, kw_by_rule: dict[int, list[matcher.Hit]]) -> list[tuple[int, int]]:
        """Spans of the keywords that fired, offices apart (a name inside one is the keyword's word)."""
        return [(h[2], h[3]) for ri, hs in kw_by_rule.items() if ri not in self._office for h in hs]

    def _signals(self, prompt: str, turn: int | None, directed_by_later: bool = False) -> Signals:
        nt, dec = _normalized(prompt)
        kw_by_rule, person_hits, terms = matcher.scan(self.compiled, nt)
        sig = Signals([], [], {}, [], False, [], nt, prompt, turn)
        offices: list[tuple[str, tuple[int, int]]] = []
        cues: set[str] = set()
        if dec is not None:
            sig.notes.append("decoded " + ", ".join(dec.kinds))
        for ri, span_n in self._fire(nt, kw_by_rule, terms):
            rule = self.rules[ri]
            if rule.signal == "art":
                sig.art = True
                continue
            if rule.signal == "context" and rule.kind == OFFICE_KIND:
                offices.append((rule.id, span_n))  # names someone, harms no one: not a context of the scene
                continue
            if rule.signal == "context" and rule.kind in CUE_KINDS:
                cues.add(rule.kind)  # "no people", SPECIMEN: read below, no context of the scene
                continue
            if rule.signal == "context":
                sig.kinds.setdefault(rule.kind or "", []).append((rule.id, span_n))
                continue
            span = nt.span(*span_n)
            match = prompt[span[0] : span[1]]
            f = build.finding(rule.id, rule.category or "", span, match, rule.signal, turn=turn)
            if rule.signal == "standalone":
                sig.standalone.append(build.copy_finding(f, {"hazard": hazard(rule.category or "")}))
            elif rule.signal == "face_ref" and not recipient.is_recipient(prompt, span[0]):
                sig.faces.append(f)  # not "a card for my dad": the one a picture is for is not in it
        if "no_people" in cues and "photoreal" in sig.kinds:
            del sig.kinds["photoreal"]  # "…, photo, no people": a name in it is depicted by no one
        # ambiguous forms need a person-directed context (or a face reference); photorealism or a
        # person word alone is not enough ("photo of a trump card", 대통령 별장 정원 사진)
        directed = directed_by_later or bool(sig.faces) or not PERSON_DIRECTED.isdisjoint(sig.kinds)
        namesakes: list[tuple[int, int]] = []
        if directed and not PERSON_DIRECTED.isdisjoint(sig.kinds):  # "swift naked in bed"
            person_hits = person_hits + subject_surnames.subject_hits(self.compiled, nt, prompt)
        if person_hits:
            kw_spans = self._keyword_spans(kw_by_rule)
            brand_ok = bool(sig.faces) or not NAME_GUESS_KINDS.isdisjoint(sig.kinds)
            sig.persons = persons.exact_persons(
                self.compiled, nt, prompt, person_hits, terms, directed, turn, kw_spans, self.today, brand_ok,
                photoreal="photoreal" in sig.kinds, namesakes=namesakes,
            )
        # the slow resolvers only behind a harmful context and only with a name-like span: a
        # capitalised word pair (misspelt or unknown Latin names, person-directed context only) or
        # letters of another alphabet (transliteration, also behind photorealism)
        if sig.persons or sig.faces or (not sig.kinds and not directed_by_later):
            return sig
        # a name typed in Arabizi ("3amr di2ab"): the main scan read its digits as leet ("eamr")
        if arabizi.MAY_HOLD.search(prompt):
            sig.persons = arabizi.arabizi_persons(
                self.compiled, nt, prompt, terms, directed, turn, self._keyword_spans(kw_by_rule), self.today,
                brand_ok=not NAME_GUESS_KINDS.isdisjoint(sig.kinds), photoreal="photoreal" in sig.kinds,
            )
            if sig.persons:
                return sig
        foreign = not nt.text.isascii()
        # endorsement contexts are full of brand and product names, and photorealism alone is
        # most prompts: there a guess needs a given name ("Marques Brownlee", not "Golden Gate")
        # ... but a first-person testimonial ("I use it myself", "ich verdiene 3000 Euro am Tag"; rules
        # whose id holds ".testimonial.") is a line in someone's mouth: its speaker is a person, no brand
        said = any(TESTIMONIAL in rid for rid, _ in sig.kinds.get("endorsement", ()))
        named = directed_by_later or bool(sig.faces) or said or not NAME_GUESS_KINDS.isdisjoint(sig.kinds)
        strict = not named and not sig.art and not GUESS_WITH_GIVEN_NAME.isdisjoint(sig.kinds)
        # a leet name ("S@har Gh0reishi") is read with its leet undone, as the guess reads it
        plain = names_latin.deleet_cased(prompt) if named or strict else prompt
        latin = (named or strict) and (_CAP_PAIR.search(plain) or _BROKEN.search(plain)) is not None
        if latin or (foreign and (directed or "photoreal" in sig.kinds)):
            taken = self._keyword_spans(kw_by_rule) + [
                (h[2], h[3]) for h in person_hits if (h[2], h[3]) not in namesakes
            ]
            sig.persons = persons.resolve_more(
                self.compiled, nt, prompt, turn, taken, latin, self.today, directed
            )
            if not sig.persons and (named or strict):
                spans = [nt.span(a, b) for a, b in taken]
                # a drawn scene is full of invented and fictional names ("Sherlock Holmes arrested,
                # oil painting"): there, too, a guess needs a known given name
                drawn = sig.art and {"photoreal", "deepfake"}.isdisjoint(sig.kinds)
                sig.unknown = persons_unknown.unknown_persons(
                    self.compiled, prompt, turn, spans, given_only=strict or drawn, plain=plain
                )
                # scripts without capitals: a harmful scene or an advert, not photorealism alone
                if foreign and (named or "endorsement" in sig.kinds):
                    sig.unknown += persons_unknown.script_unknowns(
                        nt, prompt, turn, taken, sig.unknown, self.name_cues, untitled=named
                    )
        if sig.unknown and "placeholder" in cues:
            sig.unknown = []  # a name printed on a SPECIMEN card or a fictional country's prop: a placeholder
        # "the finance minister", "el alcalde de Lima", 警察庁長官: a definite office names its holder,
        # whom no list may know, so behind a harmful scene or an advert it is reviewed like an unknown
        # name; not in a drawn scene (press cartoons of officials are allowed), and not behind a vote
        # alone (an official casting a ballot is news; ballot fraud is a stand-alone rule anyway)
        guess = directed_by_later or not OFFICE_GUESS.isdisjoint(sig.kinds)
        if offices and guess and not sig.persons and not sig.unknown:
            if not (sig.art and {"photoreal", "deepfake"}.isdisjoint(sig.kinds)):
                sig.unknown = persons_unknown.office_holders(offices, nt, prompt, turn)
        return sig

    def _fire(
        self, nt: NormText, kw_by_rule: dict[int, list[matcher.Hit]], terms: set[int]
    ) -> list[tuple[int, tuple[int, int]]]:
        """Rules whose keyword hit survives requires_any / unless / regex, with their spans."""
        out = []
        test: Callable[[int, int], bool] | None = None  # the denied-photo test, made once per prompt
        for ri, rhits in kw_by_rule.items():
            if self._req[ri] and not (self._req[ri] & terms):
                continue
            if (u := self._unless[ri] & terms) and not self._relief_off(ri, u, terms):
                continue
            if ri in self._line_bound and not line_scope.cue_on_hit_line(
                self.compiled, self._req[ri], nt, rhits, lambda t: _normalized(t)[0]
            ):
                continue
            denied = None
            if ri in self._deniable:
                denied = test = test or negation.denial_test(nt)
                # only the first hit that is not denied counts (its span is the finding's); the test is
                # memoised per span, since the photo rules of several languages share their hits
                first = next((h for h in rhits if not denied(h.start, h.end)), None)
                if first is None:
                    continue
                rhits = [first]
            span_n = (rhits[0].start, rhits[0].end)
            if ri in self._regex:
                m = None
                for rx in self._regex[ri]:
                    if denied is None:
                        m = rx.search(nt.text)
                    else:  # the first match that is not a denied photo word
                        ok = (x for x in rx.finditer(nt.text) if x.end() > x.start())
                        m = next((x for x in ok if not denied(x.start(), x.end())), None)
                    if m:
                        break
                if m is None or m.end() <= m.start():
                    continue
                span_n = (m.start(), m.end())
            out.append((ri, span_n))
        return out

    def _relief_off(self, ri: int, suppressing: set[int] | frozenset[int], terms: set[int]) -> bool:
        """True when only cancellable relief terms suppress rule ``ri`` and every relief group
        that suppresses it is cancelled by one of its own cancel terms."""
        rel = self._relief.get(ri)
        if rel is None or not suppressing <= rel[0]:
            return False
        return all(cancel & terms for by, cancel in rel[1] if by & suppressing)

    def fired_rules(self, prompt: str) -> set[str]:
        """Ids of the pack rules that fire on ``prompt`` (what ``rules test`` checks)."""
        nt = _normalized(prompt)[0]
        kw, _, terms = matcher.scan(self.compiled, nt)
        return {self.rules[ri].id for ri, _ in self._fire(nt, kw, terms)}

    # ------------------------------------------------------------------ policy
    def _decide(self, sig: Signals, id: str | int | None) -> Decision:
        return policy.decide(sig, id, self.actions, self.stylized, self._curated, self.policy_name,
                             self.policy_digest)
