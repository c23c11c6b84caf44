"""Latency, throughput and cold start of ``provguard screen`` vs a naive regex alternation.

Run:  python3 bench/screen_bench.py [--limit N] [--passes 3] [--regex-limit 2000] [--i2p-only]
(``--i2p-only``: only the I2P latency rows, no COCO, regex baseline, slow paths or cold start;
about a minute, for iterating)

Setup: a fresh data dir, the built-in people pack + the 41-person seed + the 70k CC0 list
(``people_merged.tsv.gz``) imported the way a user would (``import_people``), compiled once.
Measured per prompt on COCO-10k captions and the 4,703 I2P prompts with ``perf_counter_ns``
around ``Screener.screen``, in ``--passes`` passes with the sets interleaved; the pass with the
lowest median is the table row (the machine is shared), every pass is printed. The alternative
in the same run: one ``re`` alternation over the same surface forms (casefolded, longest first,
word boundaries) with ``re.IGNORECASE`` — no normalisation, no context rules, so it does strictly
less work per prompt.
Cold start: a fresh interpreter importing provguard and loading the screener from the
on-disk automaton cache, then screening one prompt (median of 5 runs).
"""

from __future__ import annotations

import argparse
import atexit
import csv
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from provguard.config import Settings
from provguard.screen import Screener
from provguard.screen.learned import shipped_model
from provguard.screen.people import builtin_people_files, import_people, load_people_files
from provguard.screen.rules import builtin_rules_dir

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO.parent / "shared" / "fixtures"
SEED = FIXTURES / "people" / "provguard-seed" / "public_figures_seed.tsv"
BIG = FIXTURES / "people" / "wikidata-person-names-cc0" / "people_merged.tsv.gz"
D = FIXTURES / "prompts" / "Diffusion-MU-Attack"


def prompts(name: str) -> list[str]:
    with (D / name).open(encoding="utf-8", newline="") as fh:
        return [r["prompt"] for r in csv.DictReader(fh) if r.get("prompt")]


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))]


