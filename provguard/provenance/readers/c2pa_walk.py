"""Interpreting one C2PA manifest store: what the active manifest (and what it inherits) declares.

Walks the active manifest, its parent ingredients (ChatGPT places the AI marker only there) and
component ingredients, and turns digitalSourceType, signed generator statements and camera-maker
signatures into claims. Only the active manifest's own statements argue for the verdict.
"""

from __future__ import annotations

import re
from typing import Any, cast

from provguard.provenance.readers.base import Claim, Signal, signal

_TRAINED = "trainedAlgorithmicMedia"
_AI_COMPOSITE = {"compositeWithTrainedAlgorithmicMedia", "compositeSynthetic"}
_CAPTURE = {"digitalCapture", "computationalCapture"}
#: Signed generator statements without a digitalSourceType (Microsoft Designer, Google, Adobe, OpenAI).
GENERATOR_STATEMENT = re.compile(
    r"\b(image creator|ai[ -]generated|generative ai|dall[·.\- ]?e|firefly|midjourney|stable diffusion|"
    r"imagen|gpt-image|sora|novelai)\b",
    re.IGNORECASE,
)
#: Camera makers whose signed manifests record a capture without an action list (Nikon Z9 sample).
CAMERA_SIGNERS = re.compile(r"\b(nikon|leica|canon|sony|fujifilm|panasonic)\b", re.IGNORECASE)

_RANK: dict[str, int] = {"undeclared": 0, "captured": 1, "ai_edited": 2, "ai_generated": 3}
_MAX_DEPTH = 32


def _term(dst: Any) -> str:
    return str(dst).rstrip("/").rsplit("/", 1)[-1] if dst else ""


def _agent(action: dict[str, Any]) -> str:
    agent = action.get("softwareAgent")
    if isinstance(agent, dict):
        agent = agent.get("name")
    return str(agent) if agent else ""


def generator(manifest: dict[str, Any]) -> str:
    gen = manifest.get("claim_generator")
    if gen:
        return str(gen)
    info = manifest.get("claim_generator_info") or []
    names = [str(i.get("name")) for i in info if isinstance(i, dict) and i.get("name")]
    return ", ".join(names)


def signer(manifest: dict[str, Any]) -> str | None:
    sig = manifest.get("signature_info") or {}
    parts = [str(sig[k]) for k in ("issuer", "common_name") if sig.get(k)]
    return " / ".join(dict.fromkeys(parts)) or None


def _actions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for assertion in manifest.get("assertions") or []:
        if str(assertion.get("label", "")).startswith("c2pa.actions"):
            data = assertion.get("data") or {}
            out.extend(a for a in data.get("actions") or [] if isinstance(a, dict))
    return out


class Walk:
    """Classifies one manifest store: what the active manifest (and what it inherits) declares."""

    def __init__(self, store: dict[str, Any]) -> None:
        self.manifests: dict[str, Any] = store.get("manifests") or {}
        self.active = store.get("active_manifest")
        self.signals: list[Signal] = []
        self._memo: dict[str, str] = {}

    def _where(self, label: str) -> str:
        gen = generator(self.manifests.get(label) or {})
        role = "active manifest" if label == self.active else "ingredient manifest"
        return f"{role} ({gen})" if gen else role

    def classify(self, label: str, depth: int = 0) -> str:
        if label in self._memo:
            return self._memo[label]
        self._memo[label] = "undeclared"  # cycle guard
        manifest = self.manifests.get(label)
        if not isinstance(manifest, dict) or depth > _MAX_DEPTH:
            return "undeclared"
        where = self._where(label)
        actions = _actions(manifest)
        created = [a for a in actions if a.get("action") == "c2pa.created"]
        result = "undeclared"
        for a in created:
            term = _term(a.get("digitalSourceType"))
            parts = (("softwareAgent", _agent(a)), ("description", str(a.get("description") or "")))
            statement = ", ".join(f"{k} '{v}'" for k, v in parts if v)
            if term == _TRAINED:
                self._add(
                    "digital_source_type",
                    f"c2pa.created with {term} in {where}" + (f"; {statement}" if statement else ""),
                    "strong",
                    "ai_generated",
                    label,
                )
                result = "ai_generated"
            elif not term and GENERATOR_STATEMENT.search(statement):
                self._add(
                    "generator_statement",
                    f"c2pa.created with {statement} in {where} "
                    "(a signed AI generator statement, no digitalSourceType)",
                    "strong",
                    "ai_generated",
                    label,
                )
                result = "ai_generated"
            elif term in _CAPTURE and result != "ai_generated":
                self._add(
                    "digital_source_type", f"c2pa.created with {term} in {where}", "strong", "captured", label
                )
                result = "captured"
            elif term and result == "undeclared":
                note = " (IPTC: a non-trained algorithm, not AI)" if term == "algorithmicMedia" else ""
                self._add(
                    "digital_source_type",
                    f"c2pa.created with {term} in {where}{note}",
                    "moderate",
                    "undeclared",
                    label,
                )
        ingredients = [i for i in manifest.get("ingredients") or [] if isinstance(i, dict)]
        if not created:
            parents = [
                i for i in ingredients if i.get("relationship") == "parentOf" and i.get("active_manifest")
            ]
            for ing in parents:
                inherited = self.classify(str(ing["active_manifest"]), depth + 1)
                if _RANK[inherited] > _RANK[result]:
                    result = inherited
            if parents and result != "undeclared":
                self._add(
                    "parent_ingredient",
                    f"{where} derives from parent ingredient "
                    f"'{parents[0].get('title', '?')}' declared {result}",
                    "strong",
                    cast(Claim, result),
                    label,
                )
            if not parents and not actions and self._camera_capture(manifest):
                self._add(
                    "camera_capture_manifest",
                    f"{where} signed by camera maker '{signer(manifest)}' "
                    "with capture EXIF and no edit actions",
                    "strong",
                    "captured",
                    label,
                )
                result = "captured"
        for a in actions:
            term = _term(a.get("digitalSourceType"))
            if term in _AI_COMPOSITE:
                self._add(
                    "digital_source_type",
                    f"{a.get('action')} with {term} in {where}"
                    + (f"; agent: {_agent(a)}" if _agent(a) else ""),
                    "strong",
                    "ai_edited",
                    label,
                )
                if result != "ai_generated":
                    result = "ai_edited"
        for ing in ingredients:
            if ing.get("relationship") not in (None, "componentOf") or not ing.get("active_manifest"):
                continue
            part = self.classify(str(ing["active_manifest"]), depth + 1)
            if part in ("ai_generated", "ai_edited") and result not in ("ai_generated", "ai_edited"):
                self._add(
                    "ai_component",
                    f"{where} places component '{ing.get('title', '?')}' made by AI",
                    "strong",
                    "ai_edited",
                    label,
                )
                result = "ai_edited"
        self._memo[label] = result
        return result

    @staticmethod
    def _camera_capture(manifest: dict[str, Any]) -> bool:
        who = signer(manifest) or ""
        has_exif = any(
            str(a.get("label", "")).startswith("stds.exif") for a in manifest.get("assertions") or []
        )
        return bool(CAMERA_SIGNERS.search(who)) and has_exif

    def _add(
        self, kind: str, detail: str, strength: Any, claim: Claim | None, label: str | None = None
    ) -> None:
        # Only the active manifest's own statements argue for the verdict; ingredient findings are
        # evidence, and reach the verdict through what the active manifest inherits from them.
        self.signals.append(signal("c2pa", kind, detail, strength, claim if label == self.active else None))
