"""CLI start-up: lazy command loading, and the screener's compiled-form cache.

Part 1: each case runs ``provguard <args>`` as a fresh process, two ways in the same run,
interleaved: ``lazy`` is the shipped CLI; ``eager`` first imports every module in COMMANDS, which
is what the CLI did before commands were loaded lazily. Reports median and p90 wall time and peak
RSS.

Part 2 (``screen PROMPT``, ``--help``, ``--version``): this tree against the previous approach in
the same run, interleaved: the tree at ``--baseline`` (default: the commit before the key table and
the Typer-free ``screen``; it unpickled the ASCII automaton and imported Typer for every screen),
exported with ``git archive`` and imported first on ``PYTHONPATH``; and, for ``screen``, this tree
with both switches off (``screen_fast.ENABLED = False``, ``compiled.TABLE_BUDGET = 0``). Each
variant gets its own fresh data dir (built-in rules and people). Warm: the cache exists (median
of ``--runs``). Cold: the cache dir is deleted before each run, so the run compiles and writes it
(median of ``--cold-runs``). The variants' ``screen`` outputs are compared byte for byte.

    python bench/cli_startup_bench.py [--runs 15] [--cold-runs 3] [--baseline REV] [--only-screen]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASELINE = "b092e99"  # before the key table and the Typer-free screen
PROMPT = "a cat on a sofa"
CWD = tempfile.gettempdir()  # not the checkout: ``python -c`` puts the cwd first on sys.path

CASES: list[tuple[str, list[str] | None]] = [
    ("python -c pass (the interpreter alone)", None),
    ("provguard --help", ["--help"]),
    ("provguard --version", ["--version"]),
    ("provguard screen --help", ["screen", "--help"]),
    ("provguard screen 'a lighthouse at dawn'", ["screen", "a lighthouse at dawn", "--format", "json"]),
    ("provguard inspect --help", ["inspect", "--help"]),
]

# a user's Python writes .pyc files (pip compiles them at install, or the first run does); a shell
# that sets PYTHONDONTWRITEBYTECODE would make every run recompile the edited modules from source
_NO_BYTECODE = ("PYTHONDONTWRITEBYTECODE",)

CODE = """
import importlib, sys
{setup}
from provguard.cli.main import COMMANDS, run
if {eager}:
    for entry in COMMANDS:
        importlib.import_module(entry.module)
try:
    run({args!r})
except SystemExit:
    pass
"""


def run_once(
    args: list[str] | None, eager: bool, env: dict[str, str] | None = None
) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process (``args=None``: an empty interpreter)."""
    t, rss, _ = run_timed(args, eager, env)
    return t, rss


