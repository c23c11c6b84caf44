"""Signed outputs served back at ``/v1/images/files/{id}`` when a client asks for URLs."""

from __future__ import annotations

import secrets
from pathlib import Path

from provguard.provenance.sign import sniff_mime


class ImageFiles:
    """A capability-URL file store shared by every endpoint adapter.

    Ids are 192-bit random tokens (like a pre-signed URL); files live under the data dir of
    the replica that made them.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    _EXT = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif",
            "image/avif": "avif", "image/heic": "heic", "image/tiff": "tif"}

    def put(self, data: bytes) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        file_id = secrets.token_urlsafe(24) + "." + self._EXT.get(sniff_mime(data) or "", "bin")
        (self.directory / file_id).write_bytes(data)
        return file_id

    def get(self, file_id: str) -> tuple[bytes, str] | None:
        if not file_id or "/" in file_id or "\\" in file_id or file_id.startswith("."):
            return None
        path = self.directory / file_id
        if not path.is_file():
            return None
        data = path.read_bytes()
        return data, sniff_mime(data) or "application/octet-stream"
