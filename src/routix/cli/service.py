"""Service commands of the ``routix`` CLI: serve, worker, config, db, users.

``routix serve`` needs no configuration: it creates the data dir, migrates the SQLite
database, starts in-process workers and serves the API (OpenAPI at /docs). Every
``ROUTIX_*`` variable (see ``routix.config``) switches one concern to its scale-out adapter.

Each command imports the service stack (settings, SQLAlchemy, FastAPI, uvicorn, Celery) when it
runs, so ``routix --help`` and the local commands (render, generate) start without loading it.
"""

from __future__ import annotations

import getpass
import json
import sys
from typing import TYPE_CHECKING, Any

import typer

from routix.cli.support import _errors, console
from routix.errors import InvalidInput

if TYPE_CHECKING:
    from routix.config import Settings

db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
users_app = typer.Typer(help="Manage accounts.", no_args_is_help=True)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", "-h", help="Interface to listen on"),
    port: int = typer.Option(8000, "--port", "-p", min=1, max=65535, help="TCP port"),
    workers: int | None = typer.Option(None, "--workers", min=1, max=64, help="Jobs run at once (embedded queue)"),
    worker_processes: int | None = typer.Option(
        None, "--worker-processes", min=0, max=64,
        help="Processes the embedded queue's workers run in (0: threads of this process; default: one per core "
             "on 2+ cores)"),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level"),
) -> None:
    """Run the API (and, on the embedded default, the job workers) on HOST:PORT.

    On the embedded queue with two cores or more the workers run in child processes, one per
    core (``ROUTIX_WORKER_PROCESSES``), so jobs and HTTP requests do not share one interpreter;
    their job metrics reach ``/metrics`` through prometheus-client's multiprocess files (in
    ``<data dir>/metrics`` unless ``PROMETHEUS_MULTIPROC_DIR`` is set).

    uvicorn believes ``X-Forwarded-For``/``X-Forwarded-Proto`` only from ROUTIX_TRUSTED_PROXIES
    (default: from nobody; uvicorn's own default would trust 127.0.0.1, so any local process or
    a proxy that passes the header through could choose its address), and sends no ``Server``
    header."""
    from routix.config import Settings

    with _errors():
        overrides: dict[str, Any] = {"workers": workers} if workers else {}
        if worker_processes is not None:
            overrides["worker_processes"] = worker_processes
        settings = serve_settings(Settings(**overrides))
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        if settings.queue == "inline" and settings.worker_processes:
            share_metrics(settings)
        import uvicorn

        from routix.api.app import create_app  # after share_metrics: prometheus-client reads it on import
        from routix.services import Services

        logging_options = log_options(settings, log_level)
        services = Services(settings)
        if not settings.is_embedded_db:
            services.migrate()  # idempotent; the embedded default migrates in the app's lifespan
        app = create_app(services)  # inline: workers + reaper; celery: the reaper only
        console.print(
            f"Routix on [bold]http://{host}:{port}[/] (API docs at /docs) - data in {settings.data_dir}, "
            f"queue {settings.queue}{_worker_layout(settings)}, "
            f"database {settings.effective_database_url.split(':', 1)[0]}",
            highlight=False,
        )
    uvicorn.run(app, host=host, port=port, log_level=log_level, ws="websockets-sansio", timeout_graceful_shutdown=10,
                **uvicorn_options(settings), **logging_options)


def serve_settings(settings: Settings) -> Settings:
    """``settings`` with ``worker_processes`` decided when it is unset: on the embedded queue, one
    worker process per available core when there are two or more (no more than ``workers``),
    else 0 (threads of the API process)."""
    if settings.worker_processes is not None or settings.queue != "inline":
        return settings
    from routix.kit.cpu import available_cores

    cores = available_cores()
    return settings.model_copy(update={"worker_processes": min(cores, settings.workers) if cores >= 2 else 0})


def share_metrics(settings: Settings) -> None:
    """Point prometheus-client at one multiprocess folder for this process and its worker
    processes (``<data dir>/metrics``, emptied: the counters start again with the server) unless
    ``PROMETHEUS_MULTIPROC_DIR`` is set. Call before ``routix.metrics`` is imported."""
    import os
    import shutil

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    folder = settings.data_dir / "metrics"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def _worker_layout(settings: Settings) -> str:
    if settings.queue != "inline":
        return ""
    if settings.worker_processes:
        return f" ({settings.workers} workers in {min(settings.worker_processes, settings.workers)} processes)"
    return f" ({settings.workers} workers)"


