"""Choose the learned second opinion's thresholds on held-out blind sets, each screened as it was measured.

Why: a threshold chosen on sets the model was trained on, or with rules fixed on their misses, flatters
itself. For each (commit, blind set) pair this checks the commit out as a git worktree (its rules, its
code), trains a model on the training files that commit had (plus ``--extra`` files of today's
``bench/dev``), screens the set with the learned step off, scores every row with that model, and prints
recall and false-positive rate per escalation bar. The model is today's (its features, today's training
code) on that commit's files; scores of base64 rows are taken on the base64 text.

Run:  python3 bench/learned_heldout.py [--pairs 7863160:v16 b014769:v17 baddf71:v18]
          [--extra dev_everyday19.jsonl]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# (escalate, escalate_alone, escalate_context): the third for a rule's warn on a context alone (None: alone)
BARS: list[tuple[float, float, float | None]] = [
    (0.85, 0.9, None),
    (0.8, 0.85, None),
    (0.7, 0.8, None),
    (0.7, 0.8, 0.9),
    (0.7, 0.75, None),
    (0.6, 0.7, None),
]

# run inside the worktree: the rules' decision with the learned step off, and the held-out model's score
_SCORE = """
import json, sys
from pathlib import Path
from provguard.screen.engine import Screener
from provguard.screen.learned import load_model
from provguard.screen import learned, second_opinion
import re
learned._WORD = re.compile(sys.argv[3])  # today's word pattern, as the model was trained
s = Screener.load(); pol = s.learned; s.learned = None
model = load_model(Path(sys.argv[2]))
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    ctx = r.get("context") or []
    d = s.screen(r["prompt"], context=ctx)
    fin = second_opinion.apply(d, r["prompt"], ctx, model, pol, s.actions).action  # the relief as shipped
    print(json.dumps({"lang": r["lang"], "label": r["label"], "rule": d.action, "fin": fin,
        "anchored": any(f.signal in second_opinion._ANCHORS for f in d.findings),
        "score": model.score(r["prompt"], ctx)}))
"""


def _run(cmd: list[str], **kw: object) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout  # type: ignore[call-overload,no-any-return]


def held_out_rows(commit: str, name: str, extra: list[str], tmp: Path) -> list[dict[str, object]]:
    wt = tmp / f"wt_{commit}"
    _run(["git", "-C", str(REPO), "worktree", "add", "-f", "--detach", str(wt), commit])
    try:
        (wt / "provguard" / "rules").symlink_to(wt / "rules")  # what the editable install maps
        tree = _run(["git", "-C", str(REPO), "ls-tree", "--name-only", commit, "bench/dev/", "bench/blind/"])
        had = {Path(p).name for p in tree.split()} | set(extra)
        now = [p.name for p in (REPO / "bench" / "dev").glob("*.jsonl")]
        now += [p.name for p in (REPO / "bench" / "blind").glob("blind_v*.jsonl")]
        model = tmp / f"model_{name}.json.gz"
        train = [sys.executable, str(REPO / "scripts" / "train_screen_model.py"), "--out", str(model)]
        _run(train + ["--exclude", *[n for n in now if n not in had]])
        env = {**os.environ, "PYTHONPATH": str(wt)}
        blind = REPO / "bench" / "blind" / f"blind_{name}.jsonl"
        from provguard.screen.learned import _WORD

        out = _run([sys.executable, "-c", _SCORE, str(blind), str(model), _WORD.pattern], cwd=wt, env=env)
        return [json.loads(x) for x in out.splitlines()]
    finally:
        _run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(wt)])


def flagged(r: dict[str, object], bar: float, bar_alone: float, bar_context: float | None) -> bool:
    act = r["fin"]
    if r["rule"] in ("allow", "warn") and act in ("allow", "warn"):
        need = bar if r["anchored"] else bar_alone
        if not r["anchored"] and r["rule"] == "warn" and bar_context is not None:
            need = bar_context
        if float(r["score"]) >= need:  # type: ignore[arg-type]
            act = "review"
    return act in ("review", "block")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", nargs="*", default=["7863160:v16", "b014769:v17", "baddf71:v18"])
    ap.add_argument("--extra", nargs="*", default=["dev_everyday19.jsonl"])
    a = ap.parse_args(argv)
    rows: dict[str, list[dict[str, object]]] = {}
    with tempfile.TemporaryDirectory() as d:
        for pair in a.pairs:
            commit, name = pair.split(":")
            rows[name] = held_out_rows(commit, name, a.extra, Path(d))
    head = " | ".join(f"{n} recall / FP" for n in rows)
    print(f"| escalate / escalate_alone (/ escalate_context) | {head} | languages < 0.90 |")
    print("|---|" + "---|" * (len(rows) + 1))
    for bar, alone, context in BARS:
        cells, low = [], 0
        for rs in rows.values():
            per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            fp = [0, 0]
            for r in rs:
                f = flagged(r, bar, alone, context)
                if r["label"] == "unsafe":
                    per[str(r["lang"])][0] += 1
                    per[str(r["lang"])][1] += f
                else:
                    fp[0] += 1
                    fp[1] += f
            unsafe = sum(v[0] for v in per.values())
            caught = sum(v[1] for v in per.values())
            cells.append(f"{caught / unsafe:.3f} / {fp[1] / max(fp[0], 1):.3f}")
            low += sum(1 for v in per.values() if v[0] >= 10 and v[1] / v[0] < 0.9)
        name = f"{bar} / {alone}" + (f" / {context}" if context is not None else "")
        print(f"| {name} | " + " | ".join(cells) + f" | {low} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
