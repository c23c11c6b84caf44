"""One check for "API keys never leak": the whole key and the whole secret, in text and in files.

Why a helper: a key is ``pvg_<id>_<secret>`` and the base64url secret may itself contain ``_``, so
``key.split("_")[2]`` is only a fragment of it (sometimes empty, which is "found" in any log). The secret
is everything after the second underscore.
"""

from __future__ import annotations

from pathlib import Path


def key_secret(key: str) -> str:
    prefix, key_id, secret = key.split("_", 2)
    assert prefix == "pvg" and key_id and len(secret) >= 32, f"not a provguard key: {key[:8]}…"
    return secret


def assert_key_absent(key: str, texts: dict[str, str | bytes], files: list[Path] = ()) -> None:  # type: ignore[assignment]
    """Neither the full key nor its full secret appears in any text or (binary) file given."""
    secret = key_secret(key)
    needles = (key.encode(), secret.encode())
    where: dict[str, bytes] = {
        name: (t.encode("utf-8", "surrogateescape") if isinstance(t, str) else t) for name, t in texts.items()
    }
    for path in files:
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if p.exists():
                where[str(p)] = p.read_bytes()
    assert where, "nothing to check"
    for name, data in where.items():
        for needle in needles:
            assert needle not in data, f"API key material found in {name}"
