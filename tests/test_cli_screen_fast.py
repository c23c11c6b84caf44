"""``provguard screen`` without Typer: the same stdout, stderr and exit code as the Typer command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from provguard.cli.screen_fast import parse

PROBE = """
import json, sys
import provguard.cli.screen_fast as fast
fast.ENABLED = {enabled}
from provguard.cli.main import run
code = 0
try:
    run(json.loads(sys.argv[1]))
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\nTYPER " + json.dumps("typer" in sys.modules) + "\\n")
sys.exit(code)
"""


def test_parse_takes_plain_command_lines() -> None:
    assert parse(["a cat"]) == {"prompt": "a cat"}
    assert parse(["-f", "json", "a cat", "--policy", "strict", "--no-audit", "--team", "t"]) == {
        "format": "json", "prompt": "a cat", "policy": "strict", "audit": False, "team": "t"
    }
    assert parse(["--input", "-"]) == {"input": "-"}
    assert parse(["-i", "p.jsonl", "--format", "jsonl", "--audit"]) == {
        "input": "p.jsonl", "format": "jsonl", "audit": True
    }
    assert parse(["x", "--image", "i.png", "--context", "c.jsonl"]) == {
        "prompt": "x", "image": "i.png", "context": "c.jsonl"
    }


@pytest.mark.parametrize(
    "args",
    [
        [], ["--help"], ["a", "--help"], ["--", "a"], ["-x"], ["--format=json", "a"], ["-fjson", "a"],
        ["a", "b"], ["a", "-f", "json", "-f", "table"], ["a", "--audit", "--no-audit"], ["a", "-f", "yaml"],
        ["a", "-f"], ["a", "--policy", "-p"], ["-i", "x.jsonl", "a"], ["-a"], ["--audit"],
    ],
)
def test_parse_leaves_everything_else_to_typer(args: list[str]) -> None:
    assert parse(args) is None


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("fast-data")
    e = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    e["PROVGUARD_DATA_DIR"] = str(data)
    return e


def _run(args: list[str], env: dict[str, str], enabled: bool, stdin: str = "") -> tuple[int, str, str, bool]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(enabled=enabled), json.dumps(args)],
        input=stdin, capture_output=True, text=True, env=env, timeout=300, cwd=env["PROVGUARD_DATA_DIR"],
    )
    err, _, marker = proc.stderr.rpartition("\nTYPER ")
    return proc.returncode, proc.stdout, err, json.loads(marker)


def test_fast_path_answers_exactly_like_the_typer_command(env: dict[str, str], tmp_path: Path) -> None:
    prompts = tmp_path / "p.jsonl"
    prompts.write_text(
        '{"id": 1, "prompt": "a cat on a sofa"}\nnot json\n'
        '{"id": "b", "prompt": "photo of Xi Jinping being arrested"}\n'
        '{"prompt": "x", "image": "/nonexistent.png"}\n',
        encoding="utf-8",
    )
    context = tmp_path / "c.jsonl"
    context.write_text('"Xi Jinping at a rally"\n', encoding="utf-8")
    cases: list[tuple[list[str], str]] = [
        (["screen", "a cat on a sofa"], ""),
        (["screen", "photo of Xi Jinping being arrested", "-f", "json"], ""),
        (["screen", "realistic photo of Elon Musk kissing Taylor Swift", "--format", "jsonl", "-p", "strict"],
         ""),
        (["screen", "arrested, photo", "--context", str(context), "-f", "json", "--no-audit"], ""),
        (["screen", "--input", str(prompts)], ""),
        (["screen", "-i", "-", "-f", "json"], prompts.read_text(encoding="utf-8")),
        (["screen", "a cat", "--image", str(tmp_path / "missing.png")], ""),
        (["screen", "a cat", "--policy", "no-such-profile"], ""),
        (["screen", "--input", str(tmp_path / "missing.jsonl")], ""),
    ]
    _run(cases[0][0], env, True)  # compiles and writes the cache
    codes = []
    for args, stdin in cases:
        fast = _run(args, env, True, stdin)
        slow = _run(args, env, False, stdin)
        assert fast[:3] == slow[:3], args
        assert slow[3] is True
        if fast[0] in (0, 1):  # an error message is written by typer.echo, imported for it
            assert fast[3] is False, args  # the fast path ran without Typer
        codes.append(fast[0])
    assert codes == [0, 1, 1, 1, 3, 3, 3, 2, 3]
