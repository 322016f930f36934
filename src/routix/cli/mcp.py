"""``routix mcp``: the Routix MCP server over stdio, for an agent (Claude Desktop, an IDE).

Without ``--server`` it works offline in this process (the pipeline of ``routix generate``:
offline planner, starter templates, Lightning) and writes each generation to a folder under
``--out`` (default: ``<data_dir>/mcp``). With ``--server URL`` (or ``ROUTIX_SERVER``) it acts for
the user whose API key is given (``--api-key`` or ``ROUTIX_API_KEY``), calling that server's REST
API. stdout carries the protocol
only; messages go to stderr.
"""

from __future__ import annotations

from pathlib import Path

import typer

from routix.cli.remote import API_KEY, SERVER
from routix.cli.support import _errors
from routix.errors import InvalidInput


def mcp(
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Offline: the folder generations are written to (default: <data_dir>/mcp)"),
    wait: float = typer.Option(300.0, "--wait", min=1, help="With --server: longest wait for a generation, seconds"),
) -> None:
    """Serve the Routix tools to an MCP client over stdio (generate, edit, undo, versions, titles,
    presets, quality, animate, batches, history, discover)."""
    from routix.mcp.backend import Backend
    from routix.mcp.server import build_server

    backend: Backend
    with _errors():
        if server:
            from routix.mcp.remote import RemoteBackend

            key = (api_key or "").strip()
            if not key:
                raise InvalidInput("--server needs an API key: --api-key or ROUTIX_API_KEY (create one in the studio "
                                   "or with POST /api/v1/auth/api-keys)")
            backend = RemoteBackend(server, key, wait=wait)
        else:
            from routix.config import get_settings
            from routix.mcp.local import LocalBackend

            settings = get_settings()
            backend = LocalBackend((out or settings.data_dir / "mcp").expanduser().resolve(), ocr=settings.ocr)
    build_server(backend, log_level="WARNING").run("stdio")


def register(app: typer.Typer) -> None:
    """Attach ``mcp`` to the main ``routix`` app."""
    app.command("mcp")(mcp)


__all__ = ["mcp", "register"]
