"""`provguard serve` as a user runs it: a subprocess, --workers 2, SQLite default, keys from the CLI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from provguard.audit import AuditLog
from tests.secrets_check import assert_key_absent, key_secret
from tests.test_service_harness import UPSTREAM_KEY
from tests.test_sign_chain import make_chain
from tests.upstream_server import UpstreamServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_service(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[str], str]:
    """Start `provguard serve` on a free port; retry on a fresh port if another process took it first."""
    for _ in range(3):
        try:
            return _start_once(env, *args)
        except PortTaken:
            continue
    raise RuntimeError("no free port after three tries")


class PortTaken(Exception):
    pass


def _start_once(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "provguard.cli", "serve", "--port", str(port), *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else ""
            if "in use" in err.lower():
                raise PortTaken(err)
            raise RuntimeError(f"serve exited: {err}")
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("serve did not become ready")


def stop(proc: subprocess.Popen[str]) -> str:
    """Stop the server; return everything it wrote (stderr, then stdout)."""
    proc.terminate()
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return err + out


@pytest.fixture()
def upstream() -> Iterator[UpstreamServer]:
    srv = UpstreamServer(api_key=UPSTREAM_KEY).start()
    yield srv
    srv.stop()


def serve_env(tmp: Path, upstream: UpstreamServer) -> dict[str, str]:
    chain = make_chain(tmp / "chain")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROVGUARD_", "PROMETHEUS_"))}
    env.update({
        "PROVGUARD_DATA_DIR": str(tmp / "data"), "PROVGUARD_UPSTREAM_BASE_URL": upstream.base_url,
        "PROVGUARD_UPSTREAM_API_KEY": UPSTREAM_KEY, "PROVGUARD_UPSTREAM_RETRIES": "0",
        "PROVGUARD_SIGNING_CERT": str(chain.cert_path), "PROVGUARD_SIGNING_KEY": str(chain.key_path),
    })
    return env


@pytest.mark.load
def test_serve_two_workers_sqlite_default(tmp_path: Path, upstream: UpstreamServer) -> None:
    env = serve_env(tmp_path, upstream)
    created = subprocess.run([sys.executable, "-m", "provguard.cli", "keys", "create", "--team", "acme"],
                             env=env, capture_output=True, text=True, check=True)
    key = created.stdout.strip()
    key_secret(key)  # the whole key is printed once, on stdout only
    assert_key_absent(key, {"keys create stderr": created.stderr})
    assert (tmp_path / "data" / "audit.sqlite3").exists()  # the default SQLite file in the data dir
    proc, url = start_service(env, "--workers", "2")
    try:
        auth = {"authorization": f"Bearer {key}"}
        with httpx.Client(base_url=url, headers=auth, timeout=30) as http:
            for i in range(40):
                r = http.post("/v1/screen", json={"prompt": f"a watercolor of a lighthouse, variant {i}"},
                              headers={"x-request-id": f"test-req-{i}"})
                assert r.status_code == 200 and r.headers["x-request-id"] == f"test-req-{i}"
            oa = openai.OpenAI(base_url=url + "/v1", api_key=key, max_retries=0)
            with pytest.raises(openai.BadRequestError):
                oa.images.generate(prompt="news photo of Joe Biden being arrested by police")
            assert oa.images.generate(prompt="a cat on a sofa").data
            metrics = http.get("/metrics").text
        # both workers' counters are aggregated (multiprocess mode)
        line = next(ln for ln in metrics.splitlines()
                    if ln.startswith('provguard_http_requests_total{') and 'route="/v1/screen"' in ln)
        assert float(line.rsplit(" ", 1)[1]) == 40.0
        assert 'provguard_screen_decisions_total{action="block"' in metrics
    finally:
        err = stop(proc)
    # keys never in logs (stdout, stderr, the access log: all captured streams) nor in the database
    assert_key_absent(key, {"serve output": err}, [tmp_path / "data" / "audit.sqlite3"])
    assert '"request_id": "test-req-3"' in err  # structured JSON access lines
    log = AuditLog.open(env_db(tmp_path), key_path=tmp_path / "data" / "audit_ed25519.pem")
    assert log.verify().ok
    assert len(log.query(team="acme", event_type="screen.decision", limit=1000)) == 40


def env_db(tmp: Path) -> str:
    return "sqlite:///" + str(tmp / "data" / "audit.sqlite3")


def test_serve_refuses_bad_config(tmp_path: Path) -> None:
    bad = tmp_path / "pg.yaml"
    bad.write_text("port: not-a-number\n")
    r = subprocess.run([sys.executable, "-m", "provguard.cli", "serve", "--config", str(bad)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "port" in r.stderr
