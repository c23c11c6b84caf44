"""PostgreSQL: connections killed by a failover or a server restart under a running service.

A terminated backend is replaced without the client noticing; while the server is down every
generation answers 503 ``store_unavailable`` and nothing reaches the upstream; when it is back
the service reconnects by itself and no acknowledged record is missing. Real PostgreSQL
(tests/pgserver.py), real uvicorn, the real ``openai`` client.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import psycopg
import pytest

from provguard.audit import AuditLog
from provguard.service.app import create_app
from tests.pgserver import _as_pg_user, create_database, pg_bindir, postgres_cluster
from tests.test_gateway_store_faults import client, generate_ok
from tests.test_service_harness import *  # noqa: F403  (fixtures: upstream, chain, fresh_upstream)
from tests.test_service_harness import Running, make_settings, serve
from tests.upstream_server import UpstreamServer

pytestmark = pytest.mark.postgres


@pytest.fixture()
def own_cluster() -> Iterator[tuple[str, Path]]:
    """A private cluster (this test restarts it) and its data directory."""
    with postgres_cluster() as server_url:
        with psycopg.connect(server_url, autocommit=True) as conn:
            row = conn.execute("SHOW data_directory").fetchone()
        assert row is not None
        yield create_database(server_url), Path(row[0])


def pg_ctl(data: Path, *args: str) -> None:
    bindir = pg_bindir()
    assert bindir is not None
    subprocess.run(_as_pg_user([str(bindir / "pg_ctl"), "-D", str(data), "-w", *args]), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def start_again(data: Path, db_url: str) -> None:
    """Start the stopped cluster on its old port and socket directory (as tests/pgserver.py did)."""
    port = db_url.rsplit(":", 1)[1].split("/", 1)[0]
    opts = f"-k {data.parent} -p {port} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100"
    pg_ctl(data, "-o", opts, "-l", str(data.parent / "log"), "start")


def terminate_backends(db_url: str) -> int:
    name = db_url.rsplit("/", 1)[1]
    with psycopg.connect(db_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                            "AND pid <> pg_backend_pid()", (name,)).fetchall()
    return len(rows)


def test_failover_and_restart(
    own_cluster: tuple[str, Path], tmp_path: Path, fresh_upstream: UpstreamServer
) -> None:
    db_url, data = own_cluster
    settings = make_settings(tmp_path, fresh_upstream, None, db=db_url, store_lock_timeout=2.0)
    svc: Running = serve(create_app(settings), settings)
    try:
        oa = client(svc, svc.key())
        acked = [generate_ok(oa)]
        # a failover kills every connection: the next requests go through on new ones
        assert terminate_backends(db_url) >= 1
        acked += [generate_ok(oa), generate_ok(oa)]
        assert len(fresh_upstream.received) == 3
        # the server goes away: fail closed, forward nothing
        pg_ctl(data, "-m", "fast", "stop")
        fresh_upstream.reset()
        for _ in range(2):
            with pytest.raises(openai.APIStatusError) as info:
                oa.images.generate(prompt="a lighthouse at dawn")
            assert info.value.status_code == 503 and info.value.code == "store_unavailable"
        assert fresh_upstream.received == []
        assert httpx.get(svc.url + "/readyz", timeout=60).status_code == 503
        # it comes back: so does the service, by itself
        start_again(data, db_url)
        acked.append(generate_ok(oa))
        assert httpx.get(svc.url + "/readyz", timeout=60).status_code == 200
        assert len(fresh_upstream.received) == 1
    finally:
        svc.stop()
        svc.services.tenancy.close()
    log = AuditLog.open(db_url, key_path=settings.audit_key_path())
    assert log.verify().ok
    assert set(acked) <= {r.seq for r in log.query(limit=10_000)}
    log.close()
