"""Tenancy store on a real SQLite file (and PostgreSQL when the pg fixture exists) plus the keys CLI."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from provguard.errors import AuthError, NotFound, PermissionDenied, UsageError
from provguard.tenancy import TenancyStore, parse_key
from tests.secrets_check import assert_key_absent


@pytest.fixture()
def store(tmp_path: Path) -> TenancyStore:
    return TenancyStore.open("sqlite:///" + str(tmp_path / "t.sqlite3"))


def test_key_roundtrip_and_hash_at_rest(store: TenancyStore, tmp_path: Path) -> None:
    rec, key = store.create_key("acme", "reviewer", "bot")
    assert key.startswith("pvg_" + rec.key_id + "_")
    p = store.authenticate(key)
    assert (p.team, p.role, p.key_id) == ("acme", "reviewer", rec.key_id)
    secret = parse_key(key)[1]  # type: ignore[index]
    raw = (tmp_path / "t.sqlite3").read_bytes()
    for wal in tmp_path.glob("t.sqlite3*"):
        raw += wal.read_bytes()
    assert secret.encode() not in raw
    conn = sqlite3.connect(tmp_path / "t.sqlite3")
    rows = conn.execute("SELECT secret_sha256 FROM tenancy_keys").fetchall()
    assert len(rows) == 1 and len(rows[0][0]) == 64


@pytest.mark.parametrize("bad", ["", "Bearer", "pvg_x", "pvg_abc_short", "sk-" + "a" * 40])
def test_malformed_keys_rejected(store: TenancyStore, bad: str) -> None:
    with pytest.raises(AuthError):
        store.authenticate(bad)


def test_wrong_secret_and_revocation(store: TenancyStore) -> None:
    rec, key = store.create_key("acme")
    kid, secret = parse_key(key)  # type: ignore[misc]
    with pytest.raises(AuthError):
        store.authenticate(f"pvg_{kid}_{'x' * len(secret)}")
    store.authenticate(key)
    store.revoke_key(rec.key_id)
    with pytest.raises(AuthError):
        store.authenticate(key)
    with pytest.raises(NotFound):
        store.revoke_key("nope")


def test_bad_team_and_role(store: TenancyStore) -> None:
    with pytest.raises(UsageError):
        store.create_key("a b")
    with pytest.raises(UsageError):
        store.create_key("acme", "root")


def test_conversation_turns_concurrent(store: TenancyStore) -> None:
    def add(i: int) -> None:
        store.add_turn("acme", "c1", prompt=f"p{i}", decision={"action": "allow"}, audit_seq=i,
                       request_id=None)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    turns = store.conversation("acme", "c1")
    assert [t.turn for t in turns] == list(range(12))
    assert sorted(t.prompt for t in turns) == sorted(f"p{i}" for i in range(12))
    assert store.conversation("other-team", "c1") == []


def test_review_lifecycle(store: TenancyStore) -> None:
    r = store.create_review(team="acme", actor="k1", request_id="req", kind="generation",
                            request_digest="d1", decision={"action": "review"}, audit_seq=3)
    with pytest.raises(NotFound):
        store.get_review(r.review_id, team="evil")
    with pytest.raises(PermissionDenied):
        store.consume_review(r.review_id, team="acme", request_digest="d1")  # still pending
    done = store.resolve_review(r.review_id, team="acme", approve=True, reviewer="k2", note="ok")
    assert done.status == "approved" and done.reviewer == "k2"
    with pytest.raises(UsageError):
        store.resolve_review(r.review_id, team="acme", approve=False, reviewer="k2", note=None)
    with pytest.raises(PermissionDenied):
        store.consume_review(r.review_id, team="acme", request_digest="other")
    assert store.consume_review(r.review_id, team="acme", request_digest="d1").status == "used"
    with pytest.raises(PermissionDenied):
        store.consume_review(r.review_id, team="acme", request_digest="d1")
    assert [x.review_id for x in store.list_reviews(team="acme", status="used")] == [r.review_id]


def test_keys_cli_prints_only_the_key(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite3")
    out = subprocess.run([sys.executable, "-m", "provguard.cli", "keys", "create", "--team", "acme",
                          "--role", "admin", "--db", db], capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pvg_")
    principal = TenancyStore.open(db).authenticate(lines[0])
    assert principal.role == "admin"
    listed = subprocess.run([sys.executable, "-m", "provguard.cli", "keys", "list", "--db", db],
                            capture_output=True, text=True, check=True).stdout
    assert principal.key_id in listed
    assert_key_absent(lines[0], {"keys list": listed, "keys create stderr": out.stderr}, [Path(db)])
    bad = subprocess.run([sys.executable, "-m", "provguard.cli", "keys", "create", "--team", "acme",
                          "--role", "god", "--db", db], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == ""


@pytest.mark.postgres
def test_store_on_postgres(pg_db_url: str) -> None:
    store = TenancyStore.open(pg_db_url)
    rec, key = store.create_key("acme", "admin")
    assert store.authenticate(key).role == "admin"
    store.migrate()  # idempotent

    def add(i: int) -> None:
        TenancyStore.open(pg_db_url).add_turn("acme", "c", prompt=f"p{i}", decision=None, audit_seq=i,
                                              request_id=None)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [t.turn for t in store.conversation("acme", "c")] == list(range(8))
    review = store.create_review(team="acme", actor=rec.key_id, request_id=None, kind="generation",
                                 request_digest="d", decision={"action": "review"}, audit_seq=1)
    store.resolve_review(review.review_id, team="acme", approve=False, reviewer="r", note=None)
    assert store.get_review(review.review_id, team="acme").status == "rejected"
    store.revoke_key(rec.key_id)
    with pytest.raises(AuthError):
        store.authenticate(key)
    store.close()


def test_separation_of_duties(store: TenancyStore) -> None:
    from provguard.tenancy import SeparationOfDuties

    alice, _ = store.create_key("acme", "reviewer", "Alice Martin")
    alice2, _ = store.create_key("acme", "admin", "  alice   MARTIN ")  # the same person, another key
    bob, _ = store.create_key("acme", "reviewer", "Bob")
    anon, _ = store.create_key("acme", "reviewer")

    def held() -> str:
        return store.create_review(team="acme", actor=alice.key_id, request_id=None, kind="generation",
                                   request_digest="d", decision={"action": "review"}, audit_seq=1).review_id

    r = held()
    for approver in (alice.key_id, alice2.key_id):  # default "person": neither her key nor her other key
        with pytest.raises(SeparationOfDuties) as info:
            store.resolve_review(r, team="acme", approve=True, reviewer=approver, note=None)
        assert info.value.code == "separation_of_duties" and info.value.http_status == 403
    assert store.get_review(r, team="acme").status == "pending"
    done = store.resolve_review(r, team="acme", approve=True, reviewer=bob.key_id, note=None)
    assert done.status == "approved"
    r = held()
    store.resolve_review(r, team="acme", approve=True, reviewer=anon.key_id, note=None)  # unnamed, other key
    # "key": another key of the same person may approve, the requesting key may not
    r = held()
    with pytest.raises(SeparationOfDuties):
        store.resolve_review(r, team="acme", approve=True, reviewer=alice.key_id, note=None, separation="key")
    store.resolve_review(r, team="acme", approve=True, reviewer=alice2.key_id, note=None, separation="key")
    # "off": self-approval; and rejecting one's own request is always allowed
    r = held()
    store.resolve_review(r, team="acme", approve=True, reviewer=alice.key_id, note=None, separation="off")
    r = held()
    own = store.resolve_review(r, team="acme", approve=False, reviewer=alice.key_id, note=None)
    assert own.status == "rejected"
    with pytest.raises(UsageError):
        store.resolve_review(held(), team="acme", approve=True, reviewer=bob.key_id, note=None,
                             separation="x")


def test_a_database_file_deleted_or_replaced_under_the_store_fails_closed(tmp_path: Path) -> None:
    from provguard.errors import StoreUnavailable

    path = tmp_path / "t.sqlite3"
    store = TenancyStore.open("sqlite:///" + str(path))
    rec, _ = store.create_key("acme", "member", "alice")
    for f in tmp_path.glob("t.sqlite3*"):
        f.unlink()
    with pytest.raises(StoreUnavailable):
        store.list_keys("acme")
    with pytest.raises(StoreUnavailable):  # never silently recreated
        store.list_keys("acme")
    assert not path.exists()
    sqlite3.connect(path).execute("CREATE TABLE unrelated (x)")  # another file appears at the path
    for _ in range(2):
        with pytest.raises(StoreUnavailable):  # no tenancy tables in it: 503, not a crash
            store.list_keys("acme")
