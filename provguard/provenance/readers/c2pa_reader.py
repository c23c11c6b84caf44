"""C2PA manifests through c2pa-python (validation is c2pa-rs's job; we only interpret its JSON).

Walks the active manifest and its ingredient manifests, splits validation failures into integrity
problems (tampered) and credential problems (trust only), and reports remote-only, unknown-algorithm
and pre-release manifests as unverifiable.
"""

from __future__ import annotations

import io
import json
import logging
import re
import threading
from typing import Any, ClassVar, cast

import c2pa

from provguard.models import C2paSummary, Trust
from provguard.provenance.options import InspectOptions
from provguard.provenance.probe import Probe
from provguard.provenance.readers.base import Claim, ReaderResult, ReadState, Signal, signal
from provguard.provenance.trust import TrustAnchors, c2pa_trust_settings

_logger = logging.getLogger(__name__)

PROVGUARD_LABEL = "org.provguard.decision"

#: Failure-code prefixes that mean the content or the manifest was altered.
INTEGRITY_PREFIXES = ("assertion.", "claimSignature.", "ingredient.", "claim.", "manifest.", "hardBindings.")
#: Failure-code prefixes about who signed (not what was signed): they change trust, never the verdict.
CREDENTIAL_PREFIXES = ("signingCredential.", "timeStamp.", "cawg.", "ocsp.")

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


def _generator(manifest: dict[str, Any]) -> str:
    gen = manifest.get("claim_generator")
    if gen:
        return str(gen)
    info = manifest.get("claim_generator_info") or []
    names = [str(i.get("name")) for i in info if isinstance(i, dict) and i.get("name")]
    return ", ".join(names)


def _signer(manifest: dict[str, Any]) -> str | None:
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


class _Walk:
    """Classifies one manifest store: what the active manifest (and what it inherits) declares."""

    def __init__(self, store: dict[str, Any]) -> None:
        self.manifests: dict[str, Any] = store.get("manifests") or {}
        self.active = store.get("active_manifest")
        self.signals: list[Signal] = []
        self._memo: dict[str, str] = {}

    def _where(self, label: str) -> str:
        gen = _generator(self.manifests.get(label) or {})
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
                    f"{where} signed by camera maker '{_signer(manifest)}' "
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
        signer = _signer(manifest) or ""
        has_exif = any(
            str(a.get("label", "")).startswith("stds.exif") for a in manifest.get("assertions") or []
        )
        return bool(CAMERA_SIGNERS.search(signer)) and has_exif

    def _add(
        self, kind: str, detail: str, strength: Any, claim: Claim | None, label: str | None = None
    ) -> None:
        # Only the active manifest's own statements argue for the verdict; ingredient findings are
        # evidence, and reach the verdict through what the active manifest inherits from them.
        self.signals.append(signal("c2pa", kind, detail, strength, claim if label == self.active else None))


def _recorded_codes(manifests: dict[str, Any]) -> list[tuple[str, str]]:
    """(ingredient title, code) for failures recorded in ingredient assertions when they were added.

    c2pa-rs reports the active manifest Valid when an ingredient was already broken on import
    (c2pa-rs CIE-sig-CA.jpg); the failure lives in the ingredient's own validation status.
    """
    out: list[tuple[str, str]] = []
    for manifest in manifests.values():
        for ing in (manifest or {}).get("ingredients") or []:
            if not isinstance(ing, dict):
                continue
            title = str(ing.get("title", "?"))
            results = ing.get("validation_results") or {}
            statuses = list(ing.get("validation_status") or [])
            statuses += (results.get("activeManifest") or {}).get("failure") or []
            out.extend((title, str(s.get("code"))) for s in statuses if isinstance(s, dict))
    return out


