"""The C2PA manifest chain of an image, for display: active manifest, ingredients, actions, signer, codes.

The verdict itself comes from the core Inspector; this only lays out the manifest store it
judged, read with the Inspector's own c2pa Context (same trust anchors, remote fetch off).
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH = 16
THUMB_SIDE = 240


@dataclass
class Ingredient:
    title: str
    relationship: str
    format: str
    manifest: ManifestNode | None
    codes: list[str]


@dataclass
class ManifestNode:
    label: str
    title: str
    generator: str
    issuer: str
    common_name: str
    signed_at: str
    alg: str
    actions: list[dict[str, str]] = field(default_factory=list)
    ingredients: list[Ingredient] = field(default_factory=list)
    assertions: list[str] = field(default_factory=list)


@dataclass
class Chain:
    active: ManifestNode | None
    state: str | None
    failures: list[tuple[str, str]]
    informational: list[tuple[str, str]]
    successes: int
    manifests: int
    error: str | None = None


def _s(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("label") or json.dumps(value, sort_keys=True))[:300]
    return "" if value is None else str(value)[:300]


def _generator(m: dict[str, Any]) -> str:
    info = m.get("claim_generator_info")
    if isinstance(info, list) and info and isinstance(info[0], dict):
        return " ".join(_s(info[0].get(k)) for k in ("name", "version") if info[0].get(k))
    return _s(m.get("claim_generator"))


def _actions(m: dict[str, Any]) -> list[dict[str, str]]:
    acts = [act for a in m.get("assertions") or []
            if isinstance(a, dict) and str(a.get("label", "")).startswith("c2pa.actions")
            for act in (a.get("data") or {}).get("actions") or [] if isinstance(act, dict)]
    return [{"action": _s(act.get("action")), "agent": _s(act.get("softwareAgent")),
             "source_type": _s(act.get("digitalSourceType")).rsplit("/", 1)[-1], "when": _s(act.get("when"))}
            for act in acts]


def _node(store: dict[str, Any], label: str, depth: int, seen: set[str]) -> ManifestNode | None:
    manifests = store.get("manifests") or {}
    m = manifests.get(label)
    if not isinstance(m, dict) or label in seen or depth > MAX_DEPTH:
        return None
    seen.add(label)
    sig = m.get("signature_info") or {}
    node = ManifestNode(label=label, title=_s(m.get("title")), generator=_generator(m),
                        issuer=_s(sig.get("issuer")), common_name=_s(sig.get("common_name")),
                        signed_at=_s(sig.get("time")), alg=_s(sig.get("alg")), actions=_actions(m),
                        assertions=[_s(a.get("label")) for a in m.get("assertions") or []
                                    if isinstance(a, dict)])
    for ing in m.get("ingredients") or []:
        if not isinstance(ing, dict):
            continue
        codes = [_s(c.get("code")) for c in ing.get("validation_status") or [] if isinstance(c, dict)]
        failures = ((ing.get("validation_results") or {}).get("activeManifest") or {}).get("failure") or []
        codes += [_s(c.get("code")) for c in failures if isinstance(c, dict)]
        child = _node(store, str(ing.get("active_manifest")), depth + 1, seen) if ing.get("active_manifest") \
            else None
        node.ingredients.append(Ingredient(_s(ing.get("title")), _s(ing.get("relationship")),
                                           _s(ing.get("format")), child, codes))
    return node


def chain_from_store(store: dict[str, Any]) -> Chain:
    results = store.get("validation_results") or {}
    active_results = results.get("activeManifest") or {}

    def pairs(items: Any) -> list[tuple[str, str]]:
        return [(_s(c.get("code")), _s(c.get("explanation"))) for c in items or [] if isinstance(c, dict)]

    failures = pairs(active_results.get("failure"))
    if not failures and not active_results:
        failures = pairs(store.get("validation_status"))
    active = store.get("active_manifest")
    return Chain(active=_node(store, str(active), 0, set()) if active else None,
                 state=_s(store.get("validation_state")) or None, failures=failures,
                 informational=pairs(active_results.get("informational")),
                 successes=len(active_results.get("success") or []),
                 manifests=len(store.get("manifests") or {}))


def read_chain(inspector: Any, data: bytes) -> Chain | None:
    """The manifest chain, or None when the image carries no C2PA manifest."""
    import c2pa

    from provguard.provenance.sniff import sniff

    fmt = sniff(data)
    reader = next((r for r in getattr(inspector, "readers", ()) if getattr(r, "name", "") == "c2pa"), None)
    if fmt is None or reader is None:
        return None
    try:
        with c2pa.Reader(fmt.mime, io.BytesIO(data), context=reader.context) as r:
            store = json.loads(r.json())
    except c2pa.C2paError.ManifestNotFound:
        return None
    except Exception as exc:  # hostile or unsupported input: say so, never crash the page
        return Chain(None, None, [], [], 0, 0, error=f"{type(exc).__name__}: {str(exc)[:300]}")
    return chain_from_store(store) if isinstance(store, dict) else None


def thumbnail(data: bytes, max_pixels: int) -> str | None:
    """A small PNG data URL of the upload (pixel limit enforced before decoding), or None."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.width * im.height > max_pixels:
                return None
            im.draft("RGB", (THUMB_SIDE, THUMB_SIDE))
            im.thumbnail((THUMB_SIDE, THUMB_SIDE))
            out = io.BytesIO()
            im.convert("RGBA" if im.mode in ("RGBA", "LA", "P") else "RGB").save(out, "PNG")
    except Exception:  # Pillow raises many types on hostile files; no thumbnail then
        return None
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
