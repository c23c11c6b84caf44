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


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVGUARD_")}
    env["PROVGUARD_DATA_DIR"] = str(tmp_path)
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_taken_port_is_said_plainly(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = subprocess.run([sys.executable, "-m", "provguard.cli", "serve", "--port", str(port)],
                           capture_output=True, text=True, env=_env(tmp_path), timeout=120)
    assert r.returncode == 3
    assert f"port {port} on 127.0.0.1 is already in use" in r.stderr
    assert "--port" in r.stderr and "{" not in r.stderr and "Traceback" not in r.stderr


def _serve_until_ready(env: dict[str, str], *args: str) -> list[str]:
    """Start `provguard serve`, wait for uvicorn to listen, stop it with SIGINT; all stderr lines."""
    import signal
    import time

    cmd = [sys.executable, "-m", "provguard.cli", "serve", "--port", str(_free_port()), *args]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    lines: list[str] = []
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if "Uvicorn running on" in line:
                break
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=60)
        lines += rest.splitlines()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert any("Uvicorn running on" in x for x in lines), lines
    return lines


def test_logs_are_json_when_piped_without_colour_codes_and_name_the_missing_upstream(tmp_path: Path) -> None:
    import json

    lines = _serve_until_ready(_env(tmp_path))
    records = [json.loads(x) for x in lines if x.startswith("{")]
    assert len(records) >= 3 and all("color_message" not in r for r in records)
    assert not any("\x1b" in x for x in lines)
    upstream = [r for r in records if r.get("event") == "serve.upstream"]
    assert len(upstream) == 1 and upstream[0]["upstream"] is None and upstream[0]["level"] == "warning"
    assert "PROVGUARD_UPSTREAM_BASE_URL" in upstream[0]["message"]
    assert "refused at once" in upstream[0]["message"]


def test_human_logs_on_request_and_the_upstream_in_use(tmp_path: Path) -> None:
    env = _env(tmp_path, PROVGUARD_UPSTREAM_BASE_URL="http://gen:s3cret@127.0.0.1:9/v1",
               PROVGUARD_LOG_FORMAT="json")
    lines = _serve_until_ready(env, "--log-format", "human")  # the flag wins over the variable
    assert not any(x.startswith("{") for x in lines)
    assert any(" INFO " in x and "Uvicorn running on" in x for x in lines)
    named = [x for x in lines if "upstream image generator: http://gen:***@127.0.0.1:9/v1" in x]
    assert len(named) == 1 and "s3cret" not in "\n".join(lines)
