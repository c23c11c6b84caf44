"""``provguard serve``: the HTTP service (native API + OpenAI-compatible guarded images).

One worker runs in this process. With ``--workers N`` uvicorn starts N processes from the
import-string factory ``provguard.service.app:create_app_from_env``; settings reach them via
``PROVGUARD_*`` environment variables, and Prometheus metrics switch to multiprocess mode.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from provguard.config import Settings, load_settings

FACTORY = "provguard.service.app:create_app_from_env"


def serve(
    host: Annotated[str | None, typer.Option("--host", help="Interface to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="TCP port (default 8080).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, max=64, help="Worker processes.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Settings file (YAML or TOML).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Audit database URL or SQLite path.")] = None,
) -> None:
    """Serve the API. Create a key first: `provguard keys create --team NAME`."""
    import uvicorn

    from provguard.service import logs

    settings = load_settings(config, host=host, port=port, workers=workers, db=db)
    logs.configure(settings.log_level)
    _preflight(settings)
    typer.echo(f"provguard serving on http://{settings.host}:{settings.port} "
               f"(audit store {_safe_url(settings.db_url())}, {settings.workers} worker(s))", err=True)
    if settings.workers == 1:
        from provguard.service.app import create_app

        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None,
                    access_log=False, timeout_graceful_shutdown=10)
        return
    env = {"PROVGUARD_HOST": settings.host, "PROVGUARD_PORT": str(settings.port),
           "PROVGUARD_WORKERS": str(settings.workers), "PROVGUARD_DB": settings.db_url()}
    if config is not None:
        env["PROVGUARD_CONFIG"] = str(config.resolve())
    os.environ.update(env)
    metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    own_dir = metrics_dir is None
    if own_dir:
        metrics_dir = tempfile.mkdtemp(prefix="provguard-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    try:
        uvicorn.run(FACTORY, factory=True, host=settings.host, port=settings.port, workers=settings.workers,
                    log_config=None, access_log=False, timeout_graceful_shutdown=10)
    finally:
        if own_dir and metrics_dir:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def _preflight(settings: Settings) -> None:
    """Reach the store and run its migrations once, before any worker starts or anything is printed.

    An unreachable database is then one clear error (exit 3), and workers never race on migrations.
    """
    from provguard.audit import AuditLog
    from provguard.tenancy import TenancyStore

    with AuditLog.open(settings.db_url(), key_path=settings.audit_key_path(),
                       checkpoint_dir=settings.checkpoint_dir):
        pass
    TenancyStore.open(settings.db_url()).close()


def _safe_url(url: str) -> str:
    """Hide a password in a database URL before printing it."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("serve")(serve)
