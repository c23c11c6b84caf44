"""Recognise generator parameter text (Stable Diffusion UIs, NovelAI, Midjourney).

Shared by the PNG text reader, the EXIF UserComment check and the stealth pnginfo reader, which all
carry the same payloads in different containers.
"""

from __future__ import annotations

import json
import re
from typing import Any

_A1111 = re.compile(r"(^|\n)Steps: \d+, (Sampler|CFG scale|Seed|Size)[:]", re.MULTILINE)
#: Diffusers-family tools (and A1111 forks writing "one setting per line"): a prompt, then lines
#: such as "Negative prompt: ...", "Steps: 30", "Sampler: Euler a", "Seed: 42", "CFG scale: 7".
_LINE_KEY = re.compile(
    r"^(Negative prompt|Steps|Sampler|Scheduler|Seed|CFG scale|Guidance scale|Model|Size):[ \t]*(\S.*)?$",
    re.MULTILINE | re.IGNORECASE,
)
_MAX_SCAN = 256 * 1024  # generator text is a few KB; don't run regexes over megabytes
_MJ_JOB = re.compile(r"Job ID: [0-9a-f]{8}-[0-9a-f]{4}-", re.IGNORECASE)


def _json(text: str) -> Any:
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def short(text: str, limit: int = 120) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def a1111_parameters(text: str) -> bool:
    """AUTOMATIC1111 / Forge / SD.Next infotext: prompt lines then 'Steps: N, Sampler: ...'."""
    return bool(_A1111.search(text))


def line_parameters(text: str) -> bool:
    """Parameters written one per line (diffusers-based tools): 'Steps: N' on its own line plus at
    least two more of Negative prompt / Sampler / Scheduler / Seed / CFG or guidance scale / Size."""
    keys = {m.group(1).lower() for m in _LINE_KEY.finditer(text[:_MAX_SCAN])}
    steps = re.search(r"^Steps:[ \t]*\d+[ \t]*$", text[:_MAX_SCAN], re.MULTILINE | re.IGNORECASE)
    return bool(steps) and len(keys - {"steps"}) >= 2


def generator_text(text: str) -> bool:
    """Either infotext shape (A1111 comma-separated, or one setting per line)."""
    return a1111_parameters(text) or line_parameters(text)


def identify(texts: dict[str, str]) -> list[tuple[str, str]]:
    """Return (tool, detail) for every generator signature in a set of key -> text entries."""
    found: list[tuple[str, str]] = []
    params = texts.get("parameters")
    if params is not None:
        data = _json(params)
        if isinstance(data, dict) and (
            texts.get("fooocus_scheme") or "base_model" in data or "full_negative_prompt" in data
        ):
            found.append(("Fooocus", f"'parameters' JSON (base_model: {data.get('base_model', '?')})"))
        elif a1111_parameters(params):
            found.append(("AUTOMATIC1111/Forge", f"'parameters' infotext: {short(params)}"))
    prompt = _json(texts.get("prompt", ""))
    if isinstance(prompt, dict) and any(isinstance(v, dict) and "class_type" in v for v in prompt.values()):
        classes = sorted({str(v.get("class_type")) for v in prompt.values() if isinstance(v, dict)})
        found.append(("ComfyUI", f"'prompt' API graph with nodes {', '.join(classes[:6])}"))
    workflow = _json(texts.get("workflow", ""))
    if isinstance(workflow, dict) and isinstance(workflow.get("nodes"), list):
        found.append(("ComfyUI", f"'workflow' UI graph with {len(workflow['nodes'])} nodes"))
    software = texts.get("Software", "").strip()
    if not any(tool.startswith("AUTOMATIC1111") for tool, _ in found):
        for key, value in texts.items():
            if key in ("prompt", "workflow") or not line_parameters(value):
                continue
            tool = f"{software[:60]} (diffusers-style parameters)" if software else "diffusers-style tool"
            found.append((tool, f"'{key}' parameters one per line: {short(value)}"))
            break
    invoke = ("invokeai_metadata", "invokeai_graph", "sd-metadata", "Dream")
    found.extend(("InvokeAI", f"'{key}': {short(texts[key])}") for key in invoke if key in texts)
    source = texts.get("Source", "")
    if (
        software.strip().lower() == "novelai"
        or source.startswith("Stable Diffusion ")
        or texts.get("Title", "").strip() == "AI generated image"
    ):
        found.append(("NovelAI", f"Software '{software}', Source '{source}'"))
    found.extend(
        ("Midjourney", f"'{key}' with a Midjourney Job ID: {short(texts[key])}")
        for key in ("Description", "Comment")
        if _MJ_JOB.search(texts.get(key, ""))
    )
    return found
