"""``routix status ID`` and ``routix result ID --out DIR``: a generation's state, and its files;
``routix history`` and ``routix credits``: an account's generations (searchable) and credits on a
server; ``routix discover``: a server's public thumbnails.

Locally they read the generation from this machine's service database and blob store (the ones
``routix serve`` uses: ``ROUTIX_DATABASE_URL`` / ``ROUTIX_DATA_DIR``); with ``--server`` they
ask that server as the API key's user (``GET /api/v1/generation/{id}/status``,
``GET /api/v1/generation/{id}`` and its signed links). ``--json`` prints the API's own JSON
(``status``) or the generation with the files written (``result``). ``history`` and ``credits``
concern an account, so they need ``--server`` (locally they say so and exit 1); ``discover`` needs
``--server`` and no key.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import typer

from routix.cli import remote_calls
from routix.cli.generate import print_generation
from routix.cli.remote import API_KEY, SERVER, public_remote, remote_from
from routix.cli.support import DirectorySink, _errors, console, library_services
from routix.errors import InvalidInput, NotFound


def _generation_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidInput(f"not a generation id: {value!r}") from None


def _local(generation_id: uuid.UUID, files: Path | None = None) -> tuple[dict[str, Any], list[Path]]:
    """The generation's view from the local service database (files written into ``files``
    when given). Raises InvalidInput without a local database, NotFound for an unknown id."""
    from routix.generations.repository import get_generation  # the service stack: only when it runs
    from routix.generations.views import result_view

    with library_services() as services:
        if services is None:
            raise InvalidInput("there is no local Routix database here (ROUTIX_DATA_DIR); use --server URL with "
                               "an API key to ask a server")
        with services.db.session() as session:
            row = get_generation(session, generation_id)
            if row is None:
                raise NotFound(f"no generation {generation_id} in the local database")
            view = result_view(row, services)
            outputs = dict(row.outputs or {})
        if files is None or view["status"] != "completed":
            return view, []
        sink = DirectorySink(files)
        try:
            for name, key in sorted(outputs.items()):
                if not name.startswith("assets/"):
                    sink.put(name, services.blobs.get(key), "application/octet-stream")
        except BaseException:
            sink.discard()
            raise
        return view, sink.commit()


def status(
    generation_id: str = typer.Argument(..., help="The generation's id"),
    follow: bool = typer.Option(False, "--follow", help="With --server: wait until it is final, with a progress bar"),
    wait: float = typer.Option(600.0, "--wait", min=1, help="With --follow: longest wait, seconds"),
    as_json: bool = typer.Option(False, "--json", help="Print the status as JSON"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
) -> None:
    """Show a generation's status (pending ... completed or failed), stage and progress."""
    with _errors(as_json):
        wanted = _generation_id(generation_id)
        remote = remote_from(server, api_key)
        if remote is not None:
            with remote:
                url = f"/api/v1/generation/{wanted}/status"
                body = remote.follow(url, label="generation", show=not as_json, wait=wait) if follow else \
                    remote.call("GET", url)
        else:
            view, _ = _local(wanted)
            body = {k: v for k, v in view.items() if k not in ("request", "template_ref", "result")}
    if as_json:
        print(json.dumps(body, indent=2))
        return
    error = body.get("error") or {}
    console.print(f"{body['id']}  [bold]{body['status']}[/]  {body.get('stage')}  {body.get('progress')}%  "
                  f"{error.get('message') or body.get('message') or ''}", highlight=False)


def result(
    generation_id: str = typer.Argument(..., help="The generation's id"),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the files into"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
) -> None:
    """Download a completed generation's files: thumbnail (JPEG, PNG), cover, PSD, design.json,
    quality report and variants."""
    with _errors(as_json):
        wanted = _generation_id(generation_id)
        remote = remote_from(server, api_key)
        if remote is not None:
            with remote:
                generation = remote.call("GET", f"/api/v1/generation/{wanted}")
                written = remote_calls.download_generation(remote, generation, out)
        else:
            generation, written = _local(wanted, out)
            if generation["status"] != "completed":
                raise InvalidInput(f"generation {wanted} is {generation['status']}, it has no files yet",
                                   code="not_completed")
    print_generation(generation, written, as_json)


