"""Exports: JSONL and CSV for spreadsheets and SIEMs, and a self-verifying evidence bundle.

A bundle is a ``.tar.gz`` holding ``records.jsonl`` (exact leaf bytes, payloads when kept),
``proofs.jsonl`` (an inclusion proof per record), ``checkpoint.txt`` (signed), ``pubkey.vkey``
and ``VERIFY.md``. ``verify_bundle`` checks it with no database: every leaf hashes to its
leaf hash, every proof leads to the signed root, the signature verifies.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tarfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from provguard.audit import merkle
from provguard.audit.checkpoint import CheckpointError, VerifierKey, parse_checkpoint, verify_checkpoint
from provguard.audit.records import AuditRecord, canonical
from provguard.audit.verify import VerifyReport
from provguard.errors import InputError

CSV_COLUMNS = (
    "seq",
    "time",
    "team",
    "event_type",
    "actor",
    "request_id",
    "decision",
    "rule_ids",
    "policy_digest",
    "subject",
    "payload_sha256",
    "payload_state",
    "leaf_hash",
)

VERIFY_MD = """# provguard audit evidence bundle

Check it offline: `provguard audit verify --bundle THIS_FILE [--checkpoint TRUSTED.checkpoint]`.

- records.jsonl: one record per line; `leaf` is the exact RFC 8785 bytes committed to the log.
  leaf_hash = SHA-256(0x00 || leaf) (RFC 6962).
- proofs.jsonl: RFC 6962 inclusion proof of each record in the tree named by checkpoint.txt.
- checkpoint.txt: C2SP signed note (origin, size, base64 root), Ed25519.
- pubkey.vkey: the signer's verifier key. Compare its key id with the one you were given
  out of band; a bundle can only prove what its key vouches for.
- Payloads (prompt text) are outside the tree: `payload_sha256` in the leaf pins them; a purged
  payload appears as null with payload_state "purged".
