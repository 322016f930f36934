"""``routix edit`` (a new version by a plain-language instruction) and ``routix titles suggest``
/ ``refine``.

``edit`` with ``--server`` edits a version on that server (``POST /api/v1/generation/{id}/edit``,
followed to its end) and downloads the new version's files into ``--out``; locally it edits a
``design.json`` (asset paths relative to it) or a version bundle ``.zip`` with the offline
instruction parser (:mod:`routix.edit.offline`) and renders the new version into ``--out``
(thumbnail, PNG, cover, PSDs, design.json, quality report and the images it refers to, so
``routix render OUT/design.json`` and another ``routix edit OUT/design.json`` work on it).

``titles suggest`` and ``titles refine`` ask the server's title API with ``--server``, else the
same offline rules the server uses without a language model. ``--json`` prints the API's shape.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import typer

from routix.cli.remote import API_KEY, SERVER, Remote, remote_from
from routix.cli.remote_calls import download_generation
from routix.cli.support import DirectorySink, _errors, console
from routix.errors import InvalidInput, RoutixError

titles_app = typer.Typer(help="Title ideas for a thumbnail, and rewrites of a title.", no_args_is_help=True)
REFINE_MODES = ("shorter", "punchier", "upper", "title", "sentence")


def _remote_edit(remote: Remote, version: str, instruction: str, out: Path, *, show: bool,
                 wait: float) -> tuple[dict[str, Any], list[Path]]:
    try:
        version_id = uuid.UUID(version)
    except ValueError:
        raise InvalidInput(f"not a version id: {version!r}") from None
    made = remote.call("POST", f"/api/v1/generation/{version_id}/edit", json={"instruction": instruction})
    status = remote.follow(f"/api/v1/generation/{made['id']}/status", label="edit", show=show, wait=wait)
    if status["status"] == "failed":
        raise RoutixError((status.get("error") or {}).get("message") or "the edit failed", code="failed")
    generation = dict(remote.call("GET", f"/api/v1/generation/{made['id']}"))
    return generation, download_generation(remote, generation, out)


def _local_edit(source: Path, instruction: str, out: Path) -> tuple[dict[str, Any], list[Path]]:
    from routix.cli.bundle import load_design_and_assets
    from routix.edit.offline import edit_files

    if not source.is_file():
        raise InvalidInput(f"{source} is not a file: locally, edit a design.json or a version bundle .zip; a version "
                           "id needs --server URL")
    design, resolve = load_design_and_assets(source)
    made = edit_files(design, resolve, instruction)
    sink = DirectorySink(out)
    try:
        for name, data in made.files.items():
            sink.put(name, data, "application/octet-stream")
    except BaseException:
        sink.discard()
        raise
    quality = json.loads(made.files["quality.json"])
    return {"id": None, "parent": str(source), "kind": "edit", "edit_summary": made.summary,
            "quality_passed": quality.get("passed")}, sink.commit()


def edit(
    version: str = typer.Argument(..., help="With --server: a version id. Locally: a design.json or bundle .zip"),
    instruction: str = typer.Argument(..., help='What to change: "make the title bigger", "title in yellow", ...'),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the new version's files into"),
    wait: float = typer.Option(600.0, "--wait", min=1, help="With --server: longest wait, seconds"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
) -> None:
    """Make a new version by a plain-language instruction and write its files (the earlier
    version stays as it is)."""
    with _errors(as_json):
        if not instruction.strip():
            raise InvalidInput("the instruction is empty")
        remote = remote_from(server, api_key)
        if remote is not None:
            with remote:
                generation, written = _remote_edit(remote, version, instruction, out, show=not as_json, wait=wait)
            view = {"id": generation["id"], "parent": (generation.get("request") or {}).get("parent_id"),
                    "kind": generation.get("kind"), "edit_summary": generation.get("edit_summary"),
                    "quality_passed": ((generation.get("result") or {}).get("quality") or {}).get("passed")}
        else:
            view, written = _local_edit(Path(version), instruction, out)
    if as_json:
        print(json.dumps({**view, "files": [{"path": str(p), "bytes": p.stat().st_size} for p in written]},
                         indent=2))
        return
    console.print(f"[bold]{view['edit_summary']}[/]" + (f"  (version {view['id']})" if view["id"] else ""),
                  highlight=False)
    for path in written:
        console.print(str(path), highlight=False)


def _print_titles(items: list[dict[str, Any]]) -> None:
    for item in items:
        mark = "[green]reads[/]" if item["fits"] else "[yellow]small[/]"
        console.print(f"{item['text']:<50} {item['feed_letter_px']:>5.1f} px {mark}", highlight=False)


@titles_app.command("suggest")
def suggest(
    prompt: str = typer.Argument(..., help="What the video is about"),
    count: int = typer.Option(5, "--count", "-n", min=3, max=8, help="How many titles (3-8)"),
    version: str | None = typer.Option(None, "--version", help="With --server: check in this version's title box"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
) -> None:
    """Title ideas for a thumbnail, each with its letter height at feed size (168x94; 7 px reads)."""
    from routix.titles.service import offline_suggestions

    with _errors(as_json):
        if not prompt.strip():
            raise InvalidInput("the prompt is empty")
        remote = remote_from(server, api_key)
        if remote is not None:
            body = {"prompt": prompt, "count": count, "version_id": version}
            with remote:
                answer = remote.call("POST", "/api/v1/title/suggest",
                                     json={k: v for k, v in body.items() if v is not None})
        else:
            if version is not None:
                raise InvalidInput("--version needs --server (locally the titles are checked in a typical title box)")
            answer = offline_suggestions(prompt, count=count)
    if as_json:
        print(json.dumps(answer, indent=2))
        return
    _print_titles(answer["suggestions"])


@titles_app.command("refine")
def refine(
    title: str = typer.Argument(..., help="The title to rewrite"),
    mode: str = typer.Option(..., "--mode", "-m", help=f"One of {', '.join(REFINE_MODES)}"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
) -> None:
    """A title made shorter, punchier or recased (upper, title, sentence)."""
    from routix.titles.service import refined

    with _errors(as_json):
        if mode not in REFINE_MODES:
            raise InvalidInput(f"--mode must be one of {', '.join(REFINE_MODES)}, not {mode!r}")
        if not title.strip():
            raise InvalidInput("the title is empty")
        remote = remote_from(server, api_key)
        if remote is not None:
            with remote:
                answer = remote.call("POST", "/api/v1/title/refine", json={"title": title, "mode": mode})
        else:
            answer = refined(title, mode)
    if as_json:
        print(json.dumps(answer, indent=2))
        return
    _print_titles([answer])


def register(app: typer.Typer) -> None:
    """Attach ``edit`` and ``titles suggest/refine`` to the main ``routix`` app."""
    app.command("edit")(edit)
    app.add_typer(titles_app, name="titles")


__all__ = ["edit", "refine", "register", "suggest"]
