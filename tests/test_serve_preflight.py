"""`provguard serve` checks its audit store before it claims to serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path


def test_unreachable_database_is_one_clear_error(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    env["PROVGUARD_DATA_DIR"] = str(tmp_path)
    r = subprocess.run(
        [sys.executable, "-m", "provguard.cli", "serve", "--port", "18999",
         "--db", f"postgresql://postgres@127.0.0.1:{port}/x"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert r.returncode == 3, r.stderr
    assert "cannot connect to the audit database" in r.stderr
    assert "serving on" not in r.stderr and "Traceback" not in r.stderr
