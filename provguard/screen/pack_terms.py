"""Named term lists of rule packs: a pack's ``terms:`` defines them, a rule of any pack cites one as
``"@name"`` in a term field. Resolved on the raw YAML, before the rules are validated, so that a rule
sees the terms themselves; one reading kept in one place instead of copied into every rule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from provguard.errors import RuleLoadError

_TERM_FIELDS = ("keywords", "requires_any", "unless", "relieved_by", "relief_unless")


def term_lists(parsed: Sequence[tuple[str, Any]]) -> dict[str, tuple[str, list[Any]]]:
    """Every pack's named term lists: name -> (defining file, terms); a name defined twice is an error."""
    out: dict[str, tuple[str, list[Any]]] = {}
    for name, data in parsed:
        terms = data.get("terms") if isinstance(data, dict) else None
        if not isinstance(terms, dict):
            continue
        for key, value in terms.items():
            if key in out:
                raise RuleLoadError(f"{name}: term list {key!r} is also defined in {out[key][0]}")
            out[str(key)] = (name, value if isinstance(value, list) else [])
    return out


def cite_terms(name: str, data: Any, named: dict[str, tuple[str, list[Any]]]) -> Any:
    """``data`` with each ``"@list"`` in a rule's term fields replaced by that list's terms."""
    if not isinstance(data, dict) or not named and "@" not in str(data.get("rules")):
        return data

    def expand(terms: Any, rule_id: Any) -> Any:
        if not isinstance(terms, list):
            return terms
        out: list[Any] = []
        for t in terms:
            if isinstance(t, str) and t.startswith("@"):
                if t[1:] not in named:
                    raise RuleLoadError(f"{name}: rule {rule_id!r} cites an unknown term list {t!r}")
                out += [x for x in named[t[1:]][1] if x not in out]
            else:
                out.append(t)
        return out

    rules = []
    for r in data.get("rules") or []:
        if isinstance(r, dict):
            r = {k: expand(v, r.get("id")) if k in _TERM_FIELDS else v for k, v in r.items()}
            if isinstance(r.get("reliefs"), list):
                r["reliefs"] = [
                    {k: expand(v, r.get("id")) for k, v in g.items()} if isinstance(g, dict) else g
                    for g in r["reliefs"]
                ]
        rules.append(r)
    return {**data, "rules": rules}
