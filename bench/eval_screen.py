"""Evaluate ``provguard screen`` on public prompt sets and on our labelled set.

Run:  python3 bench/eval_screen.py [--write-docs] [--policy standard]

Benign sets (false-positive rate = share sent to review or block): COCO-10k captions,
PartiPrompts, UCE profession prompts, Ring-A-Bell's benign twins. Recall sets: I2P rows that
name a person from the seed list (selected by a plain word match on the seed names, not by
the engine), the I2P nudity and illegal-activity subsets (image-outcome labels: many rows are
innocuous text, see SOURCES.md), Ring-A-Bell nudity prompts, and tests/data/screen_eval.jsonl.
People: the built-in pack (rules/people) plus the 41-person seed from ../shared.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from provguard.config import Settings
from provguard.models import Decision
from provguard.screen import Screener

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO.parent / "shared" / "fixtures"
PROMPTS = FIXTURES / "prompts"
SEED = FIXTURES / "people" / "provguard-seed" / "public_figures_seed.tsv"
EVAL_SET = REPO / "tests" / "data" / "screen_eval.jsonl"
FLAGGED = ("review", "block")


@dataclass
class Row:
    id: str
    prompt: str
    unsafe: bool
    category: str
    lang: str = "en"
    context: list[str] = field(default_factory=list)


@dataclass
class Result:
    name: str
    n: int
    hits: int  # unsafe: flagged; benign: flagged (false positives)
    warn: int
    unsafe: bool
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # id, prompt, explanation

    @property
    def rate(self) -> float:
        return self.hits / self.n if self.n else 0.0


def _csv(path: Path, col: str) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t" if path.suffix == ".tsv" else ",") if r.get(col)]


def load_eval_set(path: Path = EVAL_SET) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            o = json.loads(line)
            rows.append(
                Row(
                    o["id"],
                    o["prompt"],
                    o["label"] == "unsafe",
                    o["category"],
                    o["lang"],
                    o.get("context") or [],
                )
            )
    return rows


def seed_names() -> re.Pattern[str]:
    """Full English names of the seed people, for selecting I2P rows independently of the engine."""
    names = []
    with SEED.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            names.append(r["name_en"])
            names += [a for a in r["aliases_latin"].split("|") if " " in a]
    return re.compile(
        r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b", re.I
    )


def _rab(r: dict[str, str]) -> str:
    """Ring-A-Bell nudity rows are templates (nudity, people, clothes, location): join them."""
    return " ".join(
        v.strip() for k in ("nudity", "people", "clothes", "location") if (v := r.get(k, "")) and v != "None"
    )


def public_sets() -> dict[str, tuple[list[Row], bool]]:
    d = PROMPTS / "Diffusion-MU-Attack"
    names = seed_names()
    i2p = _csv(d / "i2p.csv", "prompt")
    sets: dict[str, tuple[list[Row], bool]] = {
        "COCO-10k captions": (
            [
                Row(f"coco-{i}", r["prompt"], False, "coco")
                for i, r in enumerate(_csv(d / "coco_10k.csv", "prompt"))
            ],
            False,
        ),
        "PartiPrompts": (
            [
                Row(f"parti-{i}", r["Prompt"], False, r["Category"])
                for i, r in enumerate(_csv(PROMPTS / "parti" / "PartiPrompts.tsv", "Prompt"))
            ],
            False,
        ),
        "UCE profession prompts": (
            [
                Row(f"uce-{i}", r["prompt"], False, "profession")
                for i, r in enumerate(
                    _csv(PROMPTS / "unified-concept-editing" / "profession_prompts.csv", "prompt")
                )
            ],
            False,
        ),
        "Ring-A-Bell benign twins": (
            [
                Row(f"rab-nn-{i}", r["prompt"], False, "benign")
                for i, r in enumerate(_csv(PROMPTS / "Ring-A-Bell" / "NoNudity_prompt.csv", "prompt"))
            ],
            False,
        ),
        "I2P rows naming a seed person": (
            [
                Row(f"i2p-{r['case_number']}", r["prompt"], True, "person")
                for r in i2p
                if names.search(r["prompt"])
            ],
            True,
        ),
        "I2P nudity subset (image labels)": (
            [
                Row(f"nud-{i}", r["prompt"], True, "sexual")
                for i, r in enumerate(_csv(d / "nudity.csv", "prompt"))
            ],
            True,
        ),
        "I2P illegal subset (image labels)": (
            [
                Row(f"ill-{i}", r["prompt"], True, "illegal")
                for i, r in enumerate(_csv(d / "illegal.csv", "prompt"))
            ],
            True,
        ),
        "Ring-A-Bell nudity prompts": (
            [
                Row(f"rab-n-{i}", _rab(r), True, "sexual")
                for i, r in enumerate(_csv(PROMPTS / "Ring-A-Bell" / "Nudity_prompt.csv", "nudity"))
            ],
            True,
        ),
    }
    return sets


def load_screener(policy: str = "standard", data_dir: Path | None = None) -> Screener:
    if data_dir is None:
        data_dir = Path(tempfile.mkdtemp(prefix="pg-eval-"))
        atexit.register(shutil.rmtree, data_dir, ignore_errors=True)  # a compiled cache is ~120 MB per run
    data = data_dir
    return Screener.load(
        policy, people_packs=[SEED], settings=Settings(data_dir=data), include_imported=False
    )


def score(
    name: str,
    rows: Iterable[Row],
    unsafe: bool,
    screen: Callable[[Row], Decision],
    hit: Callable[[Decision], bool] | None = None,
) -> Result:
    hit = hit or (lambda d: d.action in FLAGGED)
    res = Result(name, 0, 0, 0, unsafe)
    for r in rows:
        d = screen(r)
        res.n += 1
        h = hit(d)
        res.hits += h
        res.warn += d.action == "warn"
        if h != unsafe:
            res.misses.append((r.id, r.prompt, d.explanation))
    return res


def run(policy: str = "standard") -> dict[str, object]:
    s = load_screener(policy)

    def screen(r: Row) -> Decision:
        return s.screen(r.prompt[: s.max_prompt_chars], context=r.context)

    out: dict[str, object] = {
        "policy": s.policy_name,
        "digest": s.policy_digest,
        "people": len(s.compiled.people),
    }
    public = []
    for name, (rows, unsafe) in public_sets().items():
        if name.startswith("I2P rows naming"):
            public.append(
                score(
                    name + " — person found",
                    rows,
                    True,
                    screen,
                    lambda d: any(f.signal == "person" for f in d.findings),
                )
            )
            public.append(score(name + " — flagged", rows, True, screen))
        elif unsafe:
            public.append(
                score(name + " — any category (≥warn)", rows, True, screen, lambda d: d.action != "allow")
            )
        else:
            public.append(score(name, rows, False, screen))
    out["public"] = public
    ev = load_eval_set()
    out["eval_unsafe"] = score("screen_eval unsafe", [r for r in ev if r.unsafe], True, screen)
    out["eval_benign"] = score("screen_eval benign", [r for r in ev if not r.unsafe], False, screen)
    per_cat: dict[str, list[Row]] = defaultdict(list)
    per_lang: dict[tuple[str, bool], list[Row]] = defaultdict(list)
    for r in ev:
        per_cat[r.category].append(r)
        per_lang[(r.lang, r.unsafe)].append(r)
    out["eval_cat"] = [score(c, rows, rows[0].unsafe, screen) for c, rows in sorted(per_cat.items())]
    out["eval_lang"] = [
        score(f"{lang} {'unsafe' if u else 'benign'}", rows, u, screen)
        for (lang, u), rows in sorted(per_lang.items())
    ]
    return out


def _line(r: Result) -> str:
    metric = "recall" if r.unsafe else "FP rate"
    return f"| {r.name} | {r.n} | {metric} | {r.rate:.3f} | {r.warn} |"


def latest_blind_section() -> list[str]:
    """The first (newest) "## Blind set" section of evaluation-blind.md, headings shifted down one
    level: the blind result is the headline, so the generated page shows it rather than links it."""
    path = REPO / "docs" / "evaluation-blind.md"
    if not path.exists():
        return []
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            if lines:
                break
            if not line.startswith("## Blind set"):
                continue
        if lines or line.startswith("## Blind set"):
            lines.append("#" + line if line.startswith("#") else line)
    if not lines:
        return []
    lines[0] = lines[0].replace("### Blind set", "## Newest blind set:", 1)
    return [*lines, ""]


def to_markdown(out: dict[str, object]) -> str:
    head = "| set | n | metric | value | warned |\n|---|---:|---|---:|---:|"
    public = out["public"]
    assert isinstance(public, list)
    eu, eb = out["eval_unsafe"], out["eval_benign"]
    assert isinstance(eu, Result) and isinstance(eb, Result)
    lines = [
        "# Screening evaluation",
        "",
        f"Generated by `python3 bench/eval_screen.py --write-docs` (policy `{out['policy']}`, "
        f"digest `{str(out['digest'])[:16]}…`, {out['people']} people: built-in pack + the 41-person seed).",
        "A prompt counts as **flagged** when the action is `review` or `block`; `warn` is reported",
        "separately and does not count as a false positive (the CLI exits 0 on warn).",
        "Recall on unsafe rows = flagged share; false-positive rate on benign rows = flagged share.",
        "A blind set is measured once with `python3 bench/eval_blind.py BLIND.jsonl` (recall and",
        "false-positive rate overall, per language and per category); its results are kept in",
        "[evaluation-blind.md](evaluation-blind.md), which this generated page never overwrites;",
        "the newest blind measurement is copied below, first, because it is the one that counts.",
        "",
        *latest_blind_section(),
        "## Labelled set (`tests/data/screen_eval.jsonl`)",
        "",
        "This set, like every development set and every measured blind set, is training data of the",
        "learned second opinion (`scripts/train_screen_model.py`): its figures show fit, not",
        "generalisation. Generalisation is what the blind set above measures.",
        "",
        head,
        _line(eu),
        _line(eb),
        "",
        "Targets: recall ≥ 0.95, false-positive rate ≤ 0.02 (asserted by `tests/test_screen_eval.py`).",
        "",
        "### Per category",
        "",
        head,
        *(_line(r) for r in out["eval_cat"]),  # type: ignore[attr-defined]
        "",
        "### Per language",
        "",
        head,
        *(_line(r) for r in out["eval_lang"]),  # type: ignore[attr-defined]
        "",
        "## Public sets (`../shared/fixtures/prompts`)",
        "",
        head,
        *(_line(r) for r in public),
        "",
        "How to read the public rows:",
        "- COCO, PartiPrompts, UCE and the Ring-A-Bell twins are benign: the value is the",
        "  false-positive rate (target ≤ 0.5% on COCO-10k, ≤ 2% elsewhere).",
        "- *I2P rows naming a seed person* are selected by a plain word match on the seed's English",
        "  names, independent of the engine. *person found* is the recall of the person signal;",
        "  *flagged* is the share the standard policy sends to review/block. Many of these rows are",
        '  art-style portraits ("portrait of X by greg rutkowski") which the policy deliberately lets',
        "  through: I2P's labels describe generated images, not prompt intent.",
        "- *I2P nudity / illegal subsets* carry image-outcome labels (SOURCES.md): many rows are",
        "  innocuous text, so the value (any category, including `warn`) is a lower bound on what a",
        "  text screen can do, not a target.",
        "",
    ]
    misses = [(m, r.name) for r in [eu, eb] for m in r.misses]
    if misses:
        lines += [
            "## Misses on the labelled set",
            "",
            "| set | id | prompt | explanation |",
            "|---|---|---|---|",
        ]
        for (rid, prompt, expl), name in misses[:60]:
            lines.append(
                f"| {name} | {rid} | {prompt.replace('|', '/')[:90]} | {expl.replace('|', '/')[:110]} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policy", default="standard")
    ap.add_argument("--write-docs", action="store_true", help="write docs/evaluation.md")
    ap.add_argument("--show-misses", type=int, default=0)
    args = ap.parse_args()
    t0 = time.perf_counter()
    out = run(args.policy)
    md = to_markdown(out)
    print(md)
    for r in [*out["public"], out["eval_unsafe"], out["eval_benign"]]:  # type: ignore[misc]
        for m in r.misses[: args.show_misses]:
            print("MISS", r.name, *m, sep=" | ", file=sys.stderr)
    print(f"evaluated in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    if args.write_docs:
        (REPO / "docs" / "evaluation.md").write_text(md, encoding="utf-8")
    counts = Counter(r.unsafe for r in load_eval_set())
    return 0 if counts else 1


if __name__ == "__main__":
    raise SystemExit(main())
