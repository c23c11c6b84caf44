"""Versioned schema migrations, one list per dialect; a version is applied once, in order.

Version 1 creates the tables, version 2 makes leaves, nodes and checkpoints append-only.
Add a change as a new version at the end; never edit an applied one.
"""

from __future__ import annotations

_TABLES = [
    """CREATE TABLE audit_head (
        log_id TEXT PRIMARY KEY, size BIGINT NOT NULL, root {blob} NOT NULL,
        frontier {blob} NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE audit_leaves (
        log_id TEXT NOT NULL, seq BIGINT NOT NULL, leaf_hash {blob} NOT NULL, tree_root {blob} NOT NULL,
        record {blob} NOT NULL, time TEXT NOT NULL, team TEXT NOT NULL, event_type TEXT NOT NULL,
        PRIMARY KEY (log_id, seq))""",
    "CREATE INDEX audit_leaves_team ON audit_leaves (log_id, team, seq)",
    "CREATE INDEX audit_leaves_type ON audit_leaves (log_id, event_type, seq)",
    "CREATE INDEX audit_leaves_time ON audit_leaves (log_id, time)",
    """CREATE TABLE audit_nodes (
        log_id TEXT NOT NULL, level INTEGER NOT NULL, idx BIGINT NOT NULL, hash {blob} NOT NULL,
        PRIMARY KEY (log_id, level, idx))""",
    """CREATE TABLE audit_payloads (
        log_id TEXT NOT NULL, seq BIGINT NOT NULL, body {blob}, sha256 TEXT NOT NULL,
        purged_at TEXT, purge_seq BIGINT, PRIMARY KEY (log_id, seq))""",
    """CREATE TABLE audit_checkpoints (
        log_id TEXT NOT NULL, size BIGINT NOT NULL, root {blob} NOT NULL, text TEXT NOT NULL,
        created_at TEXT NOT NULL, PRIMARY KEY (log_id, size))""",
    "CREATE TABLE audit_keys (key_id TEXT PRIMARY KEY, vkey TEXT NOT NULL, added_at TEXT NOT NULL)",
    """CREATE TABLE audit_team_secrets (
        log_id TEXT NOT NULL, team TEXT NOT NULL, secret {blob} NOT NULL, PRIMARY KEY (log_id, team))""",
]

APPEND_ONLY_TABLES = ("audit_leaves", "audit_nodes", "audit_checkpoints")


def sqlite_migrations() -> list[tuple[int, list[str]]]:
    triggers = [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        for table in APPEND_ONLY_TABLES
        for op in ("UPDATE", "DELETE")
    ]
    return [(1, [t.format(blob="BLOB") for t in _TABLES]), (2, triggers)]


def postgres_migrations() -> list[tuple[int, list[str]]]:
    func = """CREATE OR REPLACE FUNCTION provguard_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'provguard: % is append-only', TG_TABLE_NAME; END $$"""
    triggers = [func]
    for table in APPEND_ONLY_TABLES:
        triggers.append(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION provguard_append_only()"
        )
        triggers.append(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION provguard_append_only()"
        )
    return [(1, [t.format(blob="BYTEA") for t in _TABLES]), (2, triggers)]


LATEST_VERSION = 2
