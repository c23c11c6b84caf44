"""Rule packs and policy profiles as data: YAML validated by pydantic, loaded fail-closed.

Why: policy must be reviewable and testable without reading code. Unknown keys, bad
regexes, unknown languages or categories are ``RuleLoadError``; an empty rule set refuses
to load so a broken deployment can never allow everything.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from provguard.errors import RuleLoadError
from provguard.screen.pack_terms import cite_terms, term_lists
from provguard.screen.taxonomy import CATEGORIES, CONTEXT_KINDS, CUE_KINDS, LANGUAGES, OFFICE_KIND

Action = Literal["allow", "warn", "review", "block"]
BUILTIN_PROFILES = ("strict", "standard", "permissive")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Examples(_Strict):
    """Colocated examples: must fire, must not fire, and known misses (``todo``)."""

    must_match: list[str] = Field(min_length=1)
    must_not_match: list[str] = Field(min_length=1)
    todo: list[str] = Field(default_factory=list)


def _no_blank_terms(v: list[str]) -> list[str]:
    for k in v:
        if not k.strip(" *"):
            raise ValueError("blank keyword")
    return v


class ReliefGroup(_Strict):
    """A further relief with its own cancel list: "my own logo draft" relieves a watermark
    removal that "stock" or "AI image" turns back into evasion."""

    by: list[str] = Field(min_length=1)
    unless: list[str] = Field(min_length=1)

    @field_validator("by", "unless")
    @classmethod
    def _non_blank(cls, v: list[str]) -> list[str]:
        return _no_blank_terms(v)


class Rule(_Strict):
    """One rule: keywords (Aho-Corasick) and/or a gated regex, plus co-occurrence terms.

    ``keywords`` ending in ``*`` match as prefixes (``arrest*`` hits "arrested"). Latin
    keywords need word boundaries; CJK/Indic keywords match anywhere. ``requires_any``
    terms must also appear somewhere in the prompt (intent cues: a signature, a stamp,
    "realistic copy" make a document noun a forgery request); ``unless`` terms suppress the rule
    (the keyword means something else: "prescription sunglasses"). ``relieved_by`` terms are
    intent relief (SAMPLE, SPECIMEN, 样本, demo, a fictional country): they suppress the rule
    like ``unless`` and are kept apart so that lint and reviewers can tell the two readings
    apart. ``relief_unless`` terms switch that relief off: "remove the GPS from my photos" is
    a privacy clean-up, "remove the GPS and the AI watermark" is still evasion; ``reliefs``
    adds relief groups, each with its own cancel list. Terms are
    matched in any order and anywhere in the prompt, through the same automaton as keywords, so
    a cue list costs no extra scan.
    ``regex`` (on the normalised text) runs only when a keyword already hit, and its match
    becomes the reported span.
    """

    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
    signal: Literal["context", "standalone", "face_ref", "art"]
    kind: str | None = None  # context kind for signal=context
    category: str | None = None  # for signal=standalone
    description: str = ""
    keywords: list[str] = Field(min_length=1)
    regex: list[str] = Field(default_factory=list)
    requires_any: list[str] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list)
    relieved_by: list[str] = Field(default_factory=list)
    relief_unless: list[str] = Field(default_factory=list)
    reliefs: list[ReliefGroup] = Field(default_factory=list)
    examples: Examples

    @model_validator(mode="before")
    @classmethod
    def _relief_suppresses(cls, data: Any) -> Any:
        """Fold ``relieved_by`` and the ``reliefs`` groups' terms into ``unless`` (the engine's
        suppression list), keeping them apart too."""
        if not isinstance(data, dict):
            return data
        relief = list(data["relieved_by"]) if isinstance(data.get("relieved_by"), list) else []
        for g in data.get("reliefs") or []:
            if isinstance(g, dict) and isinstance(g.get("by"), list):
                relief += g["by"]
        unless = data.get("unless") or []
        if relief and isinstance(unless, list):
            extra = [t for t in dict.fromkeys(relief) if t not in unless]
            data = {**data, "unless": [*unless, *extra]}
        return data

    @field_validator("keywords", "requires_any", "unless", "relieved_by", "relief_unless")
    @classmethod
    def _non_blank(cls, v: list[str]) -> list[str]:
        return _no_blank_terms(v)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        for r in v:
            try:
                re.compile(r)
            except re.error as exc:
                raise ValueError(f"bad regex {r!r}: {exc}") from exc
        return v

    @model_validator(mode="after")
    def _signal_fields(self) -> Rule:
        if self.signal == "context":
            if self.kind not in CONTEXT_KINDS and self.kind != OFFICE_KIND and self.kind not in CUE_KINDS:
                kinds = sorted(CONTEXT_KINDS | CUE_KINDS | {OFFICE_KIND})
                raise ValueError(f"context rule needs kind in {kinds}, got {self.kind!r}")
        elif self.kind is not None:
            raise ValueError("kind is only for signal=context")
        if self.signal == "standalone":
            if self.category not in CATEGORIES:
                raise ValueError(f"unknown category {self.category!r}")
        elif self.category is not None:
            raise ValueError("category is only for signal=standalone")
        if self.relief_unless and not self.relieved_by:
            raise ValueError("relief_unless needs relieved_by")
        return self


class AmbiguousForm(_Strict):
    """A surface form that names a person only with person context (and none of ``deny``).

    ``weak: false`` keeps the form a full name that only the ``deny`` words suppress
    ("Modi jacket", 川菜).
    """

    form: str
    deny: list[str] = Field(default_factory=list)
    weak: bool = True


class Pack(_Strict):
    """A file of rules. ``terms`` are named term lists any pack's rule may cite as ``"@name"`` in a term
    field (keywords, requires_any, unless, relieved_by, relief_unless, reliefs): one reading kept in one
    place ("a transparent background is no see-through clothing") instead of copied into every rule."""

    pack: str = Field(pattern=r"^[a-z0-9_\-]+$")
    language: str
    description: str = ""
    terms: dict[str, list[str]] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)
    ambiguous: list[AmbiguousForm] = Field(default_factory=list)

    @field_validator("terms")
    @classmethod
    def _named_terms(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, terms in v.items():
            if not re.fullmatch(r"[a-z0-9_]+", name) or not terms:
                raise ValueError(f"term list {name!r}: a lowercase name and at least one term")
            _no_blank_terms(terms)
        return v

    @field_validator("language")
    @classmethod
    def _lang(cls, v: str) -> str:
        if v not in LANGUAGES:
            raise ValueError(f"unknown language {v!r}; expected one of {sorted(LANGUAGES)}")
        return v


class LearnedPolicy(_Strict):
    """How the learned second opinion (screen/learned.py) may move a rule decision; unset is off.

    ``escalate``: a prompt the rules allow or warn about, with some finding (a person, a face, a
    stand-alone category), scored at or above this, takes the profile's ``learned_risk`` action;
    ``escalate_alone``: the same for a prompt in which the rules found nothing (a generic scene
    reads much like a named one to the model, so it needs more); ``escalate_context``: the same for
    a prompt the rules warned about for a context alone (sexual content or drugs with no one named,
    already reported in its own category; unset: ``escalate_alone``). ``relieve``: a rule ``review``
    scored below this falls to ``warn`` (never a block, never an unknown name), when at least
    ``relieve_evidence`` of the prompt's features carry a weight."""

    escalate: float | None = Field(default=None, gt=0, lt=1)
    escalate_alone: float | None = Field(default=None, gt=0, lt=1)
    escalate_context: float | None = Field(default=None, gt=0, lt=1)
    relieve: float | None = Field(default=None, gt=0, lt=1)
    relieve_evidence: int = Field(default=20, ge=0)


