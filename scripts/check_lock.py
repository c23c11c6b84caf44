"""Fail when the running environment drifts from requirements/lock.txt.

Why: CI must behave like a new machine. Every locked package must be installed at exactly its locked
version, and nothing else may be present beyond the project itself and the venv's own tools, so a package
installed by hand (or a missing pin) cannot make the suite pass here and fail elsewhere.
Run with the environment's interpreter: .venv-ci/bin/python scripts/check_lock.py
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements" / "lock.txt"
ALLOWED_EXTRA = {"provguard", "pip", "setuptools", "wheel"}  # the project and the venv's own tools


def canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(text: str) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)", line)
        if m:
            pins[canon(m.group(1))] = m.group(2)
    return pins


def main() -> int:
    pins = locked(LOCK.read_text(encoding="utf-8"))
    installed = {canon(d.metadata["Name"]): d.version for d in metadata.distributions()}
    problems = [f"{n}: locked {v}, installed {installed.get(n, 'nothing')}"
                for n, v in sorted(pins.items()) if installed.get(n) != v]
    problems += [f"{n}=={v}: installed but not in the lock" for n, v in sorted(installed.items())
                 if n not in pins and n not in ALLOWED_EXTRA]
    if problems:
        print(f"environment drifts from {LOCK.name} (refresh with scripts/lock):", file=sys.stderr)
        print("\n".join("  " + p for p in problems), file=sys.stderr)
        return 1
    print(f"environment matches {LOCK.name}: {len(pins)} packages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
