"""The ``routix`` command line: the root app and the local commands generate, demo, render,
templates list/search and schema (``generate`` and ``demo`` live in :mod:`routix.cli.generate`).

Errors exit with status 1 (bad input) or 2 (usage) and print one line: ``error: <message>``.
``generate`` and ``templates list/search`` work on the template library when its database
exists, else offline on the starter templates (:mod:`routix.cli.support`, "the library rule").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from routix.cli import remote_calls
from routix.cli.generate import DirectorySink, demo, generate
from routix.cli.remote import API_KEY, SERVER, remote_from
from routix.cli.support import LIBRARY_RULE, _errors, console, library_services
from routix.errors import RoutixError

if TYPE_CHECKING:
    from routix.services import Services
    from routix.templates import Template

app = typer.Typer(
    name="routix", help="Routix: thumbnails from a sentence, a face and a title.", no_args_is_help=True,
    add_completion=False, pretty_exceptions_enable=False,
)
templates_app = typer.Typer(help="Browse and search the template library.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")
app.command(help=f"{generate.__doc__}\n\n{LIBRARY_RULE}")(generate)
app.command()(demo)


@app.command("presets")
def presets(as_json: bool = typer.Option(False, "--json", help="Print JSON"),
            server: str | None = SERVER, api_key: str | None = API_KEY) -> None:
    """List the style presets `routix generate --preset` takes (with --server: the server's,
    with their preview picture links)."""
    from routix.presets.service import list_presets

    with _errors(as_json):
        remote = remote_from(server, api_key)
        if remote is not None:
            with remote:
                items = remote.call("GET", "/api/v1/presets")["items"]
                for item in items:
                    item["preview_url"] = remote.absolute(item["preview_url"])
        else:
            items = [{k: v for k, v in p.items() if k != "preview_url"} for p in list_presets()]
    if as_json:
        print(json.dumps(items, indent=2))
        return
    for p in items:
        console.print(f"[bold]{p['name']}[/]  {p['description']} (realism {p['realism']})", highlight=False)


@app.command("render")
def render_cmd(
    design_path: Path = typer.Argument(..., help="design.json (asset paths resolve relative to it) or a version "
                                                 "bundle .zip from the API (design.json + assets/)"),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write thumbnail.jpg, cover.jpg, design.psd into"),
    as_json: bool = typer.Option(False, "--json", help="Print the files written as JSON"),
) -> None:
    """Re-render an edited design.json, or a version bundle zip, into thumbnail.jpg, cover.jpg and design.psd."""
    from routix.cli.bundle import load_design_and_assets
    from routix.design import SIZES
    from routix.render import render, to_jpeg, to_png, to_psd

    with _errors(as_json):
        design, assets = load_design_and_assets(design_path)
        sink = DirectorySink(out)
        try:
            thumb = render(design, SIZES["youtube"], assets).image
            sink.put("thumbnail.jpg", to_jpeg(thumb), "image/jpeg")
            sink.put("thumbnail.png", to_png(thumb), "image/png")
            sink.put("cover.jpg", to_jpeg(render(design, SIZES["cover"], assets).image), "image/jpeg")
            sink.put("design.psd", to_psd(design, SIZES["youtube"], assets), "image/vnd.adobe.photoshop")
        except BaseException:
            sink.discard()
            raise
        written = sink.commit()
    if as_json:
        print(json.dumps({"files": [{"path": str(p), "bytes": p.stat().st_size} for p in written]}, indent=2))
        return
    for path in written:
        console.print(str(path), highlight=False)


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        return f"{loc}: {first.get('msg')}" if loc else str(first.get("msg"))
    return str(exc).splitlines()[0]


@templates_app.command("list", help=f"List the templates `routix generate` can use. {LIBRARY_RULE}")
def templates_list(as_json: bool = typer.Option(False, "--json", help="Print JSON"),
                   server: str | None = SERVER, api_key: str | None = API_KEY) -> None:
    """List the templates ``routix generate`` can use (with --server: the server's library,
    an administrator's API key)."""
    from routix.templates import starter_templates

    with _errors(as_json):
        remote = remote_from(server, api_key)
        if remote is not None:
            with remote:
                rows = remote_calls.templates_list(remote)
        else:
            with library_services() as services:
                if services is None:
                    rows = [{**_template_row(t), "source": "starter"} for t in starter_templates()]
                else:
                    rows = _library_rows(services)
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        console.print(f"[bold]{row['id']:<28}[/] {row['category']:<10} {row['source']:<8} {row['description']}",
                      highlight=False)


@templates_app.command("search", help=f"Semantic search over the templates. {LIBRARY_RULE}")
def templates_search(
    query: str = typer.Argument(..., help="What you are looking for"),
    k: int = typer.Option(5, "-k", min=1, max=50, help="How many results"),
    category: str | None = typer.Option(None, "--category", help="Only this category"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
) -> None:
    """Semantic search over the templates (the library's vector search when there is one; with
    --server the server's, an administrator's API key)."""
    from routix.templates import TemplateFilter, starter_index

    with _errors(as_json):
        if not query.strip():
            raise RoutixError("the query is empty")
        remote = remote_from(server, api_key)
        if remote is not None:
            with remote:
                rows = remote_calls.templates_search(remote, query, k, category)
        else:
            filters = TemplateFilter(category=category) if category else None
            with library_services() as services:
                if services is None:
                    matches = starter_index().search(query, filters, k=k)
                else:
                    from routix.library.search import library_index

                    matches = library_index(services).search(query, filters, k=k)
            rows = [{**_template_row(m.template), "score": round(float(m.score), 4)} for m in matches]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        console.print(f"{row['score']:.3f}  [bold]{row['id']:<28}[/] {row['category']}", highlight=False)


def _library_rows(services: Services) -> list[dict[str, Any]]:
    """The library's searchable templates (active, analysed), starters first, then by slug."""
    from routix.library.repository import searchable_templates  # the service stack: only when a library exists
    from routix.library.search import template_from_row

    with services.db.session() as session:
        found = searchable_templates(session)
    rows = []
    for slug, skeleton, name, category, tags, source in found:
        template = template_from_row(slug, skeleton, name, category, tags)
        if template is not None:
            rows.append({**_template_row(template), "source": source})
    return rows


def _template_row(t: Template) -> dict[str, Any]:
    return {
        "id": t.id, "name": t.name, "category": t.category, "tags": list(t.tags), "description": t.description,
        "energy": t.dna.energy, "has_face": t.dna.has_face, "composition": t.dna.composition,
    }


@app.command()
def schema() -> None:
    """Print the design document's JSON Schema."""
    from routix.design.schema import dump_schema

    print(dump_schema())


def main() -> None:
    """Console-script entry point."""
    from routix.kit.memory import limit_malloc_arenas

    limit_malloc_arenas()
    try:
        app()
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)
