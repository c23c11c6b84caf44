"""The package installs with the layout the README promises."""

from __future__ import annotations

import importlib
import subprocess
import sys


def test_front_ends_install_under_provguard_namespace() -> None:
    for name in ("provguard", "provguard.cli.main", "provguard.service", "provguard.rules"):
        importlib.import_module(name)
    for stray in ("cli", "service", "rules"):
        spec = importlib.util.find_spec(stray)
        assert spec is None or "provguard" in (spec.origin or ""), f"top-level package {stray!r} installed"


def test_console_script_prints_help() -> None:
    out = subprocess.run([sys.executable, "-m", "provguard.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "provguard" in out.stdout.lower()
