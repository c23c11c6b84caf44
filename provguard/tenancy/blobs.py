"""Signed outputs returned as URLs, kept in the shared database with an expiry.

Any replica behind the load balancer serves ``/v1/images/files/{id}`` from here, so a URL made
on one replica downloads from another. Ids are 192-bit random tokens (capability URLs, like
pre-signed links); a row lives ``ttl`` seconds and expired rows are purged as new ones arrive.
"""

from __future__ import annotations

import secrets
import time

from provguard.provenance.sign import sniff_mime
from provguard.tenancy.db import Database

_EXT = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/avif": "avif",
    "image/heic": "heic",
    "image/tiff": "tif",
}


class SharedImageFiles:
    """The ``ImageFiles`` interface (``put``/``get``) over the tenancy database."""

    def __init__(self, db: Database, ttl: float = 3600.0) -> None:
        self.db = db
        self.ttl = ttl
        blob = "BYTEA" if db.dialect == "postgres" else "BLOB"
        with db.tx() as cur:
            cur.execute(f"""CREATE TABLE IF NOT EXISTS tenancy_files (
                file_id TEXT PRIMARY KEY, data {blob} NOT NULL, content_type TEXT NOT NULL,
                expires_at DOUBLE PRECISION NOT NULL)""")

    def put(self, data: bytes) -> str:
        ctype = sniff_mime(data) or "application/octet-stream"
        file_id = secrets.token_urlsafe(24) + "." + _EXT.get(ctype, "bin")
        now = time.time()
        with self.db.tx() as cur:
            cur.execute("DELETE FROM tenancy_files WHERE expires_at < ?", (now,))
            cur.execute(
                "INSERT INTO tenancy_files (file_id, data, content_type, expires_at) VALUES (?, ?, ?, ?)",
                (file_id, data, ctype, now + self.ttl),
            )
        return file_id

    def get(self, file_id: str) -> tuple[bytes, str] | None:
        if not file_id or len(file_id) > 100:
            return None
        with self.db.tx(write=False) as cur:
            row = cur.execute(
                "SELECT data, content_type, expires_at FROM tenancy_files WHERE file_id = ?", (file_id,)
            ).fetchone()
        if row is None or float(row[2]) < time.time():
            return None
        return bytes(row[0]), str(row[1])
