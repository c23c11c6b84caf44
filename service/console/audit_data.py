"""Audit log reads for the console: filtering, one record's proof, exports (all via provguard.audit).

The store indexes team, event type, time and seq; action, category, rule, person, key and
request id are matched here while paging, with a bound on how many records one page scans.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from provguard.audit import AuditLog, AuditRecord, merkle
from provguard.audit.decision_proof import check_decision_proof
from provguard.audit.records import canonical
from provguard.errors import InputError

PAGE = 50
MAX_SCAN = 20_000  # records one page may scan for the non-indexed filters
MAX_EXPORT = 100_000


@dataclass(frozen=True)
class LogFilter:
    since: datetime | None = None
    until: datetime | None = None
    event_type: str | None = None
    action: str | None = None
    category: str | None = None
    rule: str | None = None
    person: str | None = None
    key: str | None = None
    request_id: str | None = None

    def query_args(self) -> dict[str, str]:
        """The filter as form/query values (what the page's links and export form carry)."""
        out: dict[str, str] = {}
        for name, value in asdict(self).items():
            if isinstance(value, datetime):
                out[name] = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
            elif value:
                out[name] = str(value)
        return out

    def describe(self) -> dict[str, Any]:
        return dict(self.query_args())


def parse_time(value: str | None, name: str) -> datetime | None:
    """``YYYY-MM-DDTHH:MM`` (a datetime-local input, read as UTC) or a full ISO 8601 time."""
    if not value or not value.strip():
        return None
    try:
        t = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"{name}: not a date and time ({value[:40]!r}); use YYYY-MM-DDTHH:MM") from exc
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value[:200] or None


def make_filter(params: dict[str, str | None]) -> LogFilter:
    return LogFilter(
        since=parse_time(params.get("since"), "since"), until=parse_time(params.get("until"), "until"),
        event_type=_clean(params.get("event_type")), action=_clean(params.get("action")),
        category=_clean(params.get("category")), rule=_clean(params.get("rule")),
        person=_clean(params.get("person")), key=_clean(params.get("key")),
        request_id=_clean(params.get("request_id")))


def _people(rec: AuditRecord) -> list[tuple[str, str]]:
    findings = (rec.payload or {}).get("findings") or []
    out = []
    for f in findings:
        e = f.get("entity") if isinstance(f, dict) else None
        if isinstance(e, dict):
            out.append((str(e.get("id", "")), str(e.get("name", ""))))
    return out


def matches(rec: AuditRecord, f: LogFilter) -> bool:
    if f.action and rec.decision != f.action:
        return False
    if f.category and f.category not in (rec.subject.get("categories") or []):
        return False
    if f.rule and not any(r == f.rule or r.startswith(f.rule.rstrip(".") + ".") for r in rec.rule_ids):
        return False
    if f.key and rec.actor != f.key:
        return False
    if f.request_id and rec.request_id != f.request_id:
        return False
    if f.person:
        needle = f.person.casefold()
        if not any(pid.casefold() == needle or needle in name.casefold() for pid, name in _people(rec)):
            return False
    return True


@dataclass
class Page:
    records: list[AuditRecord]
    next_after: int | None  # continue from here (more may match)
    scanned_to: int | None
    capped: bool


def scan(log: AuditLog, team: str, f: LogFilter, *, after_seq: int | None, limit: int = PAGE,
         max_scan: int = MAX_SCAN) -> Page:
    """Up to ``limit`` of ``team``'s records matching ``f``, oldest first, after ``after_seq``."""
    found: list[AuditRecord] = []
    scanned = 0
    cursor = after_seq
    while scanned < max_scan:
        want = min(1000, max_scan - scanned)
        chunk = log.query(team=team, event_type=f.event_type, since=f.since, until=f.until,
                          after_seq=cursor, limit=want)
        for rec in chunk:
            cursor = rec.seq
            scanned += 1
            if matches(rec, f):
                found.append(rec)
                if len(found) == limit:
                    return Page(found, rec.seq, rec.seq, False)
        if len(chunk) < want:
            return Page(found, None, cursor, False)
    return Page(found, cursor, cursor, True)


def collect(log: AuditLog, team: str, f: LogFilter, limit: int = MAX_EXPORT) -> list[AuditRecord]:
    """Every matching record for an export; InputError when more than ``limit`` match."""
    page = scan(log, team, f, after_seq=None, limit=limit + 1, max_scan=10 * limit)
    if len(page.records) > limit or page.capped:
        raise InputError(f"more than {limit} records match; narrow the filter (e.g. a shorter time range)")
    return page.records


def record(log: AuditLog, team: str, seq: int) -> AuditRecord | None:
    """One record of ``team`` (None for another team's record or no record: the same answer)."""
    if seq < 0 or seq > 2**62:
        return None
    rows = log.query(team=team, after_seq=seq - 1, limit=1)
    return rows[0] if rows and rows[0].seq == seq else None


@dataclass(frozen=True)
class ProofView:
    verified: bool
    detail: str
    leaf_hash: str
    recomputed_leaf_hash: str
    leaf_matches: bool
    checkpoint_text: str
    tree_size: int
    root_hash: str
    hashes: list[str]


def prove(log: AuditLog, rec: AuditRecord) -> ProofView:
    """Prove ``rec`` against the latest signed checkpoint and verify the proof (as an auditor would).

    The leaf hash is recomputed from the record's canonical bytes, the checkpoint's signature is
    checked with the log's verifier keys, and the inclusion path must lead to its signed root.
    """
    recomputed = merkle.leaf_hash(canonical(rec.leaf_dict())).hex()
    cp = log.checkpoint()
    proof = log.inclusion_proof(rec.seq, cp.size)
    result = check_decision_proof({"audit": {"seq": rec.seq, "leaf_hash": recomputed, "log_id": rec.log_id}},
                                  checkpoint_text=cp.text, keys=log.verifier_keys(), proof=proof)
    leaf_ok = recomputed == rec.leaf_hash
    detail = result.detail if leaf_ok else "the record's content does not hash to its stored leaf hash"
    return ProofView(result.ok and leaf_ok, detail, rec.leaf_hash, recomputed, leaf_ok, cp.text, cp.size,
                     cp.root_hash, list(proof.get("hashes", [])))