def _failure_codes(store: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(active-manifest failure codes, ingredient failure codes) from validation_results."""
    results = store.get("validation_results") or {}
    active = [str(f.get("code")) for f in (results.get("activeManifest") or {}).get("failure") or []]
    ingredient: list[str] = []
    for delta in results.get("ingredientDeltas") or []:
        failures = (delta.get("validationDeltas") or {}).get("failure") or []
        ingredient.extend(str(f.get("code")) for f in failures)
    if not results:  # older shape: a flat list
        active = [str(s.get("code")) for s in store.get("validation_status") or []]
    return active, ingredient


def _trust(state: str | None, active_codes: list[str]) -> Trust:
    if state == "Trusted":
        return "trusted"
    codes = set(active_codes)
    if codes & {"signingCredential.invalid", "signingCredential.revoked", "signingCredential.ocsp.revoked"}:
        return "invalid_credential"
    if "signingCredential.expired" in codes:
        return "expired"
    return "untrusted"


class C2paReader:
    """Reads the manifest store from the file's bytes with one shared, offline c2pa Context."""

    name: ClassVar[str] = "c2pa"

    def __init__(self, options: InspectOptions) -> None:
        self.options = options
        self.anchors = TrustAnchors.load(options.trust_anchors) if options.trust_anchors else None
        self._contexts: dict[tuple[int, ...] | None, c2pa.Context] = {}
        self._lock = threading.Lock()
        self.context = self._context(None)

    def _context(self, subset: tuple[int, ...] | None) -> c2pa.Context:
        with self._lock:
            ctx = self._contexts.get(subset)
            if ctx is None:
                settings: dict[str, Any] = {"verify": {"remote_manifest_fetch": self.options.remote_fetch}}
                pem = self.anchors.pem(subset) if self.anchors is not None else None
                settings["trust"] = c2pa_trust_settings(pem)  # the C2PA EKU policy, with or without anchors
                ctx = c2pa.Context(c2pa.Settings.from_dict(settings))
                self._contexts[subset] = ctx
            return ctx

    def _read_json(self, probe: Probe, ctx: c2pa.Context) -> dict[str, Any]:
        with c2pa.Reader(probe.fmt.mime, io.BytesIO(probe.data), context=ctx) as reader:
            return dict(json.loads(reader.json()))

    def read(self, probe: Probe, state: ReadState) -> ReaderResult:
        try:
            store = self._read_json(probe, self.context)
        except c2pa.C2paError.ManifestNotFound:
            return ReaderResult()
        except c2pa.C2paError.NotSupported:
            return ReaderResult()
        except c2pa.C2paError as exc:
            return self._unreadable(probe, str(exc))
        except Exception as exc:  # the native layer can surface other errors on hostile input
            return self._unreadable(probe, f"{type(exc).__name__}: {exc}")
        return self._interpret(probe, store)

    def _unreadable(self, probe: Probe, message: str) -> ReaderResult:
        msg = message.strip()
        if msg.startswith("Remote:"):
            url = re.search(r"https?://\S+", msg)
            detail = (
                "manifest is stored remotely"
                + (f" at {url.group(0)}" if url else "")
                + "; remote fetch is off, so it cannot be checked offline"
            )
            return ReaderResult(
                [signal("c2pa", "remote_manifest", detail, "moderate", "unverifiable")],
                C2paSummary(validation_state="Unverifiable", validation_codes=["remote_manifest"]),
            )
        if "unknown algorithm" in msg or "prerelease" in msg or _has_jumbf(probe.data):
            return ReaderResult(
                [
                    signal(
                        "c2pa",
                        "unverifiable_manifest",
                        f"a C2PA manifest is present but cannot be validated: {msg}",
                        "moderate",
                        "unverifiable",
                    )
                ],
                C2paSummary(validation_state="Unverifiable", validation_codes=[msg[:200]]),
            )
        return ReaderResult(
            [
                signal(
                    "c2pa",
                    "asset_unparsed",
                    f"c2pa could not parse the file ({msg}); no C2PA manifest bytes found in it",
                    "weak",
                )
            ]
        )

    def _interpret(self, probe: Probe, store: dict[str, Any]) -> ReaderResult:
        state = store.get("validation_state")
        active_codes, ingredient_codes = _failure_codes(store)
        all_codes = list(dict.fromkeys(active_codes + ingredient_codes))
        signals: list[Signal] = []
        integrity = [c for c in all_codes if c.startswith(INTEGRITY_PREFIXES)]
        other = [c for c in all_codes if not c.startswith(INTEGRITY_PREFIXES + CREDENTIAL_PREFIXES)]
        if integrity:
            where = "ingredient" if not [c for c in active_codes if c in integrity] else "active manifest"
            signals.append(
                signal(
                    "c2pa",
                    "integrity_failure",
                    f"{', '.join(integrity)} ({where}): content or manifest altered after signing",
                    "strong",
                    "tampered",
                )
            )
        recorded = [
            (t, c)
            for t, c in _recorded_codes(store.get("manifests") or {})
            if c.startswith(INTEGRITY_PREFIXES)
        ]
        for title, code in dict.fromkeys(recorded):
            signals.append(
                signal(
                    "c2pa",
                    "ingredient_integrity_failure",
                    f"ingredient '{title}' was recorded with {code} when it was added: "
                    "it had been altered after signing",
                    "strong",
                    "tampered",
                )
            )
            if code not in all_codes:
                all_codes.append(code)
        walk = _Walk(store)
        content = (
            walk.classify(str(store.get("active_manifest"))) if store.get("active_manifest") else "undeclared"
        )
        signals.extend(walk.signals)
        if content == "undeclared" and not any(s.claim == "undeclared" for s in walk.signals):
            signals.append(
                signal(
                    "c2pa",
                    "no_source_type",
                    "signed manifest declares neither AI nor capture",
                    "moderate",
                    "undeclared",
                )
            )
        if other and not integrity:
            signals.append(
                signal(
                    "c2pa",
                    "validation_failure",
                    f"unclassified failure codes: {', '.join(other)}",
                    "moderate",
                    "unverifiable",
                )
            )
        trust = _trust(state, active_codes)
        cred = [c for c in active_codes if c.startswith(CREDENTIAL_PREFIXES)]
        if cred:
            signals.append(
                signal(
                    "c2pa",
                    "credential",
                    f"{', '.join(cred)}: a signing-credential problem, not an integrity failure",
                    "weak",
                )
            )
        active = walk.manifests.get(str(store.get("active_manifest"))) or {}
        decision = self._provguard(active)
        if decision is not None:
            d = decision.get("decision") or {}
            audit = decision.get("audit") or {}
            signals.append(
                signal(
                    "c2pa",
                    "provguard_decision",
                    f"provguard decision '{d.get('action')}' for request {decision.get('request_id')}"
                    f" (audit log {audit.get('log_id')} seq {audit.get('seq')})",
                    "strong",
                )
            )
        anchor = None
        if trust == "trusted" and self.anchors is not None:
            anchor = self._which_anchor(probe)
        summary = C2paSummary(
            active_manifest=store.get("active_manifest"),
            claim_generator=_generator(active) or None,
            signer=_signer(active),
            validation_state=state,
            validation_codes=all_codes,
            trust_anchor=anchor,
            manifests=len(walk.manifests),
            provguard=decision,
        )
        return ReaderResult(signals, summary, trust)

    @staticmethod
    def _provguard(active: dict[str, Any]) -> dict[str, Any] | None:
        for assertion in active.get("assertions") or []:
            if assertion.get("label") == PROVGUARD_LABEL and isinstance(assertion.get("data"), dict):
                return dict(assertion["data"])
        return None

    def _which_anchor(self, probe: Probe) -> str | None:
        """Name the anchor the chain ends in: bisect the bundle, re-validating against each half."""
        assert self.anchors is not None
        cands = tuple(range(len(self.anchors)))
        while len(cands) > 1:
            half = cands[: len(cands) // 2]
            try:
                trusted = self._read_json(probe, self._context(half)).get("validation_state") == "Trusted"
            except Exception:
                return None
            cands = half if trusted else cands[len(cands) // 2 :]
        return self.anchors.name(cands[0]) if cands else None


def _has_jumbf(data: bytes) -> bool:
    return b"jumb" in data and b"c2pa" in data
