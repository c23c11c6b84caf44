"""Dump every screening decision on the development and public prompt sets, one JSON line each.

Run:  python3 bench/dump_decisions.py OUT.jsonl [--data-dir DIR] [--limit N]

Why: a latency change must not change any decision. Dump before and after the change (same
rules, same day: death-date rules read today's date) and ``cmp`` the files. Each line is one
prompt under one configuration: the full ``Decision`` (``model_dump``, findings with spans,
matches, entities, explanations) and the fields each model had set explicitly.

Configurations: ``eval`` (the built-in people pack + the 41-person seed, as in
``bench/eval_screen.py``) and, with ``--data-dir``, ``big``: that data dir's imported people
(e.g. the 88k CC0 list, as in ``bench/screen_bench.py``), loaded twice: ``big`` compiles them
when the cache is stale, ``big-cached`` is then opened from the cache. Sets: tests/data/screen_eval.jsonl
(with its multi-turn contexts), bench/dev/*.jsonl, the Diffusion-MU-Attack CSVs (COCO-10k, I2P
and its subsets), PartiPrompts, UCE, Ring-A-Bell and the bench's slow-path prompts. Never the
blind sets.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from provguard.config import Settings
from provguard.models import Decision
from provguard.screen import Screener

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO.parent / "shared" / "fixtures"
PROMPTS = FIXTURES / "prompts"
SEED = FIXTURES / "people" / "provguard-seed" / "public_figures_seed.tsv"
CSVS = [
    (PROMPTS / "Diffusion-MU-Attack" / n, "prompt")
    for n in ("i2p.csv", "coco_10k.csv", "illegal.csv", "nudity.csv", "violence.csv")
] + [
    (PROMPTS / "parti" / "PartiPrompts.tsv", "Prompt"),
    (PROMPTS / "unified-concept-editing" / "profession_prompts.csv", "prompt"),
    *((p, "prompt") for p in sorted((PROMPTS / "Ring-A-Bell").glob("*.csv"))),
]


def rows(limit: int) -> Iterator[tuple[str, str, list[str]]]:
    """(set/row id, prompt, earlier turns) of every development and public prompt."""
    dev = sorted((REPO / "bench" / "dev").glob("*.jsonl"))
    for path in [REPO / "tests" / "data" / "screen_eval.jsonl", *dev]:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        for i, line in enumerate(lines[: limit or None]):
            o = json.loads(line)
            yield f"{path.name}/{o.get('id', i)}", o["prompt"], list(o.get("context") or [])
    for path, col in CSVS:
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t" if path.suffix == ".tsv" else ",")
            got = [r[col] for r in reader if r.get(col)]
        for i, p in enumerate(got[: limit or None]):
            yield f"{path.name}/{i}", p, []
    sys.path.insert(0, str(REPO / "bench"))
    from screen_bench import SCRIPT_PROMPTS, SLOW_PROMPTS

    for i, p in enumerate([*SLOW_PROMPTS, *SCRIPT_PROMPTS]):
        yield f"slow/{i}", p, []


def dump(d: Decision) -> dict[str, object]:
    return {
        "decision": d.model_dump(mode="json"),
        "set": sorted(d.model_fields_set),
        "findings_set": [sorted(f.model_fields_set) for f in d.findings],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--data-dir", type=Path, help="a data dir with imported people (the 'big' configuration)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N rows per file")
    a = ap.parse_args()
    configs = [
        (
            "eval",
            Screener.load(
                "standard",
                people_packs=[SEED],
                settings=Settings(data_dir=Path(tempfile.mkdtemp(prefix="pg-dump-"))),
                include_imported=False,
            ),
        )
    ]
    if a.data_dir is not None:
        for name in ("big", "big-cached"):  # compiled (or opened) first, then opened from the cache
            big = Screener.load("standard", people_packs=[SEED], settings=Settings(data_dir=a.data_dir))
            configs.append((name, big))
    n = 0
    with a.out.open("w", encoding="utf-8") as out:
        for name, s in configs:
            for rid, prompt, context in rows(a.limit):
                d = s.screen(prompt[: s.max_prompt_chars], context=context[-100:])
                rec = {"config": name, "row": rid, **dump(d)}
                out.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
    print(f"{n} decisions -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
