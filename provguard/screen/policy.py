"""Policy: a prompt's signals -> categories -> the profile's action, with findings and an explanation.

Why its own module: the engine finds signals (names, faces, contexts, stand-alone rules); this is the
one place that decides what they amount to, so every front end and every turn is judged the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from provguard.models import ACTION_ORDER, Decision, Finding
from provguard.screen import build
from provguard.screen.normalize import NormText
from provguard.screen.rules import Action
from provguard.screen.taxonomy import CATEGORIES, FACE_CONTEXT, PERSON_CONTEXT, hazard

EVIDENCE = "ctx.evidence"  # photoreal rules whose look is surveillance or hidden-camera evidence
PERSON_DIRECTED = frozenset(
    {"deepfake", "event", "sexual", "revealing", "endorsement", "election", "humiliation"}
)


@dataclass
class Signals:
    """What one prompt (or turn) showed: the inputs of a decision."""

    persons: list[Finding]
    faces: list[Finding]
    kinds: dict[str, list[tuple[str, tuple[int, int]]]]  # context kind -> (rule id, normalised span)
    standalone: list[Finding]
    art: bool
    notes: list[str]
    nt: NormText | None = None
    prompt: str = ""
    turn: int | None = None
    unknown: list[Finding] | None = None

    def contexts(self) -> dict[str, list[Finding]]:
        """Context findings by kind (``decide`` builds only the kinds a category takes)."""
        return {kind: self.context(kind) for kind in self.kinds}

    def context(self, kind: str) -> list[Finding]:
        """The findings of one context kind, built when a decision needs them: most prompts with
        a context word ("photo", "realistic") and nothing else are allowed without reporting it."""
        nt, prompt = self.nt, self.prompt
        fs = []
        for rule_id, span_n in self.kinds[kind]:
            assert nt is not None
            span = nt.span(*span_n)
            fs.append(build.finding(rule_id, "", span, prompt[span[0] : span[1]], "context", turn=self.turn))
        return fs


def decide(
    sig: Signals,
    id: str | int | None,
    actions: dict[str, Action],
    stylized_actions: dict[str, Action],
    curated: frozenset[str],
    policy_name: str,
    policy_digest: str,
) -> Decision:
    """Map a prompt's signals to categories, rank them by the profile's actions, explain the result."""
    if not (sig.persons or sig.faces or sig.standalone or sig.unknown or "sexual" in sig.kinds):
        # the common case: with no person, face or stand-alone finding only a sexual context
        # (alone or with a minor) makes a category; nothing to rank, report or explain
        why = _explain("allow", None, [], False, sig.notes)
        return build.decision(id, "allow", [], [], [], policy_name, policy_digest, why)
    if not (sig.kinds or sig.faces or sig.standalone or sig.unknown):
        return _persons_only(sig, id, actions, stylized_actions, policy_name, policy_digest)
    # context findings are built per kind, only when a category takes them (most prompts with a
    # name and "photo"/"realistic" get real_person alone and report no context)
    built: dict[str, list[Finding]] = {}

    def ctx(kind: str) -> list[Finding]:
        fs = built.get(kind)
        if fs is None:
            fs = built[kind] = sig.context(kind)
        return fs

    kinds = set(sig.kinds)
    stylized = sig.art and not ({"photoreal", "deepfake"} & kinds)
    cats: dict[str, list[Finding]] = {}
    has_person, has_face = bool(sig.persons), bool(sig.faces)
    for kind in sig.kinds:
        if kind == "minor":
            if "sexual" in kinds:
                cats.setdefault("child_sexual", []).extend(ctx(kind) + ctx("sexual"))
            continue
        persons = sig.persons
        if kind == "photoreal":
            persons = [p for p in persons if p.entity is not None and p.entity.id in curated]
        if persons:
            cats.setdefault(PERSON_CONTEXT[kind], []).extend(persons + ctx(kind))
        if has_face and FACE_CONTEXT[kind] != "face_reference":
            cats.setdefault(FACE_CONTEXT[kind], []).extend(sig.faces + ctx(kind))
        elif has_face and kind == "photoreal" and (ev := _evidence(ctx(kind))):
            # a private face as surveillance footage ("as if a security camera caught him"): evidence that
            # never existed, a fabricated scene; for a named person the look stays photorealism
            cats.setdefault("private_deepfake", []).extend(sig.faces + ev)
        if kind == "revealing":
            pass  # a bikini or underwear matters only on a real person or a face reference
        elif kind == "sexual" and not (has_person or has_face):
            cats.setdefault("sexual_content", []).extend(ctx(kind))
    if has_person and not any(c in cats for c in PERSON_CONTEXT.values()):
        cats.setdefault("real_person", []).extend(sig.persons)
    if has_face and not any(FACE_CONTEXT[k] != "face_reference" for k in kinds if k in FACE_CONTEXT):
        refs = [f for f in sig.faces if f.signal == "face_ref"]
        if refs:
            cats.setdefault("face_reference", []).extend(refs)
        imgs = [f for f in sig.faces if f.signal == "face_image"]
        if imgs:
            cats.setdefault("face_in_image", []).extend(imgs)
    for f in sig.standalone:
        cats.setdefault(f.category, []).append(f)
    if sig.unknown:
        directed_fs = [f for k in sig.kinds if k in PERSON_DIRECTED for f in ctx(k)]
        cats.setdefault("unknown_person", []).extend(sig.unknown + directed_fs)
    if not cats:
        why = _explain("allow", None, [], False, sig.notes)
        return build.decision(id, "allow", [], [], [], policy_name, policy_digest, why)
    action: Action = "allow"
    best: str | None = None
    cat_action: dict[str, Action] = {}
    for cat in cats:
        a = stylized_actions.get(cat, actions[cat]) if stylized else actions[cat]
        cat_action[cat] = a
        if best is None or ACTION_ORDER[a] > ACTION_ORDER[action]:
            action, best = a, cat
    # each finding reports the most severe category it contributed to
    finding_cat: dict[int, tuple[str, Finding]] = {}
    for cat, fs in cats.items():
        rank = ACTION_ORDER[cat_action[cat]]
        for f in fs:
            key = id_(f)
            cur = finding_cat.get(key)
            if cur is None or rank > ACTION_ORDER[cat_action[cur[0]]]:
                finding_cat[key] = (cat, f)
    findings = [build.recategorized(f, c, hazard(c)) for c, f in finding_cat.values()]
    # earlier turns first (in turn order), then this prompt's; by position within a turn
    findings.sort(key=lambda f: (f.turn is None, -1 if f.turn is None else f.turn, f.span[0]))
    ordered = sorted(cats, key=lambda c: -ACTION_ORDER[cat_action[c]])
    hazards = sorted({h for c in ordered if (h := hazard(c))})
    return build.decision(
        id,
        action,
        ordered,
        hazards,
        findings,
        policy_name,
        policy_digest,
        _explain(action, best, cats.get(best, []) if best else [], stylized, sig.notes),
    )

def _persons_only(
    sig: Signals, id: str | int | None, actions: dict[str, Action], stylized_actions: dict[str, Action],
    policy_name: str, policy_digest: str,
) -> Decision:
    """``_decide`` when the only findings are persons (a name with no harmful context): one
    category, real_person, so nothing to rank; the same result as the general path."""
    cat = "real_person"
    action = stylized_actions.get(cat, actions[cat]) if sig.art else actions[cat]
    unique: dict[int, Finding] = {}
    for f in sig.persons:
        unique.setdefault(id_(f), f)
    hz = hazard(cat)
    findings = [build.recategorized(f, cat, hz) for f in unique.values()]
    findings.sort(key=lambda f: (f.turn is None, -1 if f.turn is None else f.turn, f.span[0]))
    why = _explain(action, cat, sig.persons, sig.art, sig.notes)
    hazards = [hz] if hz else []
    return build.decision(id, action, [cat], hazards, findings, policy_name, policy_digest, why)


def id_(f: Finding) -> int:
    return hash((f.rule, f.span, f.turn, f.signal, f.match))


_ALLOW = "allow: no person, face-reference or stand-alone rule matched"


def _evidence(fs: list[Finding]) -> list[Finding]:
    return [f for f in fs if f.rule.startswith(EVIDENCE)]


def _explain(action: str, cat: str | None, fs: list[Finding], stylized: bool, notes: list[str]) -> str:
    if cat is None and not notes:
        return _ALLOW  # (most prompts)
    if cat is None:
        base = _ALLOW
    else:
        parts = []
        for f in fs[:4]:
            how = (f", via {f.via}" if f.via else "") + (f", fuzzy {f.fuzzy}" if f.fuzzy is not None else "")
            who = f" ({f.entity.name}{how})" if f.entity else ""
            if f.signal == "unknown_person":
                who = " (an office holder in no list)" if ".office." in f.rule else " (a name in no list)"
            turn = f" [turn {f.turn}]" if f.turn is not None else ""
            parts.append(f"{f.rule} '{f.match}'{who}{turn}")
        meaning = CATEGORIES[cat][1]
        base = f"{action}: {cat} ({meaning}) — " + "; ".join(parts)
        if stylized:
            base += " — stylised (art/cartoon) framing"
    if notes:
        base += " — " + "; ".join(notes)
    return base.replace("\n", " ")
