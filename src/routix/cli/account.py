"""``routix keys list|create NAME|revoke ID`` and ``routix export``: an account's API keys and its
data on a server.

Both concern an account, so they need ``--server URL`` and an API key (locally they say so and
exit 1). ``keys`` uses ``GET/POST/DELETE /api/v1/auth/api-keys`` (``create`` shows the new key
once: store it then). ``export --out FILE.zip`` downloads the whole account export
(``GET /api/v1/account/export``); ``export --ids ID,ID --format zip|csv|json --out FILE`` exports
chosen results (``POST /api/v1/exports``). The file is written only when the download succeeded.
``--json`` prints the API's JSON (or ``{"path", "bytes", "format"}`` for an export); otherwise a
Rich table or one line on stderr.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

import typer
from rich import box
from rich.table import Table

from routix.cli.remote import API_KEY, SERVER, Remote, remote_from
from routix.cli.support import _errors, console
from routix.errors import InvalidInput, RoutixError

keys_app = typer.Typer(help="Your API keys on a server (needs --server).", no_args_is_help=True)

JSON = typer.Option(False, "--json", help="Print JSON")


def need_server(server: str | None, api_key: str | None, what: str) -> Remote:
    """The server client of ``--server``/``--api-key``; InvalidInput naming ``what`` when the
    command runs without a server."""
    remote = remote_from(server, api_key)
    if remote is None:
        raise InvalidInput(f"{what} on a server: give --server URL (or ROUTIX_SERVER) and an API key "
                           "(--api-key or ROUTIX_API_KEY)", code="needs_server")
    return remote


def print_table(title: str, columns: list[str], rows: list[list[Any]], *, keep: int = 1) -> None:
    """A Rich table on the console (stderr); empty cells for None. The first ``keep`` columns
    (an id to copy, ...) never wrap; the others fold when the terminal is narrow."""
    table = Table(title=title, title_justify="left", highlight=False, box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False)
    for index, column in enumerate(columns):
        table.add_column(column, no_wrap=index < keep, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def day(stamp: str | None) -> str | None:
    """The date part (YYYY-MM-DD) of an ISO 8601 timestamp, for tables."""
    return stamp[:10] if stamp else None


def uuid_argument(value: str, what: str) -> uuid.UUID:
    """``value`` as a UUID; InvalidInput naming ``what`` otherwise."""
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise InvalidInput(f"not {what}: {value!r}") from None


def _key_state(key: dict[str, Any]) -> str:
    if key.get("revoked_at"):
        return f"revoked {day(key['revoked_at'])}"
    return f"used {day(key['last_used_at'])}" if key.get("last_used_at") else f"new {day(key['created_at'])}"


@keys_app.command("list")
def keys_list(as_json: bool = JSON, server: str | None = SERVER, api_key: str | None = API_KEY) -> None:
    """List your API keys (revoked ones too), newest first."""
    with _errors(as_json), need_server(server, api_key, "API keys belong to an account") as remote:
        keys = remote.call("GET", "/api/v1/auth/api-keys")
    if as_json:
        print(json.dumps(keys, indent=2))
        return
    print_table("API keys", ["id", "name", "prefix", "state"],
                [[k["id"], k["name"], k["prefix"], _key_state(k)] for k in keys])


@keys_app.command("create")
def keys_create(name: str = typer.Argument(..., help="A name to recognise the key by, e.g. ci"),
                as_json: bool = JSON, server: str | None = SERVER, api_key: str | None = API_KEY) -> None:
    """Create an API key; the key is shown this once (store it now)."""
    with _errors(as_json):
        if not name.strip():
            raise InvalidInput("the key needs a name")
        with need_server(server, api_key, "API keys belong to an account") as remote:
            created = remote.call("POST", "/api/v1/auth/api-keys", json={"name": name.strip()})
    if as_json:
        print(json.dumps(created, indent=2))
        return
    console.print(f"API key [bold]{created['name']}[/] ({created['id']}) - shown only now, store it:", highlight=False)
    print(created["key"])


@keys_app.command("revoke")
def keys_revoke(key_id: str = typer.Argument(..., help="The key's id (see `routix keys list`)"),
                as_json: bool = JSON, server: str | None = SERVER, api_key: str | None = API_KEY) -> None:
    """Revoke one of your API keys; the server refuses it from the next request on."""
    with _errors(as_json):
        wanted = uuid_argument(key_id, "an API key id")
        with need_server(server, api_key, "API keys belong to an account") as remote:
            remote.call("DELETE", f"/api/v1/auth/api-keys/{wanted}")
    if as_json:
        print(json.dumps({"id": str(wanted), "revoked": True}))
        return
    console.print(f"revoked API key {wanted}", highlight=False)


def write_file(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` through a temporary sibling (no half-written file on failure).
    Raises RoutixError when the file cannot be written."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    except OSError as exc:
        raise RoutixError(f"cannot write {out}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(staging, out)
    except OSError as exc:
        Path(staging).unlink(missing_ok=True)
        raise RoutixError(f"cannot write {out}: {exc.strerror or exc}") from None
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise


def export(
    out: Path = typer.Option(..., "--out", "-o", help="The file to write (.zip, .csv or .json)"),
    ids: str | None = typer.Option(None, "--ids", help="Comma-separated generation ids: export these results only"),
    fmt: str | None = typer.Option(None, "--format", help="With --ids: zip (thumbnails + rows), csv or json; "
                                                          "default zip"),
    as_json: bool = typer.Option(False, "--json", help='Print {"path", "bytes", "format"}'),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
) -> None:
    """Download your data from a server: everything (a zip of your account, generations, assets,
    credits and files) or, with --ids, chosen results as zip, csv or json."""
    with _errors(as_json):
        chosen = [uuid_argument(v, "a generation id") for v in ids.split(",") if v.strip()] if ids else []
        if ids is not None and not chosen:
            raise InvalidInput("--ids needs at least one generation id")
        if fmt is not None and fmt not in ("zip", "csv", "json"):
            raise InvalidInput(f"--format is zip, csv or json, not {fmt!r}")
        if fmt not in (None, "zip") and not chosen:
            raise InvalidInput("the account export is a zip; --format csv/json needs --ids")
        if out.is_dir():
            raise InvalidInput(f"--out is a folder: give the file to write, e.g. {out / 'routix-export.zip'}")
        with need_server(server, api_key, "the export is an account's data") as remote:
            if chosen:
                fmt = fmt or "zip"
                body = {"generation_ids": [str(i) for i in dict.fromkeys(chosen)], "format": fmt}
                data = remote.send("POST", "/api/v1/exports", json=body).content
            else:
                fmt = "zip"
                data = remote.send("GET", "/api/v1/account/export").content
        write_file(out, data)
    if as_json:
        print(json.dumps({"path": str(out), "bytes": len(data), "format": fmt}))
        return
    console.print(f"wrote {out} ({len(data)} bytes, {fmt})", highlight=False)


def register(app: typer.Typer) -> None:
    """Attach ``keys`` and ``export`` to the main ``routix`` app."""
    app.add_typer(keys_app, name="keys")
    app.command("export")(export)


__all__ = ["day", "need_server", "print_table", "register", "uuid_argument", "write_file"]
