"""The gateway's hot-path pieces: event-loop group commit of audit records, raw upstream bodies."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path
from typing import Any

import httpx
import pytest

from provguard.audit import AuditEvent, AuditLog
from provguard.config import load_settings
from provguard.errors import StoreUnavailable, UpstreamError
from provguard.gateway import (
    AppendBatcher,
    Gateway,
    UpstreamFailure,
    UpstreamImage,
    json_dumps,
    response_body,
)


def open_log(tmp_path: Path) -> AuditLog:
    return AuditLog.open(str(tmp_path / "audit.sqlite3"), key_path=tmp_path / "audit.key")


def event(i: int) -> AuditEvent:
    return AuditEvent(event_type="screen.decision", team="t", request_id=f"r{i}", payload={"prompt": f"p{i}"})


def test_concurrent_appends_share_commits_and_get_contiguous_seqs(tmp_path: Path) -> None:
    log = open_log(tmp_path)
    batcher = AppendBatcher()

    async def main() -> list[Any]:
        return await asyncio.gather(*(batcher.append(log, event(i)) for i in range(50)))

    receipts = asyncio.run(main())
    assert sorted(r.seq for r in receipts) == list(range(50))
    assert log._committer.batches < 50  # shared commits, not one per request
    # every receipt names the record it was given (order of arrival is kept within a batch)
    by_seq = {r.seq: r for r in receipts}
    records = {rec.request_id: rec for rec in log.query(limit=100)}
    for i, receipt in enumerate(receipts):
        assert records[f"r{i}"].seq == receipt.seq
        assert by_seq[receipt.seq].leaf_hash == records[f"r{i}"].leaf_hash
    assert log.verify().ok
    log.close()


def test_event_factories_run_per_request_and_a_bad_one_fails_alone(tmp_path: Path) -> None:
    log = open_log(tmp_path)
    batcher = AppendBatcher()

    def bad(_log: Any) -> AuditEvent:
        raise ValueError("cannot build this event")

    async def main() -> list[Any]:
        calls = [batcher.append(log, lambda lg, i=i: event(i)) for i in range(5)]
        return await asyncio.gather(*calls, batcher.append(log, bad), return_exceptions=True)

    results = asyncio.run(main())
    assert isinstance(results[-1], ValueError)
    assert sorted(r.seq for r in results[:-1]) == list(range(5))
    assert log.size() == 5
    log.close()


def test_a_failed_commit_fails_every_request_in_it(tmp_path: Path) -> None:
    log = open_log(tmp_path)
    log.append(event(0))
    log.store._writer_conn().execute("PRAGMA query_only = ON")  # real SQLite refusing writes
    batcher = AppendBatcher()

    async def main() -> list[Any]:
        return await asyncio.gather(*(batcher.append(log, event(i)) for i in range(10)),
                                    return_exceptions=True)

    results = asyncio.run(main())
    assert all(isinstance(r, StoreUnavailable) for r in results)
    log.store._writer_conn().execute("PRAGMA query_only = OFF")
    assert log.size() == 1  # nothing was acknowledged, nothing was written
    log.close()


def test_gateway_record_fails_closed_for_the_whole_batch(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "data")
    log = open_log(tmp_path)
    log.store._writer_conn().execute("PRAGMA query_only = ON")
    failures: list[int] = []
    gw = Gateway(settings=settings, screener=None, inspector=None,  # type: ignore[arg-type]
                 audit=lambda: log, audit_failed=lambda: failures.append(1))

    async def main() -> list[Any]:
        results = await asyncio.gather(*(gw.record(event(i), required=True) for i in range(8)),
                                       return_exceptions=True)
        await gw.aclose()
        return results

    results = asyncio.run(main())
    assert all(isinstance(r, StoreUnavailable) for r in results)
    assert len(failures) == 8
    log.store._writer_conn().execute("PRAGMA query_only = OFF")
    log.close()


def test_raw_upstream_bodies() -> None:
    ok = response_body(httpx.Response(200, content=b'{"created": 1, "data": [{"b64_json": "AAAA"}]}'))
    assert ok == {"created": 1, "data": [{"b64_json": "AAAA"}]}
    big = response_body(httpx.Response(200, content=b'{"created": 123456789012345678901234567890}'))
    assert big["created"] == 123456789012345678901234567890  # orjson would round it to a float; json keeps it
    for bad in (b"<html>bad gateway</html>", b"[1, 2]", b""):
        with pytest.raises(UpstreamFailure) as info:
            response_body(httpx.Response(200, content=bad))
        assert info.value.http_status == 502
    assert json_dumps({"a": "é", "n": [1, None]}) == '{"a":"é","n":[1,null]}'.encode()
    assert json_dumps({"big": 1 << 70}) == b'{"big":1180591620717411303424}'


def test_invalid_base64_from_upstream_is_a_502(tmp_path: Path) -> None:
    gw = Gateway(settings=load_settings(data_dir=tmp_path / "data"), screener=None,  # type: ignore[arg-type]
                 inspector=None, audit=lambda: None)  # type: ignore[arg-type,return-value]

    async def main(value: str) -> bytes:
        try:
            return await gw.outputs.load(UpstreamImage({"b64_json": value}))
        finally:
            await gw.aclose()

    assert asyncio.run(main(base64.b64encode(b"\x89PNG").decode())) == b"\x89PNG"
    for bad in ("not base64!", "AAA", "AA==AA"):
        with pytest.raises(UpstreamError):
            asyncio.run(main(bad))
