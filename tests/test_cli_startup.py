"""CLI conventions: lazy command loading (module-set checks, not timings), --version, clean help."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version

import pytest

from provguard.cli.main import COMMANDS, load_command

PROBE = """
import json, sys
from provguard.cli.main import run
try:
    run(json.loads(sys.argv[1]))
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""

#: Never needed to print help or the version, nor to screen a prompt.
HEAVY = ("numpy", "c2pa", "PIL", "pywt", "exifread", "fastapi", "uvicorn", "starlette", "psycopg",
         "openai", "httpx", "provguard.provenance", "provguard.audit", "provguard.tenancy",
         "provguard.service", "provguard.gateway")
#: Additionally not needed before a command runs.
STARTUP_HEAVY = (*HEAVY, "cryptography", "rich", "provguard.screen", "provguard.config", "yaml",
                 "pydantic_settings", "ahocorasick")


def loaded_modules(args: list[str]) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                          timeout=120)
    marker = proc.stderr.rsplit("MODULES ", 1)
    assert len(marker) == 2, proc.stderr
    return set(json.loads(marker[1])), proc


def _hits(modules: set[str], banned: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules for b in banned if m == b or m.startswith(b + "."))


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["screen", "--help"], []])
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    modules, proc = loaded_modules(args)
    assert _hits(modules, STARTUP_HEAVY) == [], proc.stdout


def test_screening_a_prompt_loads_only_the_screening_engine() -> None:
    modules, proc = loaded_modules(["screen", "a lighthouse at dawn", "--format", "json"])
    assert json.loads(proc.stdout)["action"] == "allow"
    assert "provguard.screen" in modules
    assert _hits(modules, HEAVY) == []
    # the environment is read without pydantic-settings (which imports asyncio and python-dotenv)
    assert _hits(modules, ("pydantic_settings", "dotenv", "asyncio")) == [], proc.stdout
    # plain flags run without Typer (cli/screen_fast.py); JSON output needs no rich
    assert _hits(modules, ("typer", "click", "rich")) == [], proc.stdout


def test_the_screen_table_of_a_plain_prompt_needs_no_rich() -> None:
    modules, proc = loaded_modules(["screen", "a lighthouse at dawn"])
    assert proc.stdout.split()[:2] == ["action", "categories"], proc.stdout
    assert _hits(modules, ("typer", "click", "rich")) == [], proc.stdout


def test_version() -> None:
    proc = subprocess.run([sys.executable, "-m", "provguard.cli", "--version"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == f"provguard {version('provguard')}"


HELP_PAGES = [["--help"], ["inspect", "--help"], ["screen", "--help"], ["audit", "--help"],
              ["trust", "add", "--help"], ["serve", "--help"]]


@pytest.mark.parametrize("args", HELP_PAGES)
def test_help_shows_no_type_placeholders_on_flags(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "provguard.cli", *args], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "<bool>" not in proc.stdout
    assert "--help" in proc.stdout and "Show this message and exit." in proc.stdout


def test_every_listed_command_loads_with_the_help_it_advertises() -> None:
    names = [e.name for e in COMMANDS]
    assert len(names) == len(set(names))
    for entry in COMMANDS:
        command = load_command(entry)
        first = " ".join((command.help or "").split("\n\n")[0].split())
        assert command.name == entry.name
        assert first == entry.help, f"COMMANDS help of {entry.name!r} drifted from its module"


def test_unknown_command_is_a_usage_error_with_a_suggestion() -> None:
    proc = subprocess.run([sys.executable, "-m", "provguard.cli", "scren", "x"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and "Did you mean 'screen'" in proc.stderr
