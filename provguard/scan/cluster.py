"""Connect to the Dask cluster a scan runs on: an existing scheduler, or a LocalCluster."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from provguard.errors import UsageError

LOCAL = "local"

#: For the LocalCluster only (an existing cluster is configured by its operator): worker processes
#: start from a forkserver that has already imported distributed (not a fresh interpreter each), and
#: the statistical profiler, which wakes every 10 ms and takes the GIL from the inspecting thread,
#: is off.
LOCAL_CONFIG = {
    "distributed.worker.multiprocessing-method": "forkserver",
    "distributed.worker.profile.enabled": False,
}


@contextmanager
def open_client(address: str, *, workers: int = 2, timeout: float = 30.0) -> Iterator[Any]:
    """A ``distributed.Client`` for ``address`` (``local`` starts a LocalCluster of ``workers``
    single-threaded processes, the same shape as ``inspect --workers N``)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(
            "provguard scan needs the cluster extra", hint="pip install 'provguard[cluster]'"
        ) from None
    if address == LOCAL:
        import dask

        with dask.config.set(LOCAL_CONFIG):
            cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR,
            )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise UsageError(
            f"cannot reach the Dask scheduler at {address}: {exc}",
            hint="check --cluster / PROVGUARD_CLUSTER (e.g. tcp://host:8786), or use --cluster local",
        ) from None
    try:
        yield client
    finally:
        client.close()


def total_threads(client: Any) -> int:
    return max(1, sum(client.nthreads().values()))