class Profile(_Strict):
    """Maps categories to actions; ``stylized`` applies when the prompt is framed as art/cartoon
    and has no photoreal signal (a famous name in a cartoon is not a deepfake)."""

    name: str
    description: str = ""
    extends: str | None = None
    actions: dict[str, Action] = Field(default_factory=dict)
    stylized: dict[str, Action] = Field(default_factory=dict)
    learned: LearnedPolicy | None = None

    @field_validator("actions", "stylized")
    @classmethod
    def _known(cls, v: dict[str, Action]) -> dict[str, Action]:
        for cat in v:
            if cat not in CATEGORIES:
                raise ValueError(f"unknown category {cat!r}")
        return v


@dataclass(frozen=True)
class RuleSet:
    packs: tuple[Pack, ...]
    sources: tuple[tuple[str, bytes], ...]  # (name, raw bytes) for the digest

    @property
    def rules(self) -> list[Rule]:
        return [r for p in self.packs for r in p.rules]

    @property
    def language_of(self) -> dict[str, str]:
        """Rule id -> its pack's declared language ("any" for language-neutral packs): what a
        per-language analyser (stemming keywords of that language only) keys on."""
        return {r.id: p.language for p in self.packs for r in p.rules}

    def digest_parts(self) -> Iterable[tuple[str, bytes]]:
        return self.sources


def _err(path: str, exc: Exception) -> RuleLoadError:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        return RuleLoadError(
            f"{path}: {loc}: {first['msg']}", hint="fix the rule pack; provguard refuses to run"
        )
    return RuleLoadError(f"{path}: {exc}", hint="fix the rule pack; provguard refuses to run")