"""


def write_jsonl(records: Iterable[AuditRecord], out: TextIO) -> int:
    n = 0
    for r in records:
        out.write(json.dumps(r.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":")) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[AuditRecord], out: TextIO) -> int:
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    n = 0
    for r in records:
        d = r.model_dump(mode="json")
        d["rule_ids"] = ";".join(r.rule_ids)
        d["subject"] = json.dumps(r.subject, ensure_ascii=False, sort_keys=True)
        w.writerow([_csv_safe(d.get(c)) for c in CSV_COLUMNS])
        n += 1
    return n


def _csv_safe(value: Any) -> str:
    """Neutralise spreadsheet formula injection (a prompt can start with '=')."""
    s = "" if value is None else str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def write_bundle(
    path: Path,
    records: list[AuditRecord],
    proofs: list[dict[str, Any]],
    checkpoint_text: str,
    vkey: str,
    manifest: dict[str, Any],
    consistency: dict[str, Any] | None = None,
) -> None:
    rec_lines = [_bundle_line(r) for r in records]
    files = {
        "records.jsonl": "\n".join(rec_lines) + ("\n" if rec_lines else ""),
        "proofs.jsonl": "".join(json.dumps(p, separators=(",", ":")) + "\n" for p in proofs),
        "checkpoint.txt": checkpoint_text,
        "pubkey.vkey": vkey + "\n",
        "manifest.json": json.dumps(manifest, indent=2, sort_keys=True) + "\n",
        "VERIFY.md": VERIFY_MD,
    }
    if consistency is not None:
        files["consistency.json"] = json.dumps(consistency, separators=(",", ":")) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(time.time())
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))


def _bundle_line(r: AuditRecord) -> str:
    line = {
        "seq": r.seq,
        "leaf": canonical(r.leaf_dict()).decode("utf-8"),
        "leaf_hash": r.leaf_hash,
        "payload": r.payload,
        "payload_state": r.payload_state,
    }
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


MAX_MEMBER = 2 * 1024**3


def _read_bundle(path: Path) -> dict[str, str]:
    try:
        with tarfile.open(path, "r:gz") as tar:
            out: dict[str, str] = {}
            for m in tar.getmembers():
                if not m.isfile() or m.size > MAX_MEMBER or "/" in m.name:
                    continue
                fh = tar.extractfile(m)
                if fh is not None:
                    out[m.name] = fh.read().decode("utf-8")
            return out
    except (OSError, tarfile.TarError, UnicodeDecodeError, EOFError) as exc:
        raise InputError(f"cannot read audit bundle {path}: {exc}") from exc


def verify_bundle(
    path: Path, *, trusted_keys: list[VerifierKey] | None = None, trusted_checkpoint: str | None = None
) -> VerifyReport:
    """Verify a bundle offline; never raises for a bad bundle, the report says what is wrong.

    ``trusted_keys`` pins the signer: when given, the bundle's own pubkey.vkey is NOT trusted.
    A ``trusted_checkpoint`` older than the bundle must be proven a prefix of it (a consistency
    proof in the bundle, or every leaf of that prefix), otherwise verification fails.
    """
    files = _read_bundle(path)

    def fail(problem: str, seq: int | None = None, size: int = 0, origin: str = "?") -> VerifyReport:
        return VerifyReport(
            ok=False, log_id=origin, size=size, root_hash="", first_bad_seq=seq, problem=problem
        )

    missing = [
        n for n in ("records.jsonl", "proofs.jsonl", "checkpoint.txt", "pubkey.vkey") if n not in files
    ]
    if missing:
        return fail(f"bundle lacks {', '.join(missing)}")
    try:
        if trusted_keys:
            keys = list(trusted_keys)
        else:
            keys = [VerifierKey.parse(files["pubkey.vkey"].strip())]
        cp = verify_checkpoint(files["checkpoint.txt"], keys)
    except CheckpointError as exc:
        return fail(f"bundle checkpoint rejected: {exc}")
    if trusted_keys:
        notes = [f"signed by pinned key {', '.join(k.key_id for k in keys)}"]
    else:
        notes = [
            f"signed by the bundle's own key {keys[0].key_id}: compare it with the key id you were given"
        ]
    tcp = None
    if trusted_checkpoint is not None:
        try:
            tcp = parse_checkpoint(trusted_checkpoint)
        except CheckpointError as exc:
            return fail(f"trusted checkpoint unreadable: {exc}", size=cp.size, origin=cp.origin)
        if tcp.origin != cp.origin or (tcp.size == cp.size and tcp.root != cp.root):
            return fail(
                f"bundle checkpoint contradicts the trusted checkpoint of size {tcp.size}",
                size=cp.size,
                origin=cp.origin,
            )
        if tcp.size > cp.size:
            return fail(
                f"bundle covers {cp.size} records, the trusted checkpoint {tcp.size} (rolled back)",
                size=cp.size,
                origin=cp.origin,
            )
    try:
        proofs = {int(p["seq"]): p for p in map(json.loads, files["proofs.jsonl"].splitlines())}
        lines = [json.loads(ln) for ln in files["records.jsonl"].splitlines()]
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        return fail(f"bundle JSON is malformed: {type(exc).__name__}", size=cp.size, origin=cp.origin)
    purged = 0
    leaf_hashes: dict[int, bytes] = {}
    for line in lines:
        seq = line.get("seq") if isinstance(line, dict) else None
        try:
            leaf = str(line["leaf"]).encode("utf-8")
            lh = merkle.leaf_hash(leaf)
            rec = json.loads(leaf)
            if lh.hex() != line.get("leaf_hash"):
                return fail(
                    "record content does not match its leaf hash (record edited)", seq, cp.size, cp.origin
                )
            if rec.get("seq") != seq or rec.get("log_id") != cp.origin:
                return fail(
                    f"record claims seq {rec.get('seq')} of log {rec.get('log_id')!r}",
                    seq,
                    cp.size,
                    cp.origin,
                )
            proof = proofs.get(int(seq))
            if proof is None or int(proof["tree_size"]) != cp.size:
                return fail("no inclusion proof against the bundle checkpoint", seq, cp.size, cp.origin)
            merkle.verify_inclusion(
                int(seq), cp.size, lh, [bytes.fromhex(h) for h in proof["hashes"]], cp.root
            )
            leaf_hashes[int(seq)] = lh
        except merkle.ProofError as exc:
            return fail(f"inclusion proof fails: {exc}", seq, cp.size, cp.origin)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            return fail(
                f"malformed record line: {type(exc).__name__}: {exc}"[:300],
                seq if isinstance(seq, int) else None,
                cp.size,
                cp.origin,
            )
        digest = rec.get("payload_sha256")
        payload = line.get("payload")
        if digest and payload is not None:
            if "sha256:" + hashlib.sha256(canonical(payload)).hexdigest() != digest:
                return fail(
                    "payload does not match the digest in its record (payload edited)",
                    seq,
                    cp.size,
                    cp.origin,
                )
        elif digest:
            purged += 1
    if tcp is not None:
        problem = _extends(tcp.size, tcp.root, cp.size, cp.root, files.get("consistency.json"), leaf_hashes)
        if problem:
            return fail(problem, size=cp.size, origin=cp.origin)
        notes.append(
            f"matches trusted checkpoint of size {tcp.size}"
            if tcp.size == cp.size
            else f"extends trusted checkpoint of size {tcp.size} (proven)"
        )
    if purged:
        notes.append(f"payload purged or withheld, digest kept: {purged} record(s)")
    notes.insert(0, f"{len(lines)} record(s) proven in the signed tree of size {cp.size}")
    return VerifyReport(
        ok=True, log_id=cp.origin, size=cp.size, root_hash=cp.root_hash, purged_payloads=purged, notes=notes
    )


def _extends(
    old_size: int,
    old_root: bytes,
    new_size: int,
    new_root: bytes,
    consistency_json: str | None,
    leaf_hashes: dict[int, bytes],
) -> str | None:
    """Why the bundle's tree is not shown to extend the trusted one, or None when it is."""
    if old_size == new_size:
        return None
    if consistency_json is not None:
        try:
            proof = json.loads(consistency_json)
            if int(proof["old_size"]) == old_size and int(proof["new_size"]) == new_size:
                hashes = [bytes.fromhex(h) for h in proof["hashes"]]
                merkle.verify_consistency(old_size, new_size, old_root, new_root, hashes)
                return None
        except merkle.ProofError as exc:
            return f"bundle does not extend the trusted checkpoint of size {old_size}: {exc}"
        except (ValueError, KeyError, TypeError, RecursionError):
            return "bundle consistency proof is malformed"
    if all(i in leaf_hashes for i in range(old_size)):
        if merkle.mth([leaf_hashes[i] for i in range(old_size)]) != old_root:
            return (
                f"the bundle's first {old_size} records do not reproduce the trusted checkpoint "
                "(log rewritten)"
            )
        return None
    return (
        f"cannot show the bundle extends the trusted checkpoint of size {old_size}: export the bundle with "
        "`--checkpoint` naming that checkpoint (adds a consistency proof)"
    )
