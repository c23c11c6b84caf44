"""The package installs with the layout the README promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import importlib, importlib.util, json
mods = {}
for name in ("provguard", "provguard.cli.main", "provguard.service", "provguard.rules"):
    mods[name] = importlib.import_module(name).__name__
stray = [n for n in ("cli", "service", "rules") if importlib.util.find_spec(n) is not None]
print(json.dumps({"mods": mods, "stray": stray}))
"""


def test_front_ends_install_under_provguard_namespace(tmp_path: Path) -> None:
    # Run outside the checkout so only what is installed is importable (not ./cli, ./service).
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert '"stray": []' in out.stdout, f"top-level front-end packages installed: {out.stdout}"


def test_console_script_prints_help(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "provguard.cli", "--help"], capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    for command in ("inspect", "screen", "audit", "serve", "keys", "rules", "people"):
        assert command in out.stdout