def log_options(settings: Settings, log_level: str) -> dict[str, Any]:
    """Configure the process's logging (``ROUTIX_LOG_FORMAT``, :mod:`routix.kit.logs`) and return
    the ``uvicorn.run`` options that send uvicorn's own lines through it: no uvicorn logging
    config, and no uvicorn access log (the app writes its own ``routix.access`` line, which
    carries the request id and never the query string). Call it before the app is built: the
    MCP SDK adds its own root handler when it finds none."""
    from routix.kit.logs import configure

    configure(settings.log_format, log_level.upper())
    return {"log_config": None, "access_log": False}


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The ``uvicorn.run`` options ``routix serve`` takes from ``settings``: proxy headers only
    from ``settings.trusted_proxies`` (the list :func:`routix.api.limits.client_ip` trusts too),
    no ``Server`` header."""
    trusted = list(settings.trusted_proxies)
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted or None, "server_header": False}


def worker(
    concurrency: int | None = typer.Option(None, "--concurrency", "-c", min=1, max=64, help="Worker processes"),
) -> None:
    """Run a Celery worker for ROUTIX_QUEUE=celery (broker: ROUTIX_BROKER_URL or ROUTIX_REDIS_URL)."""
    from routix.config import get_settings

    with _errors():
        settings = get_settings()
        if settings.queue != "celery" or not settings.effective_broker_url:
            raise InvalidInput(
                "`routix worker` serves the Celery queue: set ROUTIX_QUEUE=celery and ROUTIX_REDIS_URL "
                "(or ROUTIX_BROKER_URL); the embedded default runs its workers inside `routix serve`"
            )
    from routix.jobs.worker import run_worker

    run_worker(settings, concurrency=concurrency)


def config(as_json: bool = typer.Option(False, "--json", help="Print JSON")) -> None:
    """Print the effective settings (secrets masked)."""
    from routix.config import get_settings

    data = get_settings().public()
    if as_json:
        print(json.dumps(data, indent=2, default=str))
        return
    width = max(map(len, data))
    for key, value in data.items():
        print(f"{key:<{width}}  {value}")


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision"),
               as_json: bool = typer.Option(False, "--json", help='Print {"revision": ...}')) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from routix.config import get_settings
    from routix.store.migrate import current, upgrade

    with _errors(as_json):
        settings = get_settings()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        url = settings.effective_database_url
        upgrade(url, revision)
        if as_json:
            print(json.dumps({"revision": current(url)}))
        else:
            console.print(f"database at revision {current(url)}", highlight=False)


@db_app.command("current")
def db_current(as_json: bool = typer.Option(False, "--json", help='Print {"revision": ...} (null: empty)')) -> None:
    """Print the database's current revision."""
    from routix.config import get_settings
    from routix.store.migrate import current

    revision = current(get_settings().effective_database_url)
    if as_json:
        print(json.dumps({"revision": revision}))
        return
    print(revision or "empty (run `routix db upgrade`)")


@users_app.command("create-admin")
def create_admin(
    email: str = typer.Option(..., "--email", prompt=True, help="Admin email"),
    username: str | None = typer.Option(None, "--username"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin"),
    as_json: bool = typer.Option(False, "--json", help='Print {"id", "email"} of the administrator'),
) -> None:
    """Create the first administrator (or promote an existing account)."""
    from routix.accounts.service import create_admin as make_admin
    from routix.services import Services

    with _errors(as_json):
        password = sys.stdin.readline().rstrip("\n") if password_stdin else getpass.getpass("Password: ")
        services = Services()
        services.settings.data_dir.mkdir(parents=True, exist_ok=True)
        services.migrate()
        try:
            with services.db.session() as session:
                user = make_admin(session, email, password, username)
                if as_json:
                    print(json.dumps({"id": str(user.id), "email": user.email}))
                else:
                    console.print(f"admin: {user.email}", highlight=False)
        finally:
            services.close()


def register(app: typer.Typer) -> None:
    """Attach the service commands to the main ``routix`` app."""
    app.command()(serve)
    app.command()(worker)
    app.command()(config)
    app.add_typer(db_app, name="db")
    app.add_typer(users_app, name="users")
