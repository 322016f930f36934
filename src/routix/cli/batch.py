"""``routix batch``: run a sheet of rows as a batch, locally or on a server.

* ``routix batch run rows.csv [--images photos.zip] --out DIR``: locally, with no server (a
  throw-away service in a temporary folder, ``routix.batches.local``): a Rich progress bar,
  a summary table, and ``batch.csv``, ``batch.json`` and ``images/`` in DIR.
* With ``--server URL`` (or ``ROUTIX_SERVER``) and ``--api-key`` (or ``ROUTIX_API_KEY``) the
  same ``run`` uploads to the server (``POST /api/v1/batches/upload`` with ``start=true``),
  follows ``/status`` and downloads the exports; ``batch status ID`` and ``batch export ID
  --out DIR`` talk to the server only.

``--map field=column`` (repeatable) sets the column mapping; by default it is guessed from the
headers. Rows with errors are listed and skipped; the others run. Exit status 1 when a row
failed or the sheet could not be used.
"""

from __future__ import annotations

import json
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from routix.cli.support import _errors, console
from routix.errors import InvalidInput, RoutixError

batch_app = typer.Typer(help="Batch runs: a sheet of rows in, one thumbnail per row out.", no_args_is_help=True)

SERVER = typer.Option(None, "--server", envvar="ROUTIX_SERVER", help="Routix server URL (default: run locally)")
API_KEY = typer.Option(None, "--api-key", envvar="ROUTIX_API_KEY", help="API key (rtx_...) for --server")
FINAL = ("completed", "cancelled")


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InvalidInput(f"--map takes field=column, not {pair!r}")
        mapping[field.strip()] = column.strip()
    return mapping


def _summary(status: dict[str, Any], errors: dict[Any, list[str]], elapsed: float) -> Table:
    table = Table(title=f"batch {status.get('name', '')}: {status['status']} in {elapsed:.1f} s")
    table.add_column("status")
    table.add_column("rows", justify="right")
    for name, count in status["counts"].items():
        if count:
            table.add_row(name, str(count))
    table.add_row("credits", str(status.get("credits_spent", 0)))
    for position, messages in sorted(errors.items(), key=lambda kv: int(kv[0])):
        table.add_row(f"row {position}", "; ".join(messages), style="red")
    return table


def _follow(read_status, as_json: bool) -> dict[str, Any]:
    """Poll ``read_status()`` with a progress bar until the batch ends."""
    bar = Progress(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                   TimeElapsedColumn(), console=console, disable=as_json, transient=True)
    with bar:
        task = bar.add_task("starting", total=None)
        while True:
            status = read_status()
            counts = status["counts"]
            runnable = status["total"] - counts["invalid"]
            done = counts["completed"] + counts["failed"] + counts["cancelled"]
            eta = f", about {status['eta_seconds']:.0f} s left" if status.get("eta_seconds") else ""
            bar.update(task, total=runnable, completed=done,
                       description=f"{counts['running']} running, {counts['failed']} failed{eta}")
            if status["status"] in FINAL or status["status"] == "paused":
                return status
            time.sleep(0.3)