def history(
    search: str | None = typer.Option(None, "--search", "-q", help="Words of the prompt, title or name (prefixes)"),
    status_filter: str | None = typer.Option(None, "--status", help="Only this status, e.g. completed or failed"),
    category: str | None = typer.Option(None, "--category", help="Only this category, e.g. gaming"),
    oldest: bool = typer.Option(False, "--oldest", help="Oldest first (default: newest first)"),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=100, help="How many generations"),
    as_json: bool = typer.Option(False, "--json", help="Print the generations as JSON"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
) -> None:
    """List and search your generations on a server (``GET /api/v1/history``)."""
    with _errors(as_json):
        remote = remote_from(server, api_key)
        if remote is None:
            raise InvalidInput("history lists an account's generations on a server: give --server URL and an API "
                               "key (local runs of `routix generate` keep no history; their files are in --out)")
        params = {"limit": limit, "q": search, "status": status_filter, "category": category,
                  "sort": "oldest" if oldest else "newest"}
        with remote:
            items = remote.call("GET", "/api/v1/history", params={k: v for k, v in params.items() if v})["items"]
    rows = [{"id": g["id"], "status": g["status"], "algorithm": g.get("algorithm"), "created_at": g.get("created_at"),
             "name": g.get("name"), "prompt": (g.get("request") or {}).get("prompt")} for g in items]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    if not rows:
        console.print("No generations match." if search or status_filter or category else "No generations yet.")
    for row in rows:
        console.print(f"{row['id']}  {row['created_at'] or '':<32} {row['status']:<10} {row['algorithm']:<10} "
                      f"{row['name'] or row['prompt']}", highlight=False)


def discover(
    sort: str = typer.Option("recent", "--sort", help="recent, popular (most likes) or trending"),
    category: str | None = typer.Option(None, "--category", help="Only this category, e.g. gaming"),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=100, help="How many items"),
    as_json: bool = typer.Option(False, "--json", help="Print the items as JSON"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
) -> None:
    """List a server's public thumbnails (``GET /api/v1/discover``); no API key needed."""
    with _errors(as_json):
        if sort not in ("recent", "popular", "trending"):
            raise InvalidInput(f"--sort must be recent, popular or trending, not {sort!r}")
        remote = public_remote(server, api_key)
        if remote is None:
            raise InvalidInput("discover lists what people published on a server: give --server URL")
        params = {"sort": sort, "limit": limit, "category": category}
        with remote:
            items = remote.call("GET", "/api/v1/discover", params={k: v for k, v in params.items() if v})["items"]
            rows = [{"title": i["title"], "by": i["display_name"], "category": i.get("category"),
                     "likes": i["like_count"], "views": i["view_count"], "url": remote.absolute(i["url"])}
                    for i in items]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    if not rows:
        console.print("Nothing published here yet.")
    for row in rows:
        console.print(f"{row['likes']:>4} likes {row['views']:>5} views  {row['title']}  ({row['by']})  {row['url']}",
                      highlight=False)


def credits(
    as_json: bool = typer.Option(False, "--json", help="Print the balance and recent ledger entries as JSON"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
) -> None:
    """Show your credit balance and plan on a server (``GET /api/v1/credits``)."""
    with _errors(as_json):
        remote = remote_from(server, api_key)
        if remote is None:
            raise InvalidInput("credits belong to an account on a server: give --server URL and an API key "
                               "(local generation is free)")
        with remote:
            body = remote.call("GET", "/api/v1/credits")
    if as_json:
        print(json.dumps(body, indent=2))
        return
    console.print(f"{body['balance']} credits, plan {body['plan']} ({body['monthly_credits']} a month)",
                  highlight=False)


def register(app: typer.Typer) -> None:
    """Attach ``status``, ``result``, ``history`` and ``credits`` to the main ``routix`` app."""
    app.command("status")(status)
    app.command("result")(result)
    app.command("history")(history)
    app.command("discover")(discover)
    app.command("credits")(credits)


__all__ = ["credits", "discover", "history", "register", "result", "status"]