def run_timed(
    args: list[str] | None, eager: bool, env: dict[str, str] | None = None, setup: str = ""
) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one child process.

    CPU time is what a busy machine inflates least: wall time also counts waiting for a core."""
    env = env or {k: v for k, v in os.environ.items() if k not in ("PROVGUARD_DB", *_NO_BYTECODE)}
    code = "pass" if args is None else CODE.format(eager=eager, args=args, setup=setup)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=CWD,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def p90(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(round(0.9 * len(xs))) - 1)]


def export_baseline(rev: str, dest: Path) -> Path:
    """``git archive`` of ``rev`` laid out as an importable ``provguard`` package (cli, service and
    rules linked in where the installed package maps them)."""
    src = dest / "src"
    src.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, "provguard", "cli", "service", "rules"],
        check=True, capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    for name in ("cli", "service", "rules"):
        (src / "provguard" / name).symlink_to(src / name, target_is_directory=True)
    return src


def screen_env(data_dir: Path, pythonpath: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PROVGUARD_") and k not in ("PYTHONPATH", *_NO_BYTECODE)}
    env["PROVGUARD_DATA_DIR"] = str(data_dir)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def screen_output(env: dict[str, str], setup: str) -> tuple[str, str]:
    code = "import provguard, sys; print(provguard.__file__, file=sys.stderr); " + CODE.format(
        eager=False, args=["screen", PROMPT], setup=setup
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=CWD)
    return proc.stdout, proc.stderr.strip().splitlines()[0]


SWITCHES_OFF = (
    "import provguard.cli.screen_fast as _f, provguard.screen.compiled as _c; "
    "_f.ENABLED = False; _c.TABLE_BUDGET = 0"
)


def screen_cases(ns: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="pg-startup-bench-"))
    try:
        base_src = export_baseline(ns.baseline, tmp / "baseline")
        # name -> (env, setup code run before the CLI is imported, for `screen` only)
        variants = {
            "this tree": (screen_env(tmp / "data-new", None), ""),
            "this tree, switches off": (screen_env(tmp / "data-off", None), SWITCHES_OFF),
            f"baseline {ns.baseline}": (screen_env(tmp / "data-base", base_src), ""),
        }
        outputs = {}
        for name, (env, setup) in variants.items():
            t0 = time.perf_counter()
            out, where = screen_output(env, setup)  # compiles and writes the cache
            print(f"{name}: provguard from {where}; first (cold) run {time.perf_counter() - t0:.1f} s")
            outputs[name] = out
        # the decision must match; the footer's policy digest differs whenever the rules changed
        decisions = {name: "\n".join(x for x in out.splitlines() if not x.startswith("policy "))
                     for name, out in outputs.items()}
        same = len(set(decisions.values())) == 1
        print(f"screen decisions identical: {same}\n")
        cases = [
            (f"screen '{PROMPT}'", ["screen", PROMPT]), ("--help", ["--help"]), ("--version", ["--version"])
        ]
        rows = []
        for label, args in cases:
            names = [n for n in variants if args[0] == "screen" or not variants[n][1]]
            warm: dict[str, list[float]] = {n: [] for n in names}
            cpu: dict[str, list[float]] = {n: [] for n in names}
            rss: dict[str, list[int]] = {n: [] for n in names}
            for _ in range(ns.runs):
                for name in names:
                    env, setup = variants[name]
                    t, r, c = run_timed(args, False, env, setup if args[0] == "screen" else "")
                    warm[name].append(t)
                    rss[name].append(r)
                    cpu[name].append(c)
            cold: dict[str, list[float]] = {n: [] for n in names}
            for _ in range(ns.cold_runs if args[0] == "screen" else 0):
                for name in names:
                    env, setup = variants[name]
                    shutil.rmtree(Path(env["PROVGUARD_DATA_DIR"]) / "cache", ignore_errors=True)
                    cold[name].append(run_timed(args, False, env, setup)[0])
            rows += [
                f"| `{label}` | {name} | {statistics.median(warm[name]) * 1000:.0f} ms "
                f"| {p90(warm[name]) * 1000:.0f} ms | {min(warm[name]) * 1000:.0f} ms "
                f"| {statistics.median(cpu[name]) * 1000:.0f} ms "
                f"| {f'{statistics.median(cold[name]):.2f} s' if cold[name] else '-'} "
                f"| {max(rss[name]) // 1024} MiB |"
                for name in names
            ]
        print(f"built-in rules and people, table output, {ns.runs} warm runs per row, "
              f"load average now {os.getloadavg()[0]:.1f}\n")
        print("| command | tree | wall median | wall p90 | wall min | CPU median | cold median | peak RSS |")
        print("|---|---|---|---|---|---|---|---|")
        print("\n".join(rows))
        if not same:
            raise SystemExit("the variants printed different results")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the previous approach")
    parser.add_argument("--only-screen", action="store_true", help="only part 2 (screen PROMPT)")
    ns = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}, CPUs: {os.cpu_count()}, runs: {ns.runs}\n")
    if not ns.only_screen:
        cli_cases(ns)
        print()
    screen_cases(ns)


def cli_cases(ns: argparse.Namespace) -> None:
    print("| command | lazy median | lazy p90 | eager median | eager p90 | speed-up "
          "| peak RSS lazy / eager |")
    print("|---|---|---|---|---|---|---|")
    for label, args in CASES:
        run_once(args, False)  # warm the page cache and the .pyc files
        run_once(args, True)
        times: dict[bool, list[float]] = {False: [], True: []}
        rss: dict[bool, list[int]] = {False: [], True: []}
        for _ in range(ns.runs):
            for eager in (False, True):
                t, r = run_once(args, eager)
                times[eager].append(t)
                rss[eager].append(r)

        lazy, eager_ = statistics.median(times[False]), statistics.median(times[True])
        if args is None:
            print(f"| `{label}` | {lazy * 1000:.0f} ms | {p90(times[False]) * 1000:.0f} ms | | | "
                  f"| {max(rss[False]) // 1024} MiB |")
            continue
        print(
            f"| `{label}` | {lazy * 1000:.0f} ms | {p90(times[False]) * 1000:.0f} ms "
            f"| {eager_ * 1000:.0f} ms "
            f"| {p90(times[True]) * 1000:.0f} ms | {eager_ / lazy:.1f}x "
            f"| {max(rss[False]) // 1024} / {max(rss[True]) // 1024} MiB |"
        )


if __name__ == "__main__":
    main()
