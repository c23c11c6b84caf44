"""The fixed vocabulary rule packs and profiles are validated against.

Why fixed in code: an unknown category or language in a pack is a load error, never a
silently ignored rule. Each category carries the nearest Llama Guard / MLCommons hazard code
so results can be compared with Llama Guard output.
"""

from __future__ import annotations

from typing import Literal

# The six original languages, the ten of the generalisation work and the seven after it (ISO 639-1).
LANGUAGES: frozenset[str] = frozenset(
    {
        "en",
        "zh",
        "ja",
        "ko",
        "hi",
        "bn",
        "es",
        "fr",
        "de",
        "pt",
        "ru",
        "ar",
        "it",
        "tr",
        "id",
        "vi",
        "th",
        "he",
        "fa",
        "uk",
        "pl",
        "nl",
        "any",
    }
)

Signal = Literal[
    "person", "face_ref", "face_image", "context", "standalone", "art", "unknown_person", "learned"
]

# context kinds: what a harmful-context keyword says about the scene
CONTEXT_KINDS: frozenset[str] = frozenset(
    {
        "photoreal",
        "deepfake",
        "event",
        "sexual",
        "revealing",
        "election",
        "endorsement",
        "humiliation",
        "minor",
    }
)
# a context rule's kind that is no context of the scene: a definite office ("the finance minister", 市长)
# names a holder; the engine keeps its hits apart and guesses an unknown office holder (engine._signals)
OFFICE_KIND = "office"
# context rules whose kind is a whole-prompt cue read by the engine, not a context of the scene: the picture
# shows no people ("no people", "사람은 없이"), or the document is a SPECIMEN or an invented country's prop
CUE_KINDS: frozenset[str] = frozenset({"no_people", "placeholder"})

# category -> (hazard code or None, one-line meaning)
CATEGORIES: dict[str, tuple[str | None, str]] = {
    "real_person": (None, "names an identifiable real person, no harmful context"),
    "unknown_person": ("S5", "a named person in no list, in a person-directed harmful context"),
    "impersonation": ("S5", "photoreal depiction of an identifiable real person"),
    "fabricated_event": ("S5", "a real person placed in a fabricated event (arrest, crime, hospital, kiss…)"),
    "humiliation": ("S5", "a real person humiliated or degraded"),
    "false_endorsement": ("S5", "a real person endorsing, advertising or selling"),
    "election_deepfake": ("S13", "a real person in election, ballot or voting content"),
    "ncii": ("S3", "sexual or undressing content of an identifiable real or private person"),
    "child_sexual": ("S4", "sexual content involving minors"),
    "face_reference": ("S7", "an edit that reuses a private person's face"),
    "private_deepfake": ("S7", "a private person's face placed in a fabricated or photoreal scene"),
    "face_in_image": (None, "the edit's input image shows a human face"),
    "forged_document": ("S2", "a forged official or financial document"),
    "provenance_evasion": ("S2", "removing watermarks/content credentials or faking capture metadata"),
    "sexual_content": ("S12", "sexually explicit content without an identified person"),
    "illegal_activity": ("S2", "depiction of drugs or other illegal activity"),
    "learned_risk": (None, "no rule decided it, but the learned second opinion reads the prompt as harmful"),
}

# person × context kind -> category; face reference (private person) × kind -> category
PERSON_CONTEXT: dict[str, str] = {
    "photoreal": "impersonation",
    "deepfake": "impersonation",
    "event": "fabricated_event",
    "humiliation": "humiliation",
    "endorsement": "false_endorsement",
    "election": "election_deepfake",
    "sexual": "ncii",
    "revealing": "ncii",  # underwear, bikini, see-through: sexualising a real person
}
FACE_CONTEXT: dict[str, str] = {
    "photoreal": "face_reference",
    "deepfake": "private_deepfake",
    "event": "private_deepfake",
    "humiliation": "private_deepfake",
    "endorsement": "private_deepfake",
    "election": "election_deepfake",
    "sexual": "ncii",
    "revealing": "ncii",
}


def hazard(category: str) -> str | None:
    return CATEGORIES[category][0]
