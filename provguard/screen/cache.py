"""The on-disk cache of compiled automata: a cold start only unpickles.

Keyed by the digest of every pack the automaton was built from; written atomically; a
read-only or missing data dir just means no cache.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

KEEP_CACHES = 3


def cache_path(cache_dir: Path, key: str, version: str) -> Path:
    return cache_dir / f"screen-{version}-{key[:32]}.pkl"


def load_cached(cache_dir: Path | None, key: str, version: str, cls: type) -> Any:
    if cache_dir is None:
        return None
    p = cache_path(cache_dir, key, version)
    try:
        with p.open("rb") as fh:
            obj = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return obj if isinstance(obj, cls) else None


def store_cached(cache_dir: Path | None, key: str, version: str, compiled: object) -> None:
    """Write atomically; a read-only or missing data dir just means no cache."""
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(compiled, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_path(cache_dir, key, version))
        # keep the few newest caches: packs change, old automata are dead weight (tens of MB)
        old = sorted(cache_dir.glob("screen-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP_CACHES:]:
            stale.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
