"""``provguard serve``: the HTTP service (native API + OpenAI-compatible guarded images).

One worker runs in this process. With ``--workers N`` uvicorn starts N processes from the
import-string factory ``provguard.service.app:create_app_from_env``; settings reach them via
``PROVGUARD_*`` environment variables, and Prometheus metrics switch to multiprocess mode.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import socket
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from provguard.config import Settings, load_settings

FACTORY = "provguard.service.app:create_app_from_env"
EXIT_CANNOT_SERVE = 3  # the store, the port or the upstream setting stops the service from starting


class LogFormatChoice(StrEnum):
    auto = "auto"
    human = "human"
    json = "json"


def serve(
    host: Annotated[str | None, typer.Option("--host", help="Interface to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="TCP port (default 8080).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, max=64, help="Worker processes.")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Settings file (YAML or TOML).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Audit database URL or SQLite path.")] = None,
    log_format: Annotated[
        LogFormatChoice | None,
        typer.Option("--log-format", help="human, json, or auto: human on a terminal, JSON otherwise "
                     "(or PROVGUARD_LOG_FORMAT)."),
    ] = None,
) -> None:
    """Serve the API. Create a key first: `provguard keys create --team NAME`."""
    import uvicorn

    from provguard.service import logs

    settings = load_settings(config, host=host, port=port, workers=workers, db=db,
                             log_format=log_format.value if log_format else None)
    chosen = logs.configure(settings.log_level, settings.log_format)
    os.environ["PROVGUARD_LOG_FORMAT"] = chosen  # worker processes log the same way
    _preflight(settings)
    _check_port(settings.host, settings.port)
    typer.echo(f"provguard serving on http://{settings.host}:{settings.port} "
               f"(audit store {_safe_url(settings.db_url())}, {settings.workers} worker(s))", err=True)
    _log_upstream(settings)
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


def _check_port(host: str, port: int) -> None:
    """Say plainly when the port is taken, before the (slow) app start-up hides it in a log line."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        _cannot_serve(f"cannot listen on {host}: {exc.strerror}", "check --host / PROVGUARD_HOST")
        return
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds: TIME_WAIT is fine
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                _cannot_serve(f"port {port} on {host} is already in use",
                              "stop the other server, or pick another port with --port / PROVGUARD_PORT")
            _cannot_serve(f"cannot listen on port {port} on {host}: {exc.strerror}",
                          "check --host / --port (ports below 1024 need privileges)")


def _cannot_serve(message: str, hint: str) -> None:
    typer.echo(f"provguard: error: {message}\n  hint: {hint}", err=True)
    raise typer.Exit(EXIT_CANNOT_SERVE)


def _log_upstream(settings: Settings) -> None:
    """Name the image generator generation requests go to, or say that none is set and what then happens."""
    log = logging.getLogger("provguard.serve")
    if settings.upstream_base_url:
        log.info(f"upstream image generator: {_safe_url(settings.upstream_base_url)}",
                 extra={"event": "serve.upstream", "upstream": _safe_url(settings.upstream_base_url)})
    else:
        log.warning(
            "no upstream image generator configured (PROVGUARD_UPSTREAM_BASE_URL is not set): "
            "/v1/images/generations and /v1/images/edits are refused at once with a message naming "
            "PROVGUARD_UPSTREAM_BASE_URL; screening, inspection and the audit API work as usual",
            extra={"event": "serve.upstream", "upstream": None},
        )


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
