"""Build engine-made ``Finding``/``Decision`` objects without pydantic's per-call overhead.

Why: ``model_construct`` resolves every default field by field (~8 µs per object) and
``model_copy`` copies four attributes (~4 µs); one screen builds a Decision and a few Findings,
so that was a third of a screen's latency. The engine's values are already valid, so we set
``__dict__`` directly. The result is the same object ``model_construct`` would give: every
field present in declared order, ``model_fields_set`` = the fields passed (plus the updated
ones for :func:`copy_finding`), no extra or private state.
"""

from __future__ import annotations

from typing import Any

from provguard.models import SCHEMA_VERSION, Decision, Entity, Finding

__all__ = ["copy_finding", "decision", "entity", "finding", "person_finding", "recategorized"]

_set = object.__setattr__
_new_finding = Finding.__new__
_new_decision = Decision.__new__
_new_entity = Entity.__new__
_ENTITY_SET = frozenset({"id", "name"})
_DECISION_SET = frozenset(
    {"id", "action", "categories", "hazards", "findings", "policy", "policy_digest", "explanation"}
)
# fields_set per call site shape: with/without entity, turn and hazard
_FINDING_SETS: dict[tuple[bool, bool, bool], frozenset[str]] = {}
for _e in (False, True):
    for _t in (False, True):
        for _h in (False, True):
            _FINDING_SETS[(_e, _t, _h)] = frozenset(
                ["rule", "category", "span", "match", "signal"]
                + (["entity"] if _e else [])
                + (["turn"] if _t else [])
                + (["hazard"] if _h else [])
            )


_VIA: frozenset[str] = frozenset({"via"})
_FUZZY: frozenset[str] = frozenset({"fuzzy"})
_NONE: frozenset[str] = frozenset()


def _finish(m: Any, d: dict[str, Any], fields_set: frozenset[str]) -> None:
    _set(m, "__dict__", d)
    _set(m, "__pydantic_fields_set__", set(fields_set))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)


def entity(id: str, name: str) -> Entity:
    """``Entity.model_construct(id=id, name=name)``."""
    m = _new_entity(Entity)
    _finish(m, {"id": id, "name": name}, _ENTITY_SET)
    return m


def finding(
    rule: str,
    category: str,
    span: tuple[int, int],
    match: str,
    signal: str,
    *,
    entity: Entity | None = None,
    turn: int | None = None,
    hazard: str | None = None,
    set_entity: bool = False,
    set_turn: bool = True,
    set_hazard: bool = False,
    via: str | None = None,
    fuzzy: int | None = None,
) -> Finding:
    """``Finding.model_construct(...)`` with the given fields marked as set (``set_*``)."""
    m = _new_finding(Finding)
    _finish(
        m,
        {
            "rule": rule,
            "category": category,
            "span": span,
            "match": match,
            "entity": entity,
            "signal": signal,
            "turn": turn,
            "hazard": hazard,
            "via": via,
            "fuzzy": fuzzy,
        },
        _FINDING_SETS[(set_entity, set_turn, set_hazard)]
        | (_VIA if via is not None else _NONE)
        | (_FUZZY if fuzzy is not None else _NONE),
    )
    return m


_PERSON_SET = _FINDING_SETS[(True, True, False)]
_PERSON_VIA_SET = _PERSON_SET | _VIA


def person_finding(
    rule: str, span: tuple[int, int], match: str, entity: Entity, turn: int | None, via: str | None
) -> Finding:
    """``finding(rule, "real_person", span, match, "person", entity=entity, turn=turn,
    set_entity=True, via=via)`` without the keyword handling (one per found name)."""
    m = _new_finding(Finding)
    _finish(
        m,
        {
            "rule": rule,
            "category": "real_person",
            "span": span,
            "match": match,
            "entity": entity,
            "signal": "person",
            "turn": turn,
            "hazard": None,
            "via": via,
            "fuzzy": None,
        },
        _PERSON_SET if via is None else _PERSON_VIA_SET,
    )
    return m


def copy_finding(f: Finding, update: dict[str, Any]) -> Finding:
    """``f.model_copy(update=update)`` (a shallow copy with ``update`` applied and marked set)."""
    m = _new_finding(Finding)
    d = f.__dict__.copy()
    d.update(update)
    fs = set(f.__pydantic_fields_set__)
    fs.update(update)
    _set(m, "__dict__", d)
    _set(m, "__pydantic_fields_set__", fs)
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


def recategorized(f: Finding, category: str, hazard: str | None) -> Finding:
    """``f.model_copy(update={"category": category, "hazard": hazard})``."""
    m = _new_finding(Finding)
    d = f.__dict__.copy()
    d["category"] = category
    d["hazard"] = hazard
    fs = set(f.__pydantic_fields_set__)
    fs.add("category")
    fs.add("hazard")
    _set(m, "__dict__", d)
    _set(m, "__pydantic_fields_set__", fs)
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


def decision(
    id: str | int | None,
    action: str,
    categories: list[str],
    hazards: list[str],
    findings: list[Finding],
    policy: str,
    policy_digest: str,
    explanation: str,
) -> Decision:
    """``Decision.model_construct(...)`` with those eight fields set."""
    m = _new_decision(Decision)
    _finish(
        m,
        {
            "schema_version": SCHEMA_VERSION,
            "id": id,
            "action": action,
            "categories": categories,
            "hazards": hazards,
            "findings": findings,
            "policy": policy,
            "policy_digest": policy_digest,
            "explanation": explanation,
            "audit_seq": None,
        },
        _DECISION_SET,
    )
    return m