def _read_yaml(name: str, raw: bytes) -> Any:
    import yaml  # here: a cached start parses no YAML but the (small) profile

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster
        return yaml.load(raw.decode("utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RuleLoadError(f"{name}: not valid UTF-8 YAML: {exc}") from exc


def builtin_rules_dir() -> Path:
    return Path(str(resources.files("provguard.rules")))


def pack_sources(rules_dir: Path | None = None) -> list[tuple[str, bytes]]:
    """``(packs/NAME.yaml, raw bytes)`` of every pack, in load order (what the digests cover)."""
    pack_dir = (rules_dir or builtin_rules_dir()) / "packs"
    files = sorted(pack_dir.glob("*.yaml")) if pack_dir.is_dir() else []
    return [(f"packs/{f.name}", f.read_bytes()) for f in files]


def load_rule_set(
    rules_dir: Path | None = None, sources: Sequence[tuple[str, bytes]] | None = None
) -> RuleSet:
    """Load every ``packs/*.yaml`` (or the already read ``sources``); refuse an empty or broken set."""
    base = rules_dir or builtin_rules_dir()
    pack_dir = base / "packs"
    packs: list[Pack] = []
    seen: dict[str, str] = {}
    srcs = pack_sources(base) if sources is None else list(sources)
    parsed = [(source.rpartition("/")[2], _read_yaml(source.rpartition("/")[2], raw)) for source, raw in srcs]
    named = term_lists(parsed)
    for name, data in parsed:
        try:
            pack = Pack.model_validate(cite_terms(name, data, named))
        except ValidationError as exc:
            raise _err(name, exc) from exc
        for r in pack.rules:
            if r.id in seen:
                raise RuleLoadError(f"{name}: duplicate rule id {r.id!r} (also in {seen[r.id]})")
            seen[r.id] = name
        packs.append(pack)
    if not any(p.rules for p in packs):
        raise RuleLoadError(
            f"no screening rules found in {pack_dir}",
            hint="an empty rule set would allow everything; refusing",
        )
    return RuleSet(tuple(packs), tuple(srcs))


def load_profile(
    policy: str | Path, rules_dir: Path | None = None, parsed: Mapping[bytes, Any] | None = None
) -> tuple[Profile, dict[str, Action], dict[str, Action], list[tuple[str, bytes]]]:
    """Resolve a profile name or file (following ``extends``) to full action tables.

    ``parsed``: already parsed YAML by the file's exact bytes (the screener's cache)."""
    base = rules_dir or builtin_rules_dir()
    chain: list[Profile] = []
    sources: list[tuple[str, bytes]] = []
    target: str | Path = policy
    for _ in range(8):
        path = _profile_path(target, base)
        raw = path.read_bytes()
        data = parsed[raw] if parsed is not None and raw in parsed else _read_yaml(path.name, raw)
        try:
            prof = Profile.model_validate(data)
        except ValidationError as exc:
            raise _err(path.name, exc) from exc
        chain.append(prof)
        sources.append((f"profile/{path.name}", raw))
        if not prof.extends:
            break
        target = prof.extends
    else:
        raise RuleLoadError(f"profile {policy}: 'extends' chain too long or circular")
    actions: dict[str, Action] = {"learned_risk": "review"}  # profiles older than the learned opinion
    stylized: dict[str, Action] = {}
    learned: dict[str, float | None] = {}
    for prof in reversed(chain):
        actions.update(prof.actions)
        stylized.update(prof.stylized)
        if prof.learned is not None:
            learned.update({k: getattr(prof.learned, k) for k in prof.learned.model_fields_set})
    missing = sorted(set(CATEGORIES) - set(actions))
    if missing:
        raise RuleLoadError(f"profile {chain[0].name}: no action for categories {missing}")
    merged = LearnedPolicy.model_validate(learned) if learned else None
    return chain[0].model_copy(update={"learned": merged}), actions, stylized, sources


def parse_profiles(rules_dir: Path | None = None) -> dict[bytes, Any]:
    """The built-in profile files' YAML, parsed, by their exact bytes (for ``load_profile``)."""
    out: dict[bytes, Any] = {}
    for f in sorted(((rules_dir or builtin_rules_dir()) / "profiles").glob("*.yaml")):
        try:
            raw = f.read_bytes()
            out[raw] = _read_yaml(f.name, raw)
        except (OSError, RuleLoadError):
            continue  # load_profile reports it if the profile is ever used
    return out


def _profile_path(policy: str | Path, base: Path) -> Path:
    p = Path(policy)
    if isinstance(policy, Path) or p.suffix in (".yaml", ".yml") or "/" in str(policy):
        if not p.is_file():
            raise RuleLoadError(f"policy file {p} not found")
        return p
    cand = base / "profiles" / f"{policy}.yaml"
    if not cand.is_file():
        names = sorted(x.stem for x in (base / "profiles").glob("*.yaml"))
        raise RuleLoadError(
            f"unknown policy {policy!r}", hint=f"known policies: {', '.join(names) or 'none'}"
        )
    return cand


def digest(parts: Sequence[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, raw in parts:
        h.update(name.encode() + b"\0" + hashlib.sha256(raw).digest())
    return h.hexdigest()
