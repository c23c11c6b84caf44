"""PostgreSQL: fail closed when the audit store goes away; two replicas on one log."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import psycopg
import pytest

from provguard.audit import AuditLog
from provguard.service.app import create_app
from tests.test_service_harness import *  # noqa: F403  (fixtures: upstream, chain, fresh_upstream)
from tests.test_service_harness import Running, make_settings, serve
from tests.test_service_serve import serve_env, start_service, stop
from tests.test_sign_chain import Chain
from tests.upstream_server import UpstreamServer

pytestmark = pytest.mark.postgres


def set_connections(server_url: str, db_url: str, allow: bool) -> None:
    name = db_url.rsplit("/", 1)[1]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if allow else "false"}')
        if not allow:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid()",
                (name,),
            )


@pytest.fixture()
def pg_service(
    tmp_path: Path, pg_db_url: str, postgres_url: str, upstream: UpstreamServer, chain: Chain
) -> Iterator[Running]:
    settings = make_settings(tmp_path, upstream, chain, db=pg_db_url)
    running = serve(create_app(settings), settings)
    yield running
    set_connections(postgres_url, pg_db_url, True)
    running.stop()
    running.services.tenancy.close()


def test_audit_store_down_fails_closed(
    pg_service: Running, pg_db_url: str, postgres_url: str, fresh_upstream: UpstreamServer
) -> None:
    key = pg_service.key()
    oa = openai.OpenAI(base_url=pg_service.url + "/v1", api_key=key, max_retries=0, timeout=60)
    assert oa.images.generate(prompt="a lighthouse at dawn").data
    fresh_upstream.reset()
    set_connections(postgres_url, pg_db_url, False)
    with pytest.raises(openai.InternalServerError) as info:
        oa.images.generate(prompt="a lighthouse at dawn")
    assert info.value.status_code == 503 and info.value.code == "store_unavailable"
    screened = httpx.post(
        pg_service.url + "/v1/screen",
        json={"prompt": "a cat"},
        headers={"authorization": f"Bearer {key}"},
        timeout=60,
    )
    assert screened.status_code == 503
    assert fresh_upstream.received == []  # nothing reached the generator
    assert httpx.get(pg_service.url + "/healthz").status_code == 200
    assert httpx.get(pg_service.url + "/readyz", timeout=60).status_code == 503
    # the store comes back: so does the service, and the log is intact
    set_connections(postgres_url, pg_db_url, True)
    assert oa.images.generate(prompt="a lighthouse at dawn").data
    assert httpx.get(pg_service.url + "/readyz").status_code == 200
    log = AuditLog.open(pg_db_url, key_path=pg_service.settings.audit_key_path())
    assert log.verify().ok


@pytest.mark.load
def test_two_replicas_one_postgres_log(tmp_path: Path, pg_db_url: str, upstream: UpstreamServer) -> None:
    env = serve_env(tmp_path, upstream)
    env["PROVGUARD_DB"] = pg_db_url
    env["PROVGUARD_RATE_LIMIT_PER_MINUTE"] = "100000"  # one bucket shared on PostgreSQL; not tested here
    replicas = [start_service(env), start_service(env)]
    try:
        from provguard.tenancy import TenancyStore

        key = TenancyStore.open(pg_db_url).create_key("acme", "member")[1]
        errors: list[str] = []
        per_thread = 25

        def hammer(url: str, worker: int) -> None:
            with httpx.Client(base_url=url, headers={"authorization": f"Bearer {key}"}, timeout=60) as http:
                for i in range(per_thread):
                    r = http.post("/v1/screen", json={"prompt": f"a watercolor harbour {worker}-{i}"})
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {r.text[:200]}")
            oa = openai.OpenAI(base_url=url + "/v1", api_key=key, max_retries=0, timeout=60)
            oa.images.generate(prompt=f"a red kite over a beach {worker}")

        threads = [threading.Thread(target=hammer, args=(url, w)) for w, (_, url) in enumerate(replicas * 2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
    finally:
        for proc, _ in replicas:
            stop(proc)
    log = AuditLog.open(pg_db_url, key_path=Path(env["PROVGUARD_DATA_DIR"]) / "audit_ed25519.pem")
    report = log.verify()
    assert report.ok, report
    records = log.query(team="acme", limit=10_000)
    screens = [r for r in records if r.event_type == "screen.decision"]
    gens = [r for r in records if r.event_type == "generation.result"]
    assert len(screens) == 4 * per_thread and len(gens) == 4
    seqs = [r.seq for r in log.query(limit=10_000)]
    assert seqs == list(range(len(seqs)))  # contiguous across both replicas
