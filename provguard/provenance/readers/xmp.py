"""XMP packets (IPTC DigitalSourceType, creator tool), parsed with defusedxml: no entity expansion."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import ClassVar

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from provguard.provenance.options import InspectOptions
from provguard.provenance.probe import Probe
from provguard.provenance.readers.base import Claim, ReaderResult, ReadState, Signal, signal
from provguard.provenance.readers.c2pa_walk import GENERATOR_STATEMENT
from provguard.provenance.sniff import XMP_APP1, jpeg_app1

MAX_PACKET = 2 * 1024 * 1024
_END = {b"<x:xmpmeta": b"</x:xmpmeta>", b"<x:xapmeta": b"</x:xapmeta>", b"<rdf:RDF": b"</rdf:RDF>"}
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
#: Only packets holding one of these are parsed; DTD/ENTITY ones are parsed to be reported as hostile.
_RELEVANT = (b"DigitalSourceType", b"CreatorTool", b"Job ID", b"<!DOCTYPE", b"<!ENTITY")
_AI: dict[str, Claim] = {
    "trainedAlgorithmicMedia": "ai_generated",
    "compositeWithTrainedAlgorithmicMedia": "ai_edited",
    "compositeSynthetic": "ai_edited",
}
_MJ_JOB = re.compile(r"Job ID: [0-9a-f]{8}-", re.IGNORECASE)


def packets(probe: Probe) -> list[bytes]:
    """Every XMP packet in the file: PNG from its text chunks (incl. compressed iTXt), JPEG from its
    XMP APP1 segments, other formats by scanning the bytes."""
    data = probe.data
    if probe.fmt.name == "png":
        return [t.encode("utf-8") for k, t in probe.png().texts if k == "XML:com.adobe.xmp"]
    if probe.fmt.name == "jpeg":
        return jpeg_app1(data, XMP_APP1)[:8]
    end = len(data)
    found: list[bytes] = []
    pos = 0
    while len(found) < 8:
        hits = [(i, tag) for tag in _END if (i := data.find(tag, pos, end)) >= 0]  # memmem beats a regex
        if not hits:
            break
        root, tag = min(hits)
        start = _prolog_start(data, max(pos, root - 16384), root)
        stop_at = data.find(_END[tag], root + len(tag), min(len(data), root + MAX_PACKET + 64))
        if stop_at < 0:
            found.append(data[start : root + MAX_PACKET + 1])
            break
        stop = stop_at + len(_END[tag])
        found.append(data[start:stop])
        pos = stop
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
        if not any(marker in packet for marker in _RELEVANT):
            return []  # nothing we read is in it: skip the XML parse (the common, camera case)
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
