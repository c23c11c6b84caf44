"""The console's security over real HTTP (a real ``provguard serve``): sessions, CSRF, roles, team walls.

These speak HTTP the way a browser or an attacker's script would; the real-browser flows are in
test_console_browser.py.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import tarfile
from pathlib import Path

import httpx
import openai
import pytest

from provguard.audit.export import verify_bundle
from tests.test_console_harness import *  # noqa: F403  (fixtures: console, console_upstream)
from tests.test_console_harness import ConsoleServer, csrf_of, sign_in, start_console
from tests.test_service_serve import stop
from tests.upstream_server import UpstreamServer


def test_member_key_gets_no_session(console: ConsoleServer) -> None:
    client = httpx.Client(base_url=console.url, timeout=30)
    page = client.get("/console/login")
    assert page.status_code == 200
    member = console.key("acme", "member")
    r = client.post("/console/login", data={"api_key": member, "csrf": csrf_of(page.text)})
    assert r.status_code == 403 and "member keys are refused" in r.text
    assert "provguard_console" not in r.cookies
    r = client.post("/console/login", data={"api_key": "pvg_nope_" + "x" * 40, "csrf": csrf_of(r.text)})
    assert r.status_code == 401 and "not valid" in r.text
    assert client.get("/console/reviews").status_code == 303  # to the sign-in page
    assert client.get("/console/api/queue").status_code == 401


def test_session_cookie_and_security_headers(console: ConsoleServer) -> None:
    client = httpx.Client(base_url=console.url, timeout=30)
    page = client.get("/console/login")
    r = client.post("/console/login", data={"api_key": console.key("acme", "reviewer"),
                                            "csrf": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"] == "/console/"
    cookie = next(v for k, v in r.headers.multi_items()
                  if k == "set-cookie" and v.startswith("provguard_console="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "Path=/console" in cookie and "Secure" not in cookie  # plain HTTP here; Secure under TLS
    token = cookie.split(";")[0].split("=", 1)[1]
    stored = console.sql("SELECT token_sha256 FROM console_sessions")
    assert stored and all(token not in row[0] for row in stored)  # only the hash is kept
    queue = client.get("/console/reviews")
    csp = queue.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert queue.headers["x-frame-options"] == "DENY" and queue.headers["cache-control"] == "no-store"
    assert re.search(r"<script[^>]*>[^<]", queue.text) is None  # no inline script


def test_forms_without_the_csrf_token_are_refused(console: ConsoleServer) -> None:
    member, reviewer = console.key("acme", "member"), console.key("acme", "reviewer")
    review_id = console.hold(member)
    client = sign_in(console.url, reviewer)
    for data in ({"reason": "looks fine"}, {"reason": "looks fine", "csrf": "forged"}):
        r = client.post(f"/console/reviews/{review_id}/approve", data=data)
        assert r.status_code == 403 and "CSRF" in r.text
    r = client.post(f"/console/reviews/{review_id}/approve", data={"reason": "x", "csrf": csrf_of(
        client.get(f"/console/reviews/{review_id}").text)}, headers={"origin": "https://evil.example"})
    assert r.status_code == 403 and "cross-origin" in r.text
    assert client.post("/console/logout", data={}).status_code == 403
    assert client.post("/console/audit/export", data={"format": "jsonl"}).status_code == 403
    login = httpx.Client(base_url=console.url, timeout=30)
    assert login.post("/console/login", data={"api_key": reviewer}).status_code == 403
    status = console.sql("SELECT status FROM tenancy_reviews WHERE review_id = ?", (review_id,))[0][0]
    assert status == "pending"  # nothing was decided


def test_reason_is_required_and_a_second_decision_shows_the_core_refusal(console: ConsoleServer) -> None:
    member, reviewer = console.key("acme", "member"), console.key("acme", "reviewer")
    review_id = console.hold(member)
    client = sign_in(console.url, reviewer)
    token = csrf_of(client.get(f"/console/reviews/{review_id}").text)
    r = client.post(f"/console/reviews/{review_id}/reject", data={"reason": "   ", "csrf": token})
    assert r.status_code == 400 and "reason is required" in r.text
    r = client.post(f"/console/reviews/{review_id}/reject", data={"reason": "deepfake risk", "csrf": token})
    assert r.status_code == 200 and "rejected" in r.text
    r = client.post(f"/console/reviews/{review_id}/approve", data={"reason": "changed mind", "csrf": token})
    assert r.status_code == 400 and "already rejected" in r.text  # the tenancy store's refusal, shown
    overrides = console.sql("SELECT COUNT(*) FROM audit_leaves WHERE event_type = 'review.override' "
                            "AND CAST(record AS TEXT) LIKE ?", (f"%{review_id}%",))[0][0]
    assert overrides == 1


def test_sign_out_idle_and_absolute_expiry_end_the_session(console: ConsoleServer) -> None:
    reviewer = console.key("acme", "reviewer")
    for column, seconds in (("seen_ms", 1801), ("created_ms", 12 * 3600 + 1)):
        client = sign_in(console.url, reviewer)
        assert client.get("/console/reviews").status_code == 200
        console.sql(f"UPDATE console_sessions SET {column} = {column} - ?", (seconds * 1000,))
        assert client.get("/console/reviews").status_code == 303
        assert client.get("/console/api/queue").status_code == 401
    client = sign_in(console.url, reviewer)
    page = client.get("/console/reviews").text
    stolen = client.cookies.get("provguard_console")
    assert client.post("/console/logout", data={"csrf": csrf_of(page)}).status_code == 303
    replay = httpx.Client(base_url=console.url, cookies={"provguard_console": stolen or ""}, timeout=30)
    assert replay.get("/console/reviews").status_code == 303  # the copied cookie is worthless now


def test_revoking_the_key_ends_its_session(console: ConsoleServer) -> None:
    reviewer = console.key("acme", "reviewer")
    client = sign_in(console.url, reviewer)
    assert client.get("/console/api/queue").status_code == 200
    key_id = reviewer.split("_")[1]
    console.sql("UPDATE tenancy_keys SET revoked_at = '2026-01-01T00:00:00Z' WHERE key_id = ?", (key_id,))
    assert client.get("/console/api/queue").status_code == 401


def test_one_team_cannot_reach_another_teams_records(console: ConsoleServer) -> None:
    member = console.key("acme", "member")
    review_id = console.hold(member)
    acme = sign_in(console.url, console.key("acme", "reviewer"))
    held_seq = console.sql("SELECT audit_seq FROM tenancy_reviews WHERE review_id = ?", (review_id,))[0][0]
    request_id = console.sql("SELECT request_id FROM tenancy_reviews WHERE review_id = ?", (review_id,))[0][0]
    assert acme.get(f"/console/audit/{held_seq}").status_code == 200
    other = sign_in(console.url, console.key("globex", "admin"))
    page = other.get("/console/reviews")
    token = csrf_of(page.text)
    assert review_id not in page.text
    assert review_id not in other.get("/console/api/queue").text
    assert other.get(f"/console/reviews/{review_id}").status_code == 404
    r = other.post(f"/console/reviews/{review_id}/approve", data={"reason": "mine now", "csrf": token})
    assert r.status_code == 404
    assert other.get(f"/console/audit/{held_seq}").status_code == 404
    listing = other.get("/console/audit", params={"request_id": request_id})
    assert listing.status_code == 200 and f'data-seq="{held_seq}"' not in listing.text
    assert "Barack Obama" not in other.get("/console/api/dashboard").text
    export = other.post("/console/audit/export", data={"format": "jsonl", "csrf": token,
                                                       "request_id": request_id})
    assert export.status_code == 200 and export.text == ""
    status = console.sql("SELECT status FROM tenancy_reviews WHERE review_id = ?", (review_id,))[0][0]
    assert status == "pending"


def test_exports_follow_the_filter_and_the_bundle_verifies(console: ConsoleServer, tmp_path: Path) -> None:
    member = console.key("acme", "member")
    review_id = console.hold(member)
    request_id = console.sql("SELECT request_id FROM tenancy_reviews WHERE review_id = ?", (review_id,))[0][0]
    client = sign_in(console.url, console.key("acme", "admin"))
    token = csrf_of(client.get("/console/audit").text)
    form = {"csrf": token, "request_id": request_id}
    jsonl = client.post("/console/audit/export", data={**form, "format": "jsonl"})
    assert jsonl.status_code == 200 and "attachment" in jsonl.headers["content-disposition"]
    records = [json.loads(line) for line in jsonl.text.splitlines()]
    assert records and all(r["request_id"] == request_id and r["team"] == "acme" for r in records)
    table = list(csv.DictReader(io.StringIO(client.post("/console/audit/export",
                                                        data={**form, "format": "csv"}).text)))
    assert [int(r["seq"]) for r in table] == [r["seq"] for r in records]
    bundle = client.post("/console/audit/export", data={**form, "format": "bundle"})
    path = tmp_path / "evidence.tar.gz"
    path.write_bytes(bundle.content)
    report = verify_bundle(path)
    assert report.ok, report.problem
    with tarfile.open(path) as tar:
        lines = tar.extractfile("records.jsonl").read().decode().splitlines()  # type: ignore[union-attr]
    assert len(lines) == len(records)
    exports = console.sql("SELECT CAST(record AS TEXT) FROM audit_leaves WHERE event_type = 'audit.export'")
    assert sum('"via":"console"' in row[0] for row in exports) >= 3  # each export was itself audited


@pytest.mark.parametrize("path", ["/console/audit/999999999", "/console/reviews/rev_doesnotexist",
                                  "/console/audit?since=not-a-date"])
def test_bad_input_is_a_page_not_a_crash(console: ConsoleServer, path: str) -> None:
    client = sign_in(console.url, console.key("acme", "reviewer"))
    r = client.get(path)
    assert r.status_code in (400, 404) and "text/html" in r.headers["content-type"]


def test_earlier_turns_show_their_carried_findings(console: ConsoleServer) -> None:
    member = console.key("acme", "member")
    oa = openai.OpenAI(base_url=console.url + "/v1", api_key=member, max_retries=0, timeout=30)
    conv = {"X-Provguard-Conversation": "conv-console-1"}
    assert oa.images.generate(prompt="Barack Obama giving a speech, oil painting", extra_headers=conv).data
    review_id = console.hold(member, prompt="now make it a photo of him", extra_headers=conv)
    page = sign_in(console.url, console.key("acme", "reviewer")).get(f"/console/reviews/{review_id}").text
    turn = page[page.index('id="turn-0"'):]
    turn = turn[:turn.index("</div>")]
    assert re.search(r'<mark class="hl" data-findings="\d+"[^>]*>Barack Obama<sup', turn)
    assert "Findings carried into the held request" in page
    prompt = page[page.index('id="prompt"'):]
    assert re.search(r'<mark class="hl"[^>]*>photo<sup', prompt[:prompt.index("</div>")])


def test_background_polls_do_not_keep_a_session_alive(console: ConsoleServer) -> None:
    client = sign_in(console.url, console.key("acme", "reviewer"))
    digest = hashlib.sha256((client.cookies.get("provguard_console") or "").encode()).hexdigest()

    def seen() -> int:
        rows = console.sql("SELECT seen_ms FROM console_sessions WHERE token_sha256 = ?", (digest,))
        return int(rows[0][0])

    console.sql("UPDATE console_sessions SET seen_ms = seen_ms - ? WHERE token_sha256 = ?", (600_000, digest))
    before = seen()
    assert client.get("/console/api/queue").status_code == 200
    assert seen() == before  # a poll is not activity
    assert client.get("/console/reviews").status_code == 200
    assert seen() > before  # a page view is


def test_a_requester_cannot_approve_its_own_request(console: ConsoleServer) -> None:
    reviewer = console.key("acme", "reviewer")
    review_id = console.hold(reviewer)  # a reviewer key made the request itself
    client = sign_in(console.url, reviewer)
    token = csrf_of(client.get(f"/console/reviews/{review_id}").text)
    r = client.post(f"/console/reviews/{review_id}/approve", data={"reason": "my own", "csrf": token})
    assert r.status_code in (400, 403) and 'id="decide-error"' in r.text
    rows = console.sql("SELECT status FROM tenancy_reviews WHERE review_id = ?", (review_id,))
    assert rows[0][0] == "pending"


def test_log_filters_select_exactly_the_matching_records(console: ConsoleServer) -> None:
    from provguard.audit import AuditLog

    member = console.key("acme", "member")
    member_id = member.split("_")[1]
    console.hold(member)
    oa = openai.OpenAI(base_url=console.url + "/v1", api_key=member, max_retries=0, timeout=30)
    with pytest.raises(openai.BadRequestError):
        oa.images.generate(prompt="news photo of Joe Biden being arrested by police")
    client = sign_in(console.url, console.key("acme", "reviewer"))
    log = AuditLog.open("sqlite:///" + str(console.db_path), key_path=console.data / "audit_ed25519.pem")
    try:
        everything = log.query(team="acme", limit=10_000)
    finally:
        log.close()

    def shown(**params: str) -> set[int]:
        page = client.get("/console/audit", params={"since": "2000-01-01T00:00", **params})
        assert page.status_code == 200
        return {int(s) for s in re.findall(r'<tr data-seq="(\d+)"', page.text)}

    def people(r: object) -> set[str]:
        findings = (getattr(r, "payload", None) or {}).get("findings") or []
        return {f["entity"]["id"] for f in findings if isinstance(f.get("entity"), dict)}

    expected = {
        "action": ("block", {r.seq for r in everything if r.decision == "block"}),
        "person": ("Q6279", {r.seq for r in everything if "Q6279" in people(r)}),
        "key": (member_id, {r.seq for r in everything if r.actor == member_id}),
        "rule": ("ctx.event", {r.seq for r in everything
                               if any(x.startswith("ctx.event.") for x in r.rule_ids)}),
        "event_type": ("generation.request",
                       {r.seq for r in everything if r.event_type == "generation.request"}),
    }
    for name, (value, seqs) in expected.items():
        assert seqs and len(seqs) <= 50, name  # one page holds them all
        assert shown(**{name: value}) == seqs, name
    assert shown(until="2000-01-02T00:00") == set()


def test_static_files_are_served_with_nosniff(console: ConsoleServer) -> None:
    for name, ctype in (("console.js", "javascript"), ("console.css", "text/css"),
                        ("vendor/chart.umd.min.js", "javascript")):
        r = httpx.get(f"{console.url}/console/static/{name}", timeout=30)
        assert r.status_code == 200 and ctype in r.headers["content-type"]
        assert r.headers["x-content-type-options"] == "nosniff"


def test_an_edited_record_is_marked_failed(tmp_path: Path, console_upstream: UpstreamServer) -> None:
    server = start_console(tmp_path, console_upstream)
    try:
        review_id = server.hold(server.key("acme", "member"))
        seq = server.sql("SELECT audit_seq FROM tenancy_reviews WHERE review_id = ?", (review_id,))[0][0]
        client = sign_in(server.url, server.key("acme", "reviewer"))
        assert "Inclusion proof verified" in client.get(f"/console/audit/{seq}").text
        # an attacker with database access rewrites the decision (bypassing the append-only trigger)
        server.sql("DROP TRIGGER audit_leaves_no_update")
        server.sql("UPDATE audit_leaves SET record = CAST(REPLACE(CAST(record AS TEXT), '\"review\"', "
                   "'\"allow\"') AS BLOB) WHERE seq = ?", (seq,))
        page = client.get(f"/console/audit/{seq}").text
        assert "Inclusion proof FAILED" in page and "does not hash to its stored leaf hash" in page
        assert '"decision": "allow"' in html.unescape(page)
    finally:
        stop(server.proc)
