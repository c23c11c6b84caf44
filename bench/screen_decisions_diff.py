"""Same decisions whatever way the screener was loaded: a dump of every decision, compared.

Screens every prompt of the public fixture sets (``../shared/fixtures/prompts``: CSV/TSV files)
and of ``bench/dev/*.jsonl`` and ``tests/data/screen_eval.jsonl`` with the built-in rules and
people, three ways in one process: built in memory (no cache), opened from the cache scanning with
the key table only, and opened from the cache scanning with the automata only. Prints one digest
per way and the first differences; exit 1 if any decision differs.

``--dump FILE`` also writes the decisions (JSON Lines, one per prompt, in order) so that two trees
can be compared: run it in each (``PYTHONPATH=<exported tree>``) and ``cmp`` the files.

    python bench/screen_decisions_diff.py [--limit N] [--dump FILE]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO.parent / "shared" / "fixtures" / "prompts"
JSONL = [*sorted((REPO / "bench" / "dev").glob("*.jsonl")), REPO / "tests" / "data" / "screen_eval.jsonl"]


def prompts(limit: int | None) -> list[str]:
    out: list[str] = []
    for f in sorted(FIXTURES.glob("*/*.csv")) + sorted(FIXTURES.glob("*/*.tsv")):
        with f.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh, delimiter="\t" if f.suffix == ".tsv" else ",")
            names = reader.fieldnames or []
            col = next((c for c in names if c.lower() == "prompt"), None)
            if col is None:
                continue
            out += [row[col] for row in reader if row.get(col)]
    for f in JSONL:
        if f.is_file():
            for line in f.read_text(encoding="utf-8").splitlines():
                obj = json.loads(line) if line.strip() else None
                if isinstance(obj, dict) and isinstance(obj.get("prompt"), str):
                    out.append(obj["prompt"])
    return out[:limit] if limit else out


def decisions(prompts: list[str], data_dir: Path, budget: int | None) -> list[str]:
    """JSON of each decision; ``budget``: key-table characters (None: as shipped)."""
    from provguard.config import Settings
    from provguard.screen import Screener

    screener = Screener.load("standard", settings=Settings(data_dir=data_dir), include_imported=False)
    if budget is not None:
        screener.compiled._budget = budget
    out = []
    for p in prompts:
        try:
            d = screener.screen(p).model_dump(mode="json")
        except Exception as exc:  # noqa: BLE001 - a too-long prompt is an answer too
            d = {"error": type(exc).__name__}
        out.append(json.dumps(d, ensure_ascii=False, sort_keys=True))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--dump", type=Path, default=None, help="write the decisions (built in memory)")
    ns = parser.parse_args()
    texts = prompts(ns.limit)
    print(f"{len(texts)} prompts")
    with tempfile.TemporaryDirectory(prefix="pg-decisions-") as tmp:
        blocker = Path(tmp) / "not-a-dir"
        blocker.write_text("x")
        ways = {"built in memory": decisions(texts, blocker / "data", None)}
        decisions(texts[:1], Path(tmp) / "data", None)  # writes the cache
        ways["cache, key table only"] = decisions(texts, Path(tmp) / "data", 10**12)
        ways["cache, automata only"] = decisions(texts, Path(tmp) / "data", 0)
    ref = ways["built in memory"]
    bad = 0
    for name, got in ways.items():
        digest = hashlib.sha256("\n".join(got).encode()).hexdigest()[:16]
        diff = [i for i, (a, b) in enumerate(zip(ref, got, strict=True)) if a != b]
        print(f"{name:24s} digest {digest}  differing {len(diff)}")
        for i in diff[:3]:
            print(f"  {texts[i]!r}\n    {ref[i]}\n    {got[i]}")
        bad += len(diff)
    if ns.dump is not None:
        ns.dump.write_text("".join(x + "\n" for x in ref), encoding="utf-8")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
