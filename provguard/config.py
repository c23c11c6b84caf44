"""Settings: defaults < config file < ``PROVGUARD_*`` environment < explicit flags.

One model for the CLI, the library and the service, so a variable means the same thing
everywhere. Paths default into the user data directory (platformdirs), so nothing needs a
server or a setup step. The environment is read here rather than by pydantic-settings, whose
import (it pulls in asyncio) cost every ``provguard screen`` ~40 ms; ``from_environ`` keeps its
rules: names matched case-insensitively, list fields given as JSON, keyword arguments win.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from provguard.errors import ConfigError

ENV_PREFIX = "PROVGUARD_"
#: Fields whose environment value is JSON (as pydantic-settings decodes "complex" fields).
JSON_FIELDS = frozenset({"people_packs"})


class SettingsError(ValueError):
    """An environment value that cannot be decoded (e.g. a list field that is not JSON)."""


def default_data_dir() -> Path:
    """platformdirs' user data dir; on Linux its XDG rule is written out, because importing
    platformdirs (it pulls in tempfile and shutil) costs every ``provguard screen`` ~8 ms."""
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return Path(base) / "provguard"
    import platformdirs

    return Path(platformdirs.user_data_dir("provguard", appauthor=False))


class Settings(BaseModel):
    """Every setting; ``Settings(**values)`` also reads ``PROVGUARD_<NAME>`` (values win)."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**from_environ(), **values})

    # where state lives
    data_dir: Path = Field(default_factory=default_data_dir)
    db: str | None = None  # file path, sqlite:///..., or postgresql://...
    audit_key: Path | None = None  # Ed25519 checkpoint signing key (PEM); default in data_dir
    checkpoint_dir: Path | None = None  # where signed checkpoints are also written

    # screening
    policy: str = "standard"  # profile name or path to a profile file
    people_packs: list[Path] = Field(default_factory=list)  # extra people lists compiled in

    # provenance
    trust_anchors: Path | None = None  # PEM bundle of C2PA trust anchors
    watermark: Literal["auto", "always", "never"] = "auto"

    # logging
    log_level: str = "INFO"
    log_format: Literal["auto", "human", "console", "json"] = "auto"  # auto: human on a TTY; console = human

    # service
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    workers: int = 1
    upstream_base_url: str | None = None
    upstream_api_key: str | None = None
    upstream_timeout: float = 120.0
    upstream_retries: int = 2
    max_body_bytes: int = 25 * 1024 * 1024
    max_upload_bytes: int = 20 * 1024 * 1024
    max_image_pixels: int = 40_000_000
    max_prompt_chars: int = 8000
    rate_limit_per_minute: int = 600
    fail_open: bool = False
    block_error_code: str = "content_policy_violation"
    signing_cert: Path | None = None  # PEM chain (leaf first) for re-signing generated images
    signing_key: Path | None = None  # PKCS#8 private key matching signing_cert
    signing_alg: str = "es256"
    # outcome records: "sync" = committed before answering (every acknowledged answer's records are
    # durable); "group" = committed with the next batch while the answer goes out (the intent record
    # before forwarding is still durable first; Gateway.aclose flushes what is in flight)
    audit_outcome: Literal["sync", "group"] = "sync"
    image_url_ttl: float = Field(default=3600.0, gt=0)  # seconds a signed output returned as a URL lives
    # how long a write waits for another writer's lock on the audit/tenancy store before 503
    store_lock_timeout: float = Field(default=5.0, gt=0, le=300)
    # checks on what the upstream returns (each image must decode within these limits)
    max_upstream_body_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    max_output_image_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    max_output_image_pixels: int = Field(default=4096 * 4096, ge=1)
    # who may approve a held request: "person" (not the requester's key nor another key of the
    # same named owner), "key" (any key but the requester's) or "off" (self-approval allowed)
    review_separation: Literal["person", "key", "off"] = "person"

    def db_url(self) -> str:
        """The audit store URL; a bare path or nothing becomes a SQLite file."""
        if not self.db:
            return "sqlite:///" + str(self.data_dir / "audit.sqlite3")
        if "://" in self.db:
            return self.db
        return "sqlite:///" + str(Path(self.db).expanduser().resolve())

    def audit_key_path(self) -> Path:
        return self.audit_key or (self.data_dir / "audit_ed25519.pem")


def from_environ(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """The ``PROVGUARD_*`` values of the fields, as strings (JSON-decoded for list fields)."""
    env = {k.lower(): v for k, v in (os.environ if environ is None else environ).items()}
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        raw = env.get(ENV_PREFIX.lower() + name)
        if raw is None:
            continue
        if name in JSON_FIELDS:
            try:
                decoded = json.loads(raw)
            except ValueError as exc:
                raise SettingsError(
                    f'error parsing value for field "{name}" from source "EnvSettingsSource"'
                ) from exc
            if decoded is None:  # JSON null: as if unset
                continue
            values[name] = decoded
        else:
            values[name] = raw
    return values


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build Settings from an optional YAML/TOML file, the environment and explicit overrides.

    Environment variables win over the file; explicit (non-None) overrides win over both.
    """
    file_values: dict[str, Any] = {}
    env_config = os.environ.get("PROVGUARD_CONFIG")
    path = config_file or (Path(env_config) if env_config else None)
    if path is not None:
        file_values = _read_config_file(path)
    env_keys = {k[len(ENV_PREFIX):].lower() for k in os.environ if k.startswith(ENV_PREFIX)}
    merged = {k: v for k, v in file_values.items() if k not in env_keys}
    merged.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings(**merged)
    except Exception as exc:  # pydantic ValidationError: name the field path
        raise ConfigError(f"invalid configuration: {exc}") from exc


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path} is not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if path.suffix == ".toml":
        import tomllib

        try:
            data: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        data = data.get("tool", {}).get("provguard", data)
    else:
        import yaml

        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"config file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping of settings")
    return {str(k).replace("-", "_"): v for k, v in data.items()}
