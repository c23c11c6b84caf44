"""XMP packets (IPTC DigitalSourceType, creator tool), parsed with defusedxml: no entity expansion."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import ClassVar

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from provguard.provenance.options import InspectOptions
from provguard.provenance.png_chunks import parse_png
from provguard.provenance.probe import Probe
from provguard.provenance.readers.base import Claim, ReaderResult, ReadState, Signal, signal
from provguard.provenance.readers.c2pa_reader import GENERATOR_STATEMENT

MAX_PACKET = 2 * 1024 * 1024
_START = re.compile(rb"<x:xmpmeta|<x:xapmeta|<rdf:RDF")
_END = {b"<x:xmpmeta": b"</x:xmpmeta>", b"<x:xapmeta": b"</x:xapmeta>", b"<rdf:RDF": b"</rdf:RDF>"}
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_AI: dict[str, Claim] = {
    "trainedAlgorithmicMedia": "ai_generated",
    "compositeWithTrainedAlgorithmicMedia": "ai_edited",
    "compositeSynthetic": "ai_edited",
}
_MJ_JOB = re.compile(r"Job ID: [0-9a-f]{8}-", re.IGNORECASE)


def packets(probe: Probe) -> list[bytes]:
    """Every XMP packet in the file (raw scan, plus compressed PNG iTXt XMP)."""
    data = probe.data
    found: list[bytes] = []
    pos = 0
    while len(found) < 8:
        m = _START.search(data, pos)
        if m is None:
            break
        start = _prolog_start(data, max(pos, m.start() - 16384), m.start())
        end = data.find(_END[m.group(0)], m.end(), m.start() + MAX_PACKET + 64)
        if end < 0:
            found.append(data[start : m.start() + MAX_PACKET + 1])
            break
        stop = end + len(_END[m.group(0)])
        found.append(data[start:stop])
        pos = stop
    if probe.fmt.name == "png" and not found:
        for key, text in parse_png(data).texts:
            if key == "XML:com.adobe.xmp":
                found.append(text.encode("utf-8"))
    return found


def _prolog_start(data: bytes, lo: int, root: int) -> int:
    """Include an XML declaration or DOCTYPE in front of the root, so hostile DTDs are seen and refused."""
    starts = [i for i in (data.rfind(b"<?xml", lo, root), data.rfind(b"<!DOCTYPE", lo, root)) if i >= 0]
    start = min(starts) if starts else root
    return root if b"\x00" in data[start:root] else start  # a prolog is text, never binary


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


class XmpReader:
    name: ClassVar[str] = "xmp"

    def __init__(self, options: InspectOptions) -> None:
        self.options = options

    def read(self, probe: Probe, state: ReadState) -> ReaderResult:
        signals: list[Signal] = []
        for packet in packets(probe):
            signals.extend(self._packet(packet))
        return ReaderResult(signals)

    def _packet(self, packet: bytes) -> list[Signal]:
        if len(packet) > MAX_PACKET:
            return [signal("xmp", "xmp_rejected", f"XMP packet over {MAX_PACKET} bytes ignored", "weak")]
        try:
            root = DET.fromstring(packet, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as exc:
            return [
                signal(
                    "xmp",
                    "xmp_rejected",
                    f"XMP packet rejected as hostile ({type(exc).__name__}: "
                    "DTD/entity declarations are not allowed, e.g. an XML bomb)",
                    "weak",
                )
            ]
        except (ET.ParseError, ValueError, RecursionError) as exc:
            return [signal("xmp", "xmp_malformed", f"XMP packet is not well-formed XML: {exc}", "weak")]
        out: list[Signal] = []
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            values: list[tuple[str, str]] = [(_local(el.tag), (el.text or "").strip())]
            values += [(_local(k), v) for k, v in el.attrib.items()]
            if _local(el.tag) == "DigitalSourceType" and el.get(_RDF + "resource"):
                values.append(("DigitalSourceType", el.get(_RDF + "resource", "")))
            for name, value in values:
                out.extend(self._field(name, value))
        return list({(s.evidence.kind, s.evidence.detail): s for s in out}.values())

    @staticmethod
    def _field(name: str, value: str) -> list[Signal]:
        if not value:
            return []
        if name == "DigitalSourceType":
            term = value.rstrip("/").rsplit("/", 1)[-1]
            claim = _AI.get(term)
            if claim:
                return [
                    signal(
                        "xmp",
                        "digital_source_type",
                        f"Iptc4xmpExt:DigitalSourceType {term} (unsigned XMP)",
                        "moderate",
                        claim,
                    )
                ]
            return [
                signal(
                    "xmp",
                    "digital_source_type",
                    f"Iptc4xmpExt:DigitalSourceType {term} (unsigned XMP, "
                    "declares neither AI nor a verifiable capture)",
                    "weak",
                    "undeclared",
                )
            ]
        if name == "CreatorTool" and GENERATOR_STATEMENT.search(value):
            return [
                signal(
                    "xmp",
                    "creator_tool",
                    f"xmp:CreatorTool '{value[:120]}' is an AI generator",
                    "moderate",
                    "ai_generated",
                )
            ]
        if name in ("description", "li") and _MJ_JOB.search(value):
            return [
                signal(
                    "xmp",
                    "generator_description",
                    f"description carries a Midjourney Job ID: {value[:120]}",
                    "moderate",
                    "ai_generated",
                )
            ]
        return []
