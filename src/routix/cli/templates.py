"""``routix templates import DIR``: bulk-load reference images into the template library.

The same path as the admin upload API (:func:`routix.library.upload.create_templates`: safe
loader, zip checks, duplicates, blobs, rows, audit rows without an admin, one
``template_analysis`` job each), against the configured database and blob store; the jobs then
run right here, in-process and synchronously through the job runner, one file at a time, with a
progress bar (uploaded -> analysed/failed) and a summary table at the end.

Files: ``*.jpg|jpeg|png|webp`` and ``*.zip`` in DIR (``--recursive``: also in sub-folders).
Category: ``--category``, else the name of the file's folder when it is a known category
(``DIR/gaming/boss.jpg`` -> gaming), else the file is skipped with a reason. Exit status 1 with
one ``error:`` line when DIR is missing, not a folder, or holds no image/zip files, or when
``--category``/``--tags`` are invalid.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from routix.cli.support import _errors, console
from routix.errors import InvalidInput, RoutixError

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".zip"}


def find_files(folder: Path, recursive: bool) -> list[Path]:
    """Image and zip files in ``folder`` (and sub-folders when ``recursive``), sorted; hidden
    files and folders are skipped."""
    pattern = folder.rglob("*") if recursive else folder.glob("*")
    files = [p for p in pattern if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
             and not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    return sorted(files)


def _category_for(path: Path, given: str | None) -> str:
    from routix.library.upload import check_category

    if given:
        return given
    try:
        return check_category(path.parent.name)
    except InvalidInput:
        raise InvalidInput("no category: pass --category or put the file in a folder named after one",
                           code="invalid_category") from None


def import_templates(
    directory: Path = typer.Argument(..., help="Folder with reference thumbnails (JPEG/PNG/WebP or .zip)"),
    category: str | None = typer.Option(None, "--category", help="Category of every file (default: folder name)"),
    tags: str | None = typer.Option(None, "--tags", help="Comma-separated tags for every file"),
    recursive: bool = typer.Option(False, "--recursive", "-r", help="Also import files in sub-folders"),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON rows (file, template, status, "
                                 "detail)"),
) -> None:
    """Import reference images as library templates and analyse them here."""
    from routix.library.upload import check_category, parse_tags

    with _errors(as_json):
        if not directory.exists():
            raise RoutixError(f"folder not found: {directory}")
        if not directory.is_dir():
            raise RoutixError(f"not a folder: {directory}")
        files = find_files(directory, recursive)
        if not files:
            raise RoutixError(f"no .jpg, .png, .webp or .zip files in {directory}")
        category = check_category(category) if category else None
        tag_list = parse_tags(tags)
        rows = _run(directory, files, category, tag_list)
    if as_json:
        print(json.dumps([dict(zip(("file", "template", "status", "detail"), row, strict=True)) for row in rows],
                         indent=2))
        return
    _summary(rows)


def _run(directory: Path, files: list[Path], category: str | None, tags: list[str]) -> list[tuple[str, str, str, str]]:
    """Import and analyse ``files``; returns summary rows (file, template, status, detail)."""
    from routix.jobs.runner import run_job
    from routix.library.repository import find_template
    from routix.library.upload import create_templates, make_meta
    from routix.services import Services

    services = Services()
    services.settings.data_dir.mkdir(parents=True, exist_ok=True)
    services.migrate()
    worker = f"cli:{os.getpid()}"
    out: list[tuple[str, str, str, str]] = []
    bar = Progress(TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[state]}"), console=console)
    try:
        with bar:
            task = bar.add_task("importing", total=len(files), state="")
            for path in files:
                label = str(path.relative_to(directory))
                bar.update(task, description=label[-40:], state="uploading")
                try:
                    meta = make_meta(_category_for(path, category), tags, "")
                    limit = services.settings.max_request_bytes
                    if path.stat().st_size > limit:
                        raise InvalidInput(f"larger than the {limit / 2**20:.0f} MB upload limit")
                    with services.db.session() as session:
                        result = create_templates(session, services, None, [(path.name, path.read_bytes())], meta,
                                                  dispatch=False)
                except (RoutixError, OSError) as exc:
                    out.append((label, "-", "rejected", getattr(exc, "message", None) or str(exc)))
                    bar.advance(task)
                    continue
                out += [(label + r["file_name"][len(path.name):], "-", "rejected", r["error"])
                        for r in result.rejected]  # a zip member's file_name is "<zip name>:<member>"
                for row in result.templates:
                    bar.update(task, state=f"uploaded {row.slug}, analysing")
                    if run_job(services, result.jobs[row.id], worker) == "skipped":
                        _wait_for_job(services, result.jobs[row.id])  # a running server's worker took it
                    with services.db.session() as session:
                        done = find_template(session, row.id) or row  # deleted meanwhile: as uploaded
                        out.append((label if len(result.templates) == 1 else f"{label}:{done.file_name}",
                                    done.slug, done.status, done.analysis_error or done.name))
                    bar.update(task, state=f"{row.slug} {done.status}")
                bar.advance(task)
    finally:
        services.close()
    return out


def _wait_for_job(services, job_id, timeout: float = 600.0) -> None:
    """Wait (up to ``timeout`` seconds) until job ``job_id`` is final."""
    import time

    from routix.store.models import JOB_UNFINISHED, Job

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with services.db.session() as session:
            job = session.get(Job, job_id)
            if job is None or job.status not in JOB_UNFINISHED:
                return
        time.sleep(0.2)


def _summary(rows: list[tuple[str, str, str, str]]) -> None:
    table = Table(title="Template import")
    for column in ("file", "template", "status", "detail"):
        table.add_column(column)
    colours = {"analyzed": "green", "failed": "red", "rejected": "yellow"}
    for file, slug, status, detail in rows:
        table.add_row(file, slug, f"[{colours.get(status, 'white')}]{status}[/]", detail)
    console.print(table)
    counts = {s: sum(1 for r in rows if r[2] == s) for s in ("analyzed", "failed", "rejected")}
    console.print(f"{counts['analyzed']} analysed, {counts['failed']} failed, {counts['rejected']} rejected",
                  highlight=False)


def register(templates_app: typer.Typer) -> None:
    """Attach ``import`` to the ``routix templates`` group."""
    templates_app.command("import")(import_templates)


__all__ = ["find_files", "import_templates", "register"]
