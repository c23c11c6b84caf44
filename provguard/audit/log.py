"""AuditLog: the one object front ends use to append, prove, checkpoint, verify and purge."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from provguard.audit import merkle
from provguard.audit.checkpoint import (
    Checkpoint,
    CheckpointError,
    Signer,
    VerifierKey,
    generate_key,
    load_key,
    parse_checkpoint,
    sign_checkpoint,
    verify_checkpoint,
)
from provguard.audit.checkpoint_files import read_checkpoint_arg, write_checkpoint
from provguard.audit.group_commit import GroupCommitter
from provguard.audit.records import AuditEvent, AuditRecord, Receipt, format_time
from provguard.audit.stores import SqlStore, open_store
from provguard.audit.stores.base import LeafRow
from provguard.audit.verify import VerifyReport, compress_ranges, verify_store
from provguard.errors import AuditIntegrityError, NotFound, StoreUnavailable, UsageError

_logger = logging.getLogger(__name__)


def _store_errors() -> tuple[type[BaseException], ...]:
    import sqlite3

    import psycopg

    return (sqlite3.OperationalError, sqlite3.DatabaseError, psycopg.OperationalError, psycopg.InterfaceError)


class AuditLog:
    """A tamper-evident log of audit events over one store (``log_id`` = checkpoint origin)."""

    def __init__(
        self,
        store: SqlStore,
        *,
        log_id: str = "provguard",
        key_path: Path | None = None,
        checkpoint_dir: Path | None = None,
        checkpoint_every: int | None = None,
    ) -> None:
        if not log_id or any(c.isspace() for c in log_id) or "+" in log_id:
            raise UsageError(f"invalid log id {log_id!r} (no spaces or '+')")
        self.store = store
        self.log_id = log_id
        self.key_path = key_path
        self.checkpoint_dir = checkpoint_dir
        self.checkpoint_every = checkpoint_every
        self._secrets: dict[str, bytes] = {}
        self._committer: GroupCommitter[AuditEvent, Receipt] = GroupCommitter(self._commit)

    @classmethod
    def open(
        cls,
        url: str,
        *,
        key_path: Path | None = None,
        checkpoint_dir: Path | None = None,
        log_id: str = "provguard",
        checkpoint_every: int | None = None,
        lock_timeout: float | None = None,
    ) -> AuditLog:
        """Open (creating and migrating) the store at ``url``; raises StoreUnavailable.

        ``checkpoint_every=N`` signs a checkpoint (and writes it to ``checkpoint_dir``) each
        time the log crosses a multiple of N records. ``lock_timeout`` bounds a write's wait
        for another writer's lock (seconds; see ``open_store``).
        """
        if key_path is None:
            from provguard.config import load_settings

            key_path = load_settings().audit_key_path()
        try:
            store = open_store(url, lock_timeout=lock_timeout)
        except _store_errors() as exc:
            raise StoreUnavailable(f"cannot open audit database: {exc}") from exc
        return cls(
            store,
            log_id=log_id,
            key_path=key_path,
            checkpoint_dir=checkpoint_dir,
            checkpoint_every=checkpoint_every,
        )

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # ----------------------------------------------------------------- append
    def _commit(self, events: list[AuditEvent]) -> list[Receipt]:
        try:
            return self.store.append(self.log_id, events)
        except _store_errors() as exc:
            raise StoreUnavailable(f"audit record not written: {exc}") from exc

    def append(self, event: AuditEvent) -> Receipt:
        """Durably record one event (blocks until committed; batched with concurrent callers)."""
        receipt = self._committer.submit([event])[0]
        self._maybe_checkpoint(receipt.seq, receipt.seq)
        return receipt

    def append_many(self, events: Sequence[AuditEvent]) -> list[Receipt]:
        receipts = self._committer.submit(list(events)) if events else []
        if receipts:
            self._maybe_checkpoint(receipts[0].seq, receipts[-1].seq)
        return receipts

    def _maybe_checkpoint(self, first: int, last: int) -> None:
        n = self.checkpoint_every
        if not n or (last + 1) // n == first // n:
            return
        try:
            self.checkpoint()
        except Exception:  # the records are durable; a missed periodic checkpoint must not un-ack them
            _logger.exception("periodic audit checkpoint failed")

    # ----------------------------------------------------------------- keys
    def _key_file(self) -> Path:
        if self.key_path is None:
            raise UsageError("no audit signing key configured")
        return self.key_path

    def signer(self, *, create: bool = True) -> Signer:
        path = self._key_file()
        if not path.exists() and create:
            _logger.info("creating audit signing key %s", path)
            generate_key(path)
        signer = Signer(self.log_id, load_key(path))
        self.store.add_key(signer.verifier.key_id, signer.verifier.vkey)
        return signer

    def verifier_keys(self) -> list[VerifierKey]:
        """Keys whose signatures verify: the keys table plus the local key's public half."""
        keys: list[VerifierKey] = []
        with self.store.read() as conn:
            for vk in self.store.known_keys(conn):
                try:
                    keys.append(VerifierKey.parse(vk))
                except CheckpointError:
                    continue
        if self.key_path is not None and self.key_path.exists():
            keys.append(Signer(self.log_id, load_key(self.key_path)).verifier)
        return keys

    def rotate_key(self) -> tuple[str, str]:
        """Replace the signing key: checkpoint with the old key, log key.rotate, checkpoint with the new.

        The old key file is kept beside the new one (``<name>.<key id>.retired``).
        """
        old = self.signer()
        self.checkpoint()
        path = self._key_file()
        retired = path.with_name(f"{path.name}.{old.verifier.key_id}.retired")
        path.replace(retired)
        generate_key(path)
        new = self.signer()
        self.append(
            AuditEvent(
                event_type="key.rotate",
                team="default",
                actor="system",
                subject={"old_vkey": old.verifier.vkey, "new_vkey": new.verifier.vkey},
            )
        )
        self.checkpoint()
        return old.verifier.vkey, new.verifier.vkey

    def team_secret(self, team: str) -> bytes:
        secret = self._secrets.get(team)
        if secret is None:
            secret = self._secrets[team] = self.store.team_secret(self.log_id, team)
        return secret

    def hmac_prompt(self, team: str, prompt: str) -> str:
        """``hmac-sha256:<hex>`` of the NFC-normalised, stripped prompt under the team's secret.

        An auditor who holds a prompt can confirm a record refers to it; nobody can
        dictionary-attack the log without the per-team secret.
        """
        text = unicodedata.normalize("NFC", prompt).strip()
        mac = hmac.new(self.team_secret(team), text.encode("utf-8"), hashlib.sha256).hexdigest()
        return "hmac-sha256:" + mac

    # ----------------------------------------------------------------- checkpoints
    def checkpoint(self) -> Checkpoint:
        """Sign the current head; store it, and write it to ``checkpoint_dir`` when set."""
        signer = self.signer()
        with self.store.read() as conn:
            head = self.store.head(conn, self.log_id)
        cp = sign_checkpoint(signer, self.log_id, head.size, head.root, datetime.now(UTC))
        text = self.store.save_checkpoint(self.log_id, head.size, head.root, cp.text)
        cp = parse_checkpoint(text)
        if self.checkpoint_dir is not None:
            write_checkpoint(cp, self.checkpoint_dir, directory=True)
        return cp

    # ----------------------------------------------------------------- proofs
    def inclusion_proof(self, seq: int, tree_size: int | None = None) -> dict[str, Any]:
        with self.store.read() as conn:
            head = self.store.head(conn, self.log_id)
            size = head.size if tree_size is None else tree_size
            if not 0 <= seq < size or size > head.size:
                raise NotFound(f"record {seq} is not in a tree of size {size} (log size {head.size})")
            row = self.store.leaf(conn, self.log_id, seq)
            if row is None:
                raise AuditIntegrityError(f"record {seq} is missing from the store", seq=seq)

            def plan(r: merkle.RangeHash) -> None:
                merkle.inclusion_proof(seq, size, r)
                r(0, size)

            rh = self.store.range_hasher(conn, self.log_id, plan)
            try:
                path = merkle.inclusion_proof(seq, size, rh)
                root = head.root if size == head.size else rh(0, size)
                merkle.verify_inclusion(seq, size, row.leaf_hash, path, root)
            except (LookupError, merkle.ProofError) as exc:
                raise AuditIntegrityError(f"cannot prove record {seq}: {exc}", seq=seq) from exc
        return {
            "log_id": self.log_id,
            "seq": seq,
            "tree_size": size,
            "leaf_hash": row.leaf_hash.hex(),
            "root_hash": root.hex(),
            "hashes": [h.hex() for h in path],
        }

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> dict[str, Any]:
        with self.store.read() as conn:
            head = self.store.head(conn, self.log_id)
            new = head.size if new_size is None else new_size
            if not 0 < old_size <= new <= head.size:
                raise NotFound(f"no consistency proof from size {old_size} to {new} (log size {head.size})")

            def plan(r: merkle.RangeHash) -> None:
                if old_size < new:
                    merkle.consistency_proof(old_size, new, r)
                r(0, old_size)
                r(0, new)

            rh = self.store.range_hasher(conn, self.log_id, plan)
            try:
                path = merkle.consistency_proof(old_size, new, rh) if old_size < new else []
                old_root = rh(0, old_size)
                new_root = head.root if new == head.size else rh(0, new)
                merkle.verify_consistency(old_size, new, old_root, new_root, path)
            except (LookupError, merkle.ProofError) as exc:
                raise AuditIntegrityError(f"cannot prove consistency {old_size}->{new}: {exc}") from exc
        return {
            "log_id": self.log_id,
            "old_size": old_size,
            "new_size": new,
            "old_root": old_root.hex(),
            "new_root": new_root.hex(),
            "hashes": [h.hex() for h in path],
        }

    # ----------------------------------------------------------------- reads
    def size(self) -> int:
        with self.store.read() as conn:
            return self.store.head(conn, self.log_id).size

    def query(
        self,
        *,
        team: str | None = None,
        event_type: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after_seq: int | None = None,
        limit: int = 100,
    ) -> list[AuditRecord]:
        if limit < 1:
            raise UsageError("limit must be at least 1")
        with self.store.read() as conn:
            rows = self.store.query(
                conn,
                self.log_id,
                team=team,
                event_type=event_type,
                since=format_time(since) if since else None,
                until=format_time(until) if until else None,
                after_seq=after_seq,
                limit=limit,
            )
            return [self._record(conn, r) for r in rows]

    def _record(self, conn: Any, row: LeafRow) -> AuditRecord:
        rec = json.loads(row.record)
        payload, state = None, "none"
        if rec.get("payload_sha256"):
            prow = self.store.payload(conn, self.log_id, row.seq)
            if prow is None:
                state = "missing"
            elif prow.body is None:
                state = "purged"
            else:
                payload, state = json.loads(prow.body), "present"
        return AuditRecord.model_validate(
            {**rec, "leaf_hash": row.leaf_hash.hex(), "payload": payload, "payload_state": state}
        )

    def iter_records(
        self,
        *,
        team: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        page: int = 1000,
    ) -> list[AuditRecord]:
        out: list[AuditRecord] = []
        after: int | None = None
        while True:
            chunk = self.query(team=team, since=since, until=until, after_seq=after, limit=page)
            out.extend(chunk)
            if len(chunk) < page:
                return out
            after = chunk[-1].seq

    # ----------------------------------------------------------------- verify / purge
    def verify(self, *, checkpoint: Checkpoint | str | Path | None = None) -> VerifyReport:
        """Recompute the whole log; with ``checkpoint`` also require it to be a prefix."""
        keys = self.verifier_keys()
        trusted = None
        if checkpoint is not None:
            text = read_checkpoint_arg(checkpoint)
            try:
                trusted = verify_checkpoint(text, keys)
            except CheckpointError as exc:
                return VerifyReport(
                    ok=False,
                    log_id=self.log_id,
                    size=self.size(),
                    root_hash="",
                    problem=f"trusted checkpoint rejected: {exc}",
                )
        try:
            return verify_store(self.store, self.log_id, keys, trusted)
        except _store_errors() as exc:
            raise StoreUnavailable(f"cannot read audit database: {exc}") from exc

    def purge_payloads(self, before: datetime) -> int:
        """Drop payload bodies older than ``before``; log a ``retention.purge`` naming them."""
        with self.store.read() as conn:
            seqs = self.store.purge_candidates(conn, self.log_id, format_time(before))
        if not seqs:
            return 0
        receipt = self.append(
            AuditEvent(
                event_type="retention.purge",
                actor="system",
                subject={"before": format_time(before), "count": len(seqs), "purged": compress_ranges(seqs)},
            )
        )
        self.store.purge_payloads(self.log_id, seqs, receipt.seq)
        return len(seqs)
