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
from typing import Any, ClassVar

import c2pa

from provguard.models import C2paSummary, Trust
from provguard.provenance.c2pa_codes import is_credential, is_integrity, is_structural
from provguard.provenance.options import InspectOptions
from provguard.provenance.probe import Probe
from provguard.provenance.readers.base import ReaderResult, ReadState, Signal, signal
from provguard.provenance.readers.c2pa_walk import Walk, generator, signer
from provguard.provenance.sniff import XMP_APP1, jpeg_app1, jpeg_has_segment, riff_chunks
from provguard.provenance.trust import TrustAnchors, c2pa_trust_settings

_logger = logging.getLogger(__name__)

PROVGUARD_LABEL = "org.provguard.decision"


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
        if not _may_hold_manifest(probe):
            return ReaderResult()  # what c2pa would say (ManifestNotFound), without streaming the file
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
        integrity = [c for c in all_codes if is_integrity(c)]
        other = [c for c in all_codes if is_structural(c)]
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
            if is_integrity(c)
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
        walk = Walk(store)
        content = (
            walk.classify(str(store.get("active_manifest"))) if store.get("active_manifest") else "undeclared"
        )
        structural = [c for c in active_codes if is_structural(c)]
        if structural and not integrity:
            # a malformed manifest's statements are evidence, not a verdict: it cannot be verified
            walk.signals = [Signal(s.evidence, None) for s in walk.signals]
        signals.extend(walk.signals)
        declared = any(s.claim == "undeclared" for s in walk.signals)
        if content == "undeclared" and not structural and not declared:
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
                    f"{', '.join(other)}: the manifest is malformed or unsupported, so it cannot be "
                    "verified; no hash or signature mismatch, so nothing shows the content was altered",
                    "moderate",
                    "unverifiable",
                )
            )
        trust = _trust(state, active_codes)
        cred = [c for c in active_codes if is_credential(c)]
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
            claim_generator=generator(active) or None,
            signer=signer(active),
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


def _may_hold_manifest(probe: Probe) -> bool:
    """False only when the container visibly has no place for an embedded manifest (JPEG without
    APP11, PNG without caBX, WebP without a C2PA chunk) and no remote-manifest reference (XMP
    dcterms:provenance). c2pa-rs reads through Python stream callbacks, ~8 ms for a 12 MP JPEG,
    only to answer ManifestNotFound for nearly every camera file; everything else is still read."""
    name = probe.fmt.name
    if name == "jpeg":
        xmp = jpeg_app1(probe.data, XMP_APP1)
        return jpeg_has_segment(probe.data, 0xEB) or any(b"provenance" in x for x in xmp)
    if name == "png":
        info = probe.png()
        texts = [v for k, v in info.texts if k == "XML:com.adobe.xmp"]
        return info.has_c2pa or info.truncated or any("provenance" in t for t in texts)
    if name == "webp":
        chunks = riff_chunks(probe.data, b"C2PA")
        xmp = riff_chunks(probe.data, b"XMP ") or []
        return chunks is None or bool(chunks) or any(b"provenance" in x for x in xmp)
    return True


def _has_jumbf(data: bytes) -> bool:
    return b"jumb" in data and b"c2pa" in data
