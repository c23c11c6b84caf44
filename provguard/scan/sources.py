"""SOURCE strings -> the files to scan, listed in parallel, each with its identity for resume.

A SOURCE is a local folder or file, a manifest (``@list.txt`` or a ``.txt``/``.lst``/``.manifest``
file: one path or URL per line), or an fsspec URL (``s3://bucket/prefix``). Object-store prefixes
are listed one sub-prefix per thread, so a bucket with many top-level folders lists in parallel.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from provguard.errors import InputError, UsageError
from provguard.provenance.scan import IMAGE_SUFFIXES, expand

MANIFEST_SUFFIXES = {".txt", ".lst", ".list", ".manifest"}
LIST_THREADS = 16


@dataclass(frozen=True)
class Entry:
    """One file to scan. ``size`` -1: unknown (the worker reports why it cannot be read)."""

    path: str
    size: int
    etag: str | None = None
    mtime: str | None = None

    def identity(self) -> tuple[str, int, str]:
        """What makes a file "already scanned": path, size and etag (or mtime when there is none)."""
        return (self.path, self.size, self.etag or self.mtime or "")


def is_url(source: str) -> bool:
    return "://" in source and not source.startswith("file://")


def storage_options_from_env(env: os._Environ[str] | dict[str, str] | None = None) -> dict[str, Any]:
    """s3fs options from the standard AWS variables (endpoint, key, secret, session token)."""
    env = env if env is not None else os.environ
    opts: dict[str, Any] = {}
    if env.get("AWS_ENDPOINT_URL"):
        opts["client_kwargs"] = {"endpoint_url": env["AWS_ENDPOINT_URL"]}
    if env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"):
        opts["key"] = env["AWS_ACCESS_KEY_ID"]
        opts["secret"] = env["AWS_SECRET_ACCESS_KEY"]
        if env.get("AWS_SESSION_TOKEN"):
            opts["token"] = env["AWS_SESSION_TOKEN"]
    return opts


def filesystem(url: str, storage_options: dict[str, Any]) -> tuple[Any, str]:
    """(fsspec filesystem, path inside it) for ``url``; a missing driver is a usage error."""
    import fsspec

    protocol = url.split("://", 1)[0] if is_url(url) else "file"
    try:
        fs, path = fsspec.core.url_to_fs(url, **(storage_options if protocol != "file" else {}))
    except (ImportError, ValueError) as exc:
        raise UsageError(
            f"cannot open {url}: {exc}", hint="install the driver for this URL (s3: pip install s3fs)"
        ) from None
    return fs, path


def _wanted(name: str, all_files: bool) -> bool:
    if all_files:
        return True
    base = name.rsplit("/", 1)[-1]
    suffix = os.path.splitext(base)[1].lower()
    return suffix in IMAGE_SUFFIXES or suffix == ""


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC).isoformat()
    return None if value is None else str(value)


def _remote_entry(fs: Any, info: dict[str, Any]) -> Entry:
    etag = info.get("ETag") or info.get("etag")
    return Entry(
        path=fs.unstrip_protocol(info["name"]),
        size=int(info.get("size") or 0),
        etag=str(etag).strip('"') if etag else None,
        mtime=_iso(info.get("LastModified") or info.get("mtime") or info.get("last_modified")),
    )


def _local_entry(path: Path) -> Entry:
    name = str(path.absolute())
    try:
        st = path.stat()
    except OSError:
        return Entry(name, -1)
    return Entry(name, st.st_size, mtime=str(st.st_mtime_ns))


def list_prefix(url: str, storage_options: dict[str, Any], *, all_files: bool = False) -> list[Entry]:
    """Every file under an fsspec prefix: the prefix's own listing, then each sub-prefix in a thread."""
    fs, root = filesystem(url, storage_options)
    try:
        top = fs.ls(root, detail=True)
    except FileNotFoundError:
        raise InputError(f"{url}: no such bucket or prefix") from None
    except PermissionError as exc:
        raise InputError(f"{url}: access denied ({exc})") from None
    except OSError as exc:
        raise InputError(f"{url}: cannot list ({exc})") from None
    if not top and fs.isfile(root):
        top = [fs.info(root)]
    files = [i for i in top if i.get("type") != "directory"]
    dirs = [i["name"] for i in top if i.get("type") == "directory"]

    def find(prefix: str) -> list[dict[str, Any]]:
        return list(fs.find(prefix, detail=True).values())

    with ThreadPoolExecutor(max_workers=min(LIST_THREADS, max(1, len(dirs)))) as pool:
        for found in pool.map(find, dirs):
            files.extend(found)
    out = [_remote_entry(fs, i) for i in files if _wanted(i["name"], all_files)]
    return sorted(out, key=lambda e: e.path)


def read_manifest(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"manifest {path}: cannot read ({exc})") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _stat_urls(urls: Sequence[str], storage_options: dict[str, Any]) -> list[Entry]:
    """HEAD each manifest URL in parallel; one that cannot be stat'ed is kept with size -1."""

    def stat(url: str) -> Entry:
        try:
            fs, p = filesystem(url, storage_options)
            return _remote_entry(fs, fs.info(p))
        except (OSError, UsageError):
            return Entry(url, -1)

    with ThreadPoolExecutor(max_workers=LIST_THREADS) as pool:
        return list(pool.map(stat, urls))


def _is_manifest(source: str) -> bool:
    return source.startswith("@") or (
        not is_url(source) and Path(source).suffix.lower() in MANIFEST_SUFFIXES and Path(source).is_file()
    )


def list_sources(
    sources: Iterable[str], storage_options: dict[str, Any], *, all_files: bool = False
) -> list[Entry]:
    """Every file named by ``sources``, deduplicated by path, sources listed in parallel."""
    srcs = list(sources)
    if not srcs:
        raise UsageError("no SOURCE given")

    def one(source: str) -> list[Entry]:
        if _is_manifest(source):
            lines = read_manifest(Path(source.removeprefix("@")))
            urls = [u for u in lines if is_url(u)]
            local = [Path(u.removeprefix("file://")) for u in lines if not is_url(u)]
            return [_local_entry(p) for p in local] + _stat_urls(urls, storage_options)
        if is_url(source):
            return list_prefix(source, storage_options, all_files=all_files)
        p = Path(source.removeprefix("file://"))
        if not p.exists():
            raise InputError(f"{source}: no such file or folder")
        return [_local_entry(f) for f in expand([p], recursive=True)]

    with ThreadPoolExecutor(max_workers=min(LIST_THREADS, len(srcs))) as pool:
        listed = list(pool.map(one, srcs))
    return list(_dedupe(e for group in listed for e in group))


def _dedupe(entries: Iterable[Entry]) -> Iterator[Entry]:
    seen: set[str] = set()
    for e in entries:
        if e.path not in seen:
            seen.add(e.path)
            yield e