@batch_app.command("run")
def run(
    sheet: Path = typer.Argument(..., help="CSV or XLSX; the first row holds the column headers"),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for batch.csv, batch.json and images/"),
    images: Path | None = typer.Option(None, "--images", help="A .zip of the images the sheet names"),
    mapping: list[str] = typer.Option([], "--map", help="field=column (prompt, title, name, face, logo, ...)"),
    algorithm: str | None = typer.Option(None, "--algorithm", help="lightning, v1 or pro (default: the default)"),
    variants: int = typer.Option(0, "--variants", help="Extra variants per row (0-8)"),
    workers: int = typer.Option(2, "--workers", help="Rows at once (local runs)"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
    as_json: bool = typer.Option(False, "--json", help="Print the final status as JSON"),
) -> None:
    """Run every valid row of SHEET and write the results into --out."""
    from routix.batches.schemas import BatchSettings
    from routix.batches.sheets import read_sheet, suggest_mapping

    started = time.perf_counter()
    with _errors():
        if not sheet.is_file():
            raise InvalidInput(f"sheet not found: {sheet}")
        if images is not None and not images.is_file():
            raise InvalidInput(f"zip of images not found: {images}")
        data, zip_data = sheet.read_bytes(), images.read_bytes() if images else None
        settings = BatchSettings(algorithm=algorithm, variants=variants)
        chosen = _mapping(mapping)
        if server:
            status, errors = _run_remote(server, api_key, sheet.name, data, zip_data, chosen, settings, out, as_json)
        else:
            parsed = read_sheet(data, sheet.name)
            status, errors = _run_local(parsed, chosen or suggest_mapping(parsed.columns), settings, zip_data,
                                        sheet.stem, out, workers, as_json)
    _report(status, errors, time.perf_counter() - started, out, as_json)


def _run_local(parsed, mapping, settings, zip_data, name, out, workers, as_json) -> tuple[dict, dict]:
    from routix.batches.local import LocalBatches

    with tempfile.TemporaryDirectory(prefix="routix-batch-") as folder, \
            LocalBatches(Path(folder), workers=workers) as local:
        created = local.create(parsed, mapping, settings, name=name, images=zip_data)
        if created["estimate"]["rows"] == 0:
            raise InvalidInput("no row of the sheet can run: " + "; ".join(
                f"row {p}: {', '.join(e)}" for p, e in list(created["errors"].items())[:5]))
        local.start(created["id"])
        status = _follow(lambda: local.status(created["id"]), as_json)
        local.write_outputs(created["id"], out)
        return status, created["errors"]


def _client(server: str, api_key: str | None):
    import httpx  # only for --server

    if not api_key:
        raise InvalidInput("--server needs --api-key (or ROUTIX_API_KEY)")
    return httpx.Client(base_url=server.rstrip("/"), headers={"X-API-Key": api_key}, timeout=60)


def _check(response) -> Any:
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail") or response.text
        except ValueError:
            detail = response.text
        raise RoutixError(f"the server answered {response.status_code}: {detail}")
    return response.json() if "json" in response.headers.get("content-type", "") else response.content


def _run_remote(server, api_key, name, data, zip_data, mapping, settings, out, as_json) -> tuple[dict, dict]:
    with _client(server, api_key) as http:
        files: dict[str, Any] = {"sheet": (name, data)}
        if zip_data is not None:
            files["images"] = ("images.zip", zip_data)
        form = {"settings": settings.model_dump_json(exclude_none=True), "start": "true", "name": name}
        if mapping:
            form["mapping"] = json.dumps(mapping)
        batch = _check(http.post("/api/v1/batches/upload", files=files, data=form))
        errors = {r["position"]: r["errors"] for r in batch["rows"] if r["errors"]}
        status = _follow(lambda: _check(http.get(f"/api/v1/batches/{batch['id']}/status")), as_json)
        _download(http, batch["id"], out)
        return status, errors


def _download(http, batch_id: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "batch.csv").write_bytes(_check(http.get(f"/api/v1/batches/{batch_id}/export.csv")))
    (out / "batch.json").write_text(json.dumps(_check(http.get(f"/api/v1/batches/{batch_id}/export.json")),
                                               indent=2))
    archive = _check(http.get(f"/api/v1/batches/{batch_id}/export.zip"))
    (out / "images").mkdir(exist_ok=True)
    with zipfile.ZipFile(BytesIO(archive)) as members:
        for member in members.namelist():
            (out / "images" / Path(member).name).write_bytes(members.read(member))


def _report(status: dict, errors: dict, elapsed: float, out: Path, as_json: bool) -> None:
    if as_json:
        print(json.dumps({**status, "row_errors": errors, "out": str(out)}, indent=2, default=str))
    else:
        console.print(_summary(status, errors, elapsed))
        console.print(f"  results in {out}/ (batch.csv, batch.json, images/)", highlight=False)
    if status["counts"].get("failed") or status["status"] != "completed":
        raise typer.Exit(1)


@batch_app.command("status")
def status_cmd(batch_id: str = typer.Argument(...), server: str | None = SERVER, api_key: str | None = API_KEY,
               as_json: bool = typer.Option(False, "--json")) -> None:
    """A server batch's status (needs --server)."""
    with _errors():
        if not server:
            raise InvalidInput("batch status needs --server (a local run prints its status when it ends)")
        with _client(server, api_key) as http:
            status = _check(http.get(f"/api/v1/batches/{batch_id}/status"))
    if as_json:
        print(json.dumps(status, indent=2))
    else:
        console.print(_summary(status, {}, 0.0))


@batch_app.command("export")
def export_cmd(batch_id: str = typer.Argument(...), out: Path = typer.Option(..., "--out", "-o"),
               server: str | None = SERVER, api_key: str | None = API_KEY) -> None:
    """Download a server batch's batch.csv, batch.json and images/ into --out (needs --server)."""
    with _errors():
        if not server:
            raise InvalidInput("batch export needs --server (a local run writes its exports itself)")
        with _client(server, api_key) as http:
            _download(http, batch_id, out)
    console.print(f"  exports in {out}/", highlight=False)


def register(app: typer.Typer) -> None:
    """Attach ``batch`` to the main ``routix`` app."""
    app.add_typer(batch_app, name="batch")