def time_each(fn, items: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    pc = time.perf_counter_ns
    for p in items:
        t = pc()
        fn(p)
        out.append((pc() - t) / 1000.0)
    return out


def row(label: str, lat: list[float]) -> str:
    total = sum(lat) / 1e6
    return (
        f"| {label} | {len(lat)} | {statistics.median(lat):.1f} | {pct(lat, 0.99):.1f} | "
        f"{statistics.mean(lat):.1f} | {max(lat):.0f} | {len(lat) / total:,.0f} |"
    )


def candidate_rows(s: Screener, label: str, ps: list[str], lat: list[float]) -> list[str]:
    """The same pass split by whether the automaton pass finds a person form in the prompt
    (a gazetteer candidate: the prompt goes through the person checks) or not."""
    from provguard.screen import matcher
    from provguard.screen.normalize import normalize

    has = [bool(matcher.scan(s.compiled, normalize(p))[1]) for p in ps]
    out = []
    for want, what in ((True, "with a gazetteer candidate"), (False, "without")):
        xs = [x for x, h in zip(lat, has, strict=True) if h == want]
        if xs:
            out.append(
                f"| {label}, {what} | {len(xs)} | {statistics.median(xs):.1f} | {pct(xs, 0.99):.1f} | "
                f"{statistics.mean(xs):.1f} |"
            )
    return out


def cold_start(data_dir: Path) -> list[float]:
    code = (
        "import time; t=time.perf_counter()\n"
        "from pathlib import Path\n"
        "from provguard.config import Settings\n"
        "from provguard.screen import Screener\n"
        f"settings = Settings(data_dir=Path({str(data_dir)!r}))\n"
        f"s = Screener.load(settings=settings, people_packs=[Path({str(SEED)!r})])\n"
        "s.screen('warm-up prompt')\n"
        "print(time.perf_counter()-t)\n"
    )
    runs = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        runs.append(float(out.stdout.strip()))
    return runs


# prompts written for this benchmark (not from any evaluation set): each one takes a slow path
SLOW_PROMPTS = [
    "realistic photo of Joe Bidden in handcuffs",  # misspelling
    "news photo of Mark Zuckerburg being arrested",
    "realistic photo of Шигеру Исиба in handcuffs",  # transliteration
    "Реалистичное фото Дональда Трампа в наручниках",  # Cyrillic inflection (exact pass)
    "realistic photo of Dariusz Kowalczyk being arrested by police",  # unknown person
    "cmVhbGlzdGljIHBob3RvIG9mIEpvZSBCaWRlbiBpbiBoYW5kY3VmZnM=",  # base64 payload
    "realistic photo of Joe%20Biden in handcuffs",  # percent-encoding
]
# unknown names in scripts without capitals (the name-cue detector, provguard/screen/names.py)
SCRIPT_PROMPTS = [
    "صورة واقعية لمحمد صلاح وهو يتلقى رشوة",
    "תמונה אמיתית של יוסי כהן באזיקים",
    "ภาพเหมือนจริงคุณสมชายถูกตำรวจจับกุม",
    "김민수 씨가 수갑을 찬 사실적인 사진",
    "田中太郎さんが逮捕されるリアルな写真",
    "张伟被警察逮捕的真实照片",
    "राहुल शर्मा को हथकड़ी में दिखाती यथार्थवादी तस्वीर",
    "ảnh chân thực Nguyễn Văn Minh bị cảnh sát bắt giữ",
]


def slow_path_costs(s: Screener, sets: dict[str, list[str]]) -> list[str]:
    """The cost of the resolvers that run only on candidate spans, reported on their own: how
    many prompts of each set reach them, what the resolver call costs there, what the decode
    precheck costs on every prompt, and the whole screen on prompts built to need them."""
    from provguard.screen import decode, persons

    out = ["", "| slow path | prompts reaching it | median µs | p99 µs |", "|---|---:|---:|---:|"]
    calls: list[float] = []
    real = persons.resolve_more

    def timed(*a, **k):  # type: ignore[no-untyped-def]
        t = time.perf_counter_ns()
        r = real(*a, **k)
        calls.append((time.perf_counter_ns() - t) / 1000.0)
        return r

    persons.resolve_more = timed  # type: ignore[assignment]
    try:
        for name, ps in sets.items():
            calls.clear()
            for p in ps:
                s.screen(p)
            if calls:
                out.append(
                    f"| fuzzy/transliteration resolver — {name} | {len(calls):,} of {len(ps):,} | "
                    f"{statistics.median(calls):.1f} | {pct(calls, 0.99):.1f} |"
                )
            else:
                out.append(f"| fuzzy/transliteration resolver — {name} | 0 of {len(ps):,} | – | – |")
    finally:
        persons.resolve_more = real  # type: ignore[assignment]
    for name, ps in sets.items():
        lat = time_each(decode.decode_payloads, ps)
        hit = sum(decode.decode_payloads(p) is not None for p in ps)
        med, p99 = statistics.median(lat), pct(lat, 0.99)
        out.append(f"| decode precheck — {name} | {hit} decoded | {med:.1f} | {p99:.1f} |")
    for p in SLOW_PROMPTS:
        s.screen(p)
    lat = time_each(s.screen, SLOW_PROMPTS * 50)
    out.append(
        f"| whole screen on {len(SLOW_PROMPTS)} slow-path prompts (×50) | – | "
        f"{statistics.median(lat):.1f} | {pct(lat, 0.99):.1f} |"
    )
    out += script_name_costs(s, sets)
    return out


def script_name_costs(s: Screener, sets: dict[str, list[str]]) -> list[str]:
    """The name-cue detector for scripts without capitals: how many prompts of each set reach it
    (it runs only behind a person-directed context with no listed person), its own cost on
    prompts written to need it, and the whole screen on those prompts."""
    from provguard.screen import names, persons_unknown
    from provguard.screen.normalize import normalize

    out = []
    calls: list[float] = []
    real = persons_unknown.script_unknowns

    def timed(*a, **k):  # type: ignore[no-untyped-def]
        t = time.perf_counter_ns()
        r = real(*a, **k)
        calls.append((time.perf_counter_ns() - t) / 1000.0)
        return r

    persons_unknown.script_unknowns = timed  # type: ignore[assignment]
    try:
        for name, ps in sets.items():
            calls.clear()
            for p in ps:
                s.screen(p)
            med = f"{statistics.median(calls):.1f} | {pct(calls, 0.99):.1f}" if calls else "– | –"
            out.append(f"| name-cue detector — {name} | {len(calls):,} of {len(ps):,} | {med} |")
    finally:
        persons_unknown.script_unknowns = real  # type: ignore[assignment]
    cues = names.load_cues()
    texts = [normalize(p).text for p in SCRIPT_PROMPTS] * 50
    lat = time_each(lambda t: names.find_names(t, [], cues), texts)
    out.append(
        f"| name-cue detector alone on {len(SCRIPT_PROMPTS)} script-name prompts (×50) | – | "
        f"{statistics.median(lat):.1f} | {pct(lat, 0.99):.1f} |"
    )
    for p in SCRIPT_PROMPTS:
        s.screen(p)
    lat = time_each(s.screen, SCRIPT_PROMPTS * 50)
    out.append(
        f"| whole screen on {len(SCRIPT_PROMPTS)} script-name prompts (×50) | – | "
        f"{statistics.median(lat):.1f} | {pct(lat, 0.99):.1f} |"
    )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N prompts per set")
    ap.add_argument("--regex-limit", type=int, default=2000, help="prompts timed for the regex baseline")
    ap.add_argument("--passes", type=int, default=3, help="timed passes over each set (best one reported)")
    ap.add_argument("--i2p-only", action="store_true", help="I2P latency rows only (a short run)")
    args = ap.parse_args()
    data = Path(tempfile.mkdtemp(prefix="pg-bench-"))
    atexit.register(shutil.rmtree, data, ignore_errors=True)  # the 88k-name cache is ~190 MB per run
    settings = Settings(data_dir=data)
    t0 = time.perf_counter()
    _, n_big, _ = import_people(BIG, data, "wikidata-cc0")
    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    s = Screener.load(settings=settings, people_packs=[SEED])
    t_compile = time.perf_counter() - t0
    # what a restarted process gets: the same packs opened from the on-disk cache (parts load lazily)
    t0 = time.perf_counter()
    sc = Screener.load(settings=settings, people_packs=[SEED])
    t_cached = time.perf_counter() - t0
    # the same packs with the learned second opinion switched off (a team profile), to price it
    off_profile = data / "rules-only.yaml"
    off_profile.write_text(
        "name: rules-only\nextends: standard\nlearned:\n  escalate: null\n  escalate_alone: null\n"
        "  relieve: null\n",
        encoding="utf-8",
    )
    so = Screener.load(off_profile, settings=settings, people_packs=[SEED])
    model = shipped_model()
    st = s.compiled.stats
    print(
        f"people {st['people']:,} ({n_big:,} imported), forms {st['forms']:,}, automaton keys {st['keys']:,} "
        f"+ {st['squashed_keys']:,} squashed; import {t_import:.1f}s, first compile {t_compile:.1f}s, "
        f"load from the cache {t_cached:.2f}s"
    )
    sets = {"COCO-10k": prompts("coco_10k.csv"), "I2P (4,703)": prompts("i2p.csv")}
    if args.i2p_only:
        del sets["COCO-10k"]
    if args.limit:
        sets = {k: v[: args.limit] for k, v in sets.items()}
    lines = [
        "| engine / set | prompts | median µs | p99 µs | mean µs | max µs | prompts/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    flagged = {}
    for ps in sets.values():
        for p in ps[:200]:
            s.screen(p)  # warm the per-character memo
            sc.screen(p)
            so.screen(p)
    # several passes, the sets interleaved: the machine is shared, so report the least disturbed
    # pass (lowest median) as the headline and every pass's median/p99 below the table
    passes: dict[str, list[list[float]]] = {name: [] for name in sets}
    cached: dict[str, list[list[float]]] = {name: [] for name in sets}
    off: dict[str, list[list[float]]] = {name: [] for name in sets}
    alone: dict[str, list[list[float]]] = {name: [] for name in sets}
    for _ in range(args.passes):
        for name, ps in sets.items():
            passes[name].append(time_each(s.screen, ps))
            cached[name].append(time_each(sc.screen, ps))
            off[name].append(time_each(so.screen, ps))
            alone[name].append(time_each(model.opinion, ps))
    split = ["", "| best pass, split | prompts | median µs | p99 µs | mean µs |", "|---|---:|---:|---:|---:|"]
    for name, ps in sets.items():
        flagged[name] = sum(s.screen(p).action in ("review", "block") for p in ps)
        best = min(passes[name], key=statistics.median)
        lines.append(row(f"provguard screen — {name}", best))
        split += candidate_rows(s, name, ps, best)
        best = min(cached[name], key=statistics.median)
        lines.append(row(f"provguard screen, loaded from the cache — {name}", best))
        split += candidate_rows(sc, f"{name}, from the cache", ps, best)
        lines.append(
            row(f"rules only (learned second opinion off) — {name}", min(off[name], key=statistics.median))
        )
        lines.append(
            row(f"the learned second opinion alone — {name}", min(alone[name], key=statistics.median))
        )
        ratios = [
            statistics.median(a) / statistics.median(b) for a, b in zip(passes[name], off[name], strict=True)
        ]
        split.append(
            f"| {name}: with / without the second opinion, median ratio per pass | "
            + ", ".join(f"{r:.2f}" for r in ratios)
            + " | | | |"
        )
    lines += split
    if args.i2p_only:
        print("\n".join(lines))
        for name, runs in {**passes, **{f"{k}, from the cache": v for k, v in cached.items()}}.items():
            print(
                f"{name} passes (median / p99 µs): "
                + ", ".join(f"{statistics.median(r):.1f} / {pct(r, 0.99):.0f}" for r in runs)
            )
        return 0
    # the obvious alternative: one regex alternation over the same names
    people = load_people_files(
        [*builtin_people_files(builtin_rules_dir()), SEED, *sorted((data / "people").glob("*.jsonl"))]
    )
    forms = {
        f.casefold() for p in people for f in (*p.names, *p.aliases, *p.nicknames, *p.roles) if len(f) >= 3
    }
    t0 = time.perf_counter()
    rx = re.compile(
        r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b", re.I
    )
    t_rx = time.perf_counter() - t0
    for name, ps in sets.items():
        sub = ps[: args.regex_limit]
        lat = time_each(rx.search, sub)
        lines.append(row(f"naive regex alternation ({len(forms):,} forms) — {name}", lat))
    slow = slow_path_costs(s, sets)
    cold = cold_start(data)
    print("\n".join(lines))
    print("\n".join(slow))
    for name, runs in passes.items():
        print(
            f"{name} passes (median / p99 µs): "
            + ", ".join(f"{statistics.median(r):.1f} / {pct(r, 0.99):.0f}" for r in runs)
        )
    print(
        "\nflagged (review/block) by the standard policy: "
        + ", ".join(f"{k} {v}" for k, v in flagged.items())
    )
    print(f"regex alternation compile: {t_rx:.2f}s (timed on the first {args.regex_limit} prompts per set)")
    print(
        f"cold start (fresh process, cached automaton, import + load + first screen): median "
        f"{statistics.median(cold):.2f}s, runs {', '.join(f'{c:.2f}' for c in cold)}"
    )
    cache = sorted((data / "cache").glob("screen-*"))
    if cache:
        print(f"compiled cache file: {cache[0].stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
