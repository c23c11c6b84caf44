"""The on-disk cache of the compiled screener: one file of independently loadable sections.

Why sections: a one-prompt ``provguard screen`` should only pay for the parts that prompt needs
(a Latin-only prompt never loads the automaton of other scripts, a prompt without spacing never
loads the squashed view). The file is memory-mapped; a section is checked (CRC-32) and unpickled
on first use.

Layout: ``MAGIC``, a 4-byte header length, a JSON header ``{"version", "key", "sections":
{name: [offset after the header, length, crc32]}, "raw": [names]}``, then the section bytes. A
``Raw`` section is stored as its bytes and read back as a checked view of the mapping (no
unpickling, no copy): flat arrays a start reads in place. Keyed by a digest
of every input and of the code (``key``, also in the file name); written atomically (temp file + rename), so a
reader sees an old file or a new one, never half of one. A missing, truncated, corrupt or stale
file is just a miss; a read-only or missing data dir just means no cache.
"""

from __future__ import annotations

import contextlib
import gc
import json
import mmap
import os
import pickle
import struct
import tempfile
import zlib
from pathlib import Path
from typing import Any

KEEP_CACHES = 3
MAGIC = b"PGSCACHE"
_HEAD = struct.Struct("<I")


class Raw(bytes):
    """Section bytes stored as they are; ``CacheFile.load`` returns a view of them."""


class CacheCorrupt(Exception):
    """A section failed its checksum or could not be unpickled (internal: callers rebuild)."""


def cache_path(cache_dir: Path, key: str, version: str) -> Path:
    return cache_dir / f"screen-{version}-{key[:32]}.bin"


class CacheFile:
    """An opened, validated cache file; sections are read lazily from the mapping.

    The mapping keeps the opened file alive even if another process replaces or prunes it.
    """

    def __init__(
        self,
        path: Path,
        mm: mmap.mmap,
        sections: dict[str, tuple[int, int, int]],
        raw: frozenset[str] = frozenset(),
    ) -> None:
        self.path = path
        self._mm = mm
        self._sections = sections
        self._raw = raw

    def names(self) -> list[str]:
        return list(self._sections)

    def load(self, name: str) -> Any:
        """Unpickle one section (a ``Raw`` one: a read-only view of its bytes); raises
        CacheCorrupt on a bad checksum or payload."""
        try:
            off, length, crc = self._sections[name]
            view = memoryview(self._mm)[off : off + length]
            if zlib.crc32(view) != crc:
                view.release()
                raise CacheCorrupt(f"{self.path.name}: section {name} fails its checksum")
            if name in self._raw:
                return view  # the caller's view keeps the mapping alive
            try:
                # the collector would walk every tuple made so far, again and again: ~5x slower
                enabled = gc.isenabled()
                gc.disable()
                try:
                    return pickle.loads(view)
                finally:
                    if enabled:
                        gc.enable()
            finally:
                view.release()
        except CacheCorrupt:
            raise
        except Exception as exc:  # noqa: BLE001 - any unpickling failure means "rebuild"
            raise CacheCorrupt(f"{self.path.name}: section {name}: {exc}") from exc


def open_cache(cache_dir: Path | None, key: str, version: str) -> CacheFile | None:
    """The cache file for ``key``, or None when it is absent, unreadable, corrupt or stale."""
    if cache_dir is None:
        return None
    p = cache_path(cache_dir, key, version)
    try:
        with p.open("rb") as fh:
            mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # absent, unreadable, or empty (an empty file cannot be mapped)
        return None
    try:
        size = len(mm)
        n0 = len(MAGIC) + _HEAD.size
        if size < n0 or mm[: len(MAGIC)] != MAGIC:
            raise ValueError("bad magic")
        (hlen,) = _HEAD.unpack_from(mm, len(MAGIC))
        if n0 + hlen > size:
            raise ValueError("truncated header")
        head = json.loads(bytes(mm[n0 : n0 + hlen]).decode("utf-8"))
        if head.get("version") != version or head.get("key") != key:
            raise ValueError("stale")
        sections: dict[str, tuple[int, int, int]] = {}
        for name, (off, length, crc) in head["sections"].items():
            start = n0 + hlen + off
            if not (isinstance(off, int) and isinstance(length, int) and off >= 0 and start + length <= size):
                raise ValueError("section out of bounds")
            sections[str(name)] = (start, length, int(crc))
        raw = frozenset(str(n) for n in head.get("raw", ()))
    except Exception:  # noqa: BLE001 - a malformed header is a miss, never a crash
        mm.close()
        return None
    return CacheFile(p, mm, sections, raw)


def store_cache(cache_dir: Path | None, key: str, version: str, sections: dict[str, Any]) -> bool:
    """Pickle each section and write the file atomically; False when it could not be written."""
    if cache_dir is None:
        return False
    tmp: str | None = None
    try:
        blobs = {
            name: bytes(obj) if isinstance(obj, Raw) else pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
            for name, obj in sections.items()
        }
        raw = [name for name, obj in sections.items() if isinstance(obj, Raw)]
        table: dict[str, list[int]] = {}
        off = 0  # offsets count from the end of the header
        for name, b in blobs.items():
            table[name] = [off, len(b), zlib.crc32(b)]
            off += len(b)
        head = json.dumps({"version": version, "key": key, "sections": table, "raw": raw}).encode()
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".screen-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + _HEAD.pack(len(head)) + head)
            for b in blobs.values():
                fh.write(b)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, cache_path(cache_dir, key, version))
        tmp = None
        _prune(cache_dir)
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(cache_dir: Path) -> None:
    """Keep the few newest caches: packs change, old ones are dead weight (tens of MB)."""
    found = []
    for p in cache_dir.glob("screen-*"):
        with contextlib.suppress(OSError):
            found.append((p.stat().st_mtime, p))
    found.sort(reverse=True)
    for _, stale in found[KEEP_CACHES:]:
        with contextlib.suppress(OSError):
            stale.unlink()
