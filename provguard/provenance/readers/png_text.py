"""PNG text chunks written by image generators (A1111, ComfyUI, InvokeAI, NovelAI, Fooocus, Midjourney)."""

from __future__ import annotations

from typing import ClassVar

from provguard.provenance.generators import identify
from provguard.provenance.options import InspectOptions
from provguard.provenance.probe import Probe
from provguard.provenance.readers.base import ReaderResult, ReadState, Signal, signal


class PngTextReader:
    name: ClassVar[str] = "png_text"

    def __init__(self, options: InspectOptions) -> None:
        self.options = options

    def read(self, probe: Probe, state: ReadState) -> ReaderResult:
        if probe.fmt.name != "png":
            return ReaderResult()
        info = probe.png()
        texts: dict[str, str] = {}
        for key, value in info.texts:
            texts.setdefault(key, value)
        signals: list[Signal] = [
            signal("png_text", "generator_parameters", f"{tool}: {detail}", "moderate", "ai_generated")
            for tool, detail in identify(texts)
        ]
        signals += [signal("png_text", "chunk_problem", p, "weak") for p in info.problems[:5]]
        return ReaderResult(signals)
