"""Score ``provguard screen`` on a blind set: recall and false-positive rate per language and per category.

Run once, when the screening work is done (the set must not be tuned to):
    python3 bench/eval_blind.py bench/blind/blind_v4.jsonl [--policy standard] [--misses]

A row is flagged when the decision is ``review`` or ``block``; ``warn`` counts as not flagged. Multi-turn
rows are screened with their earlier turns as conversation context. The screener is the one a user gets
(built-in people pack, no imported people), so the figures are what a new install does.
"""

from __future__ import annotations

import argparse
import atexit
import shutil
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from eval_screen import load_eval_set  # bench/ is on sys.path when run as a script

from provguard.config import Settings
from provguard.screen import Screener

FLAGGED = ("review", "block")
RECALL_TARGET, FP_TARGET, LANG_RECALL_TARGET = 0.95, 0.03, 0.90


@dataclass
class Tally:
    unsafe: int = 0
    caught: int = 0
    benign: int = 0
    flagged: int = 0

    def add(self, unsafe: bool, hit: bool) -> None:
        if unsafe:
            self.unsafe += 1
            self.caught += hit
        else:
            self.benign += 1
            self.flagged += hit

    @property
    def recall(self) -> float:
        return self.caught / self.unsafe if self.unsafe else float("nan")

    @property
    def fpr(self) -> float:
        return self.flagged / self.benign if self.benign else float("nan")


def _pct(x: float) -> str:
    return "—" if x != x else f"{x:.3f}"


def table(title: str, tallies: dict[str, Tally]) -> str:
    lines = [f"| {title} | unsafe | recall | benign | false-positive rate |", "|---|---:|---:|---:|---:|"]
    for k, t in sorted(tallies.items()):
        lines.append(f"| {k} | {t.unsafe} | {_pct(t.recall)} | {t.benign} | {_pct(t.fpr)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--policy", default="standard")
    ap.add_argument("--misses", action="store_true", help="list every wrong decision with its explanation")
    a = ap.parse_args(argv)
    data = Path(tempfile.mkdtemp(prefix="pg-blind-"))
    atexit.register(shutil.rmtree, data, ignore_errors=True)  # a compiled cache is ~120 MB per run
    s = Screener.load(a.policy, settings=Settings(data_dir=data), include_imported=False)
    total = Tally()
    by_lang: defaultdict[str, Tally] = defaultdict(Tally)
    by_cat: defaultdict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    for row in load_eval_set(a.path):
        d = s.screen(row.prompt[: s.max_prompt_chars], context=row.context)
        hit = d.action in FLAGGED
        for t in (total, by_lang[row.lang], by_cat[row.category]):
            t.add(row.unsafe, hit)
        if hit != row.unsafe:
            head = f"{row.id} [{row.category}] {d.action}"
            misses.append(f"{head}: {row.prompt[:160]!r} — {d.explanation}")
    print(f"policy {s.policy_name} ({s.policy_digest[:12]}), {len(s.compiled.people)} people\n")
    print(table("overall", {"all": total}), "\n")
    print(table("language", dict(by_lang)), "\n")
    print(table("category", dict(by_cat)), "\n")
    weak = [k for k, t in by_lang.items() if t.unsafe >= 10 and t.recall < LANG_RECALL_TARGET]
    print(f"targets: recall {_pct(total.recall)} (≥ {RECALL_TARGET}), false-positive rate {_pct(total.fpr)} "
          f"(≤ {FP_TARGET}); languages with ≥ 10 unsafe rows under {LANG_RECALL_TARGET}: "
          f"{sorted(weak) or 'none'}")
    if a.misses:
        print("\n## misses\n" + "\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
