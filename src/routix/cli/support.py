"""Shared pieces of the CLI: the stderr console, the one-line error handler and the rule
that decides whether a local command works on the template library or offline.

**The library rule.** ``generate`` and ``templates list/search`` use the template library
(starter + imported templates, admin-configured algorithms) when its database exists: the
settings' database (``ROUTIX_DATABASE_URL``, default the SQLite file
``<ROUTIX_DATA_DIR>/routix.db``) is a server database (any non-SQLite URL), or a SQLite file
that is already there (``routix templates import``, ``routix db upgrade`` or ``routix serve``
made it). Otherwise they run zero-config and offline on the starter templates and Lightning,
and create nothing on disk.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from routix.errors import RoutixError

if TYPE_CHECKING:
    from routix.config import Settings
    from routix.services import Services

console = Console(stderr=True)

#: the library rule in a sentence, for the commands' help texts
LIBRARY_RULE = (
    "Uses the template library (starter + `routix templates import`ed templates) when its database "
    "exists: ROUTIX_DATABASE_URL is a server database, or the SQLite file (default "
    "$ROUTIX_DATA_DIR/routix.db) is there; otherwise the built-in starter templates, offline."
)


class DirectorySink:
    """Stage outputs in a hidden sibling folder of ``out``; ``commit`` moves them into ``out``."""

    def __init__(self, out: Path) -> None:
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
        self.names: list[str] = []

    def put(self, name: str, data: bytes, content_type: str) -> None:
        path = (self.staging / name).resolve()
        if not path.is_relative_to(self.staging.resolve()):
            raise RoutixError(f"refusing to write {name!r} outside the output folder")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.names.append(name)

    def commit(self) -> list[Path]:
        self.out.mkdir(parents=True, exist_ok=True)
        written = []
        for name in self.names:
            target = self.out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            (self.staging / name).replace(target)
            written.append(target)
        self.discard()
        return written

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


@contextmanager
def _errors(as_json: bool = False) -> Iterator[None]:
    """Turn Routix errors into one line on stderr and exit status 1; with ``as_json`` (a
    command's ``--json``) stdout also gets ``{"error": {"code", "message"}}``."""
    try:
        yield
    except RoutixError as exc:
        console.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
        if as_json:
            print(json.dumps({"error": {"code": exc.code, "message": exc.message}}))
        raise typer.Exit(1) from None


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for in-memory SQLite); raises ValueError for other URLs."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.get_backend_name() == "sqlite":
        raise ValueError(f"not a SQLite URL: {parsed.get_backend_name()}")
    database = parsed.database or ""
    return None if database in ("", ":memory:") else Path(database)


def library_present(settings: Settings) -> bool:
    """True when the settings' library database exists (see the module docstring)."""
    url = settings.effective_database_url
    try:
        path = sqlite_path(url)
    except ValueError:
        return True  # a server database: the operator pointed the CLI at it
    return path is not None and path.is_file()


@contextmanager
def library_services() -> Iterator[Services | None]:
    """The :class:`~routix.services.Services` of the library (schema brought up to date, as
    ``routix serve`` does), or None when there is no library database; closed on exit."""
    from routix.config import get_settings

    settings = get_settings()
    if not library_present(settings):
        yield None
        return
    from routix.services import Services

    services = Services(settings)
    try:
        services.migrate()  # idempotent: one query when the schema and starter rows are current
        yield services
    finally:
        services.close()


__all__ = ["LIBRARY_RULE", "DirectorySink", "console", "library_present", "library_services", "sqlite_path"]
