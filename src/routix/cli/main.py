"""The ``routix`` command line: generate, render, templates, demo, schema.

Errors exit with status 1 (bad input) or 2 (usage) and print one line: ``error: <message>``.
Outputs are staged in a hidden folder and moved into ``--out`` only when everything succeeded,
so a failed run never leaves partial files behind.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from routix.cli.support import _errors, console
from routix.errors import RoutixError

app = typer.Typer(
    name="routix", help="Routix: thumbnails from a sentence, a face and a title.", no_args_is_help=True,
    add_completion=False, pretty_exceptions_enable=False,
)
templates_app = typer.Typer(help="Browse and search the template library.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")
SAMPLE_PHOTO = Path(__file__).parent / "samples" / "grace_hopper.jpg"


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
def _progress_bar(enabled: bool):
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("[bold]{task.fields[stage]:<11}"), BarColumn(), TaskProgressColumn(),
        TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=False,
    )
    with bar:
        task = bar.add_task("Starting", total=100, stage="pending")

        def update(p) -> None:
            bar.update(task, completed=p.percent, description=p.message, stage=p.stage)

        yield update


@app.command()
def generate(
    prompt: str = typer.Argument(..., help='What you want, in plain words: "gaming thumbnail with explosions"'),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the files into"),
    face: List[Path] = typer.Option([], "--face", "-f", help="Photo of a person (repeat for host + guest)"),
    logo: Optional[Path] = typer.Option(None, "--logo", help="Logo image (PNG with transparency works best)"),
    title: Optional[str] = typer.Option(None, "--title", "-t", help="Title text (default: from the prompt)"),
    template: Optional[str] = typer.Option(None, "--template", help="Use this template id (see `routix templates list`)"),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, help="Seed for the art (default: derived from the prompt)"),
    variants: int = typer.Option(0, "--variants", "-n", min=0, max=8, help="How many variants to make (0-8)"),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr", help="Check small-size legibility with OCR"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary instead of a table"),
) -> None:
    """Generate a thumbnail, its 3000x3000 cover, a layered PSD, variants and a quality report."""
    from routix.generate import GenerationRequest, run_generate
    from routix.vision import load_image

    with _errors():
        if not prompt.strip():
            raise RoutixError("the prompt is empty; describe the thumbnail you want")
        faces = [load_image(p) for p in face]
        logo_image = load_image(logo) if logo else None
        request = GenerationRequest(
            prompt=prompt, faces=faces, logo=logo_image, title=title, template_id=template, seed=seed,
            variants=variants,
        )
        sink = DirectorySink(out)
        try:
            with _progress_bar(not as_json) as progress:
                result = run_generate(request, sink=sink, progress=progress, ocr=ocr)
        except BaseException:
            sink.discard()
            raise
        sink.commit()
    _print_result(result, out, as_json)


def _print_result(result, out: Path, as_json: bool) -> None:
    from routix.generate import result_summary

    if as_json:
        print(result_summary(result))
        return
    q = result.quality
    console.print(
        f"[bold]{result.brief.category}[/] thumbnail, {result.brief.mood} mood, energy {result.brief.energy}/10"
    )
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=True)
    table.add_column(width=5, no_wrap=True)
    table.add_column(overflow="fold")
    for check in q.checks:
        mark = "[green]ok[/]" if check.passed else ("[red]FAIL[/]" if check.severity == "error" else "[yellow]warn[/]")
        table.add_row(mark, check.message)
    for note in result.notes:
        table.add_row("[yellow]note[/]", note)
    console.print(table, highlight=False)
    console.print(f"\nFiles in [bold]{out}[/]:")
    for name in sorted(n for n in result.outputs if not n.startswith("assets/")):
        console.print(f"  {out / name}", highlight=False)


@app.command()
def demo(out: Path = typer.Option(Path("out/demo"), "--out", "-o", help="Folder to write the files into")) -> None:
    """Generate a thumbnail from the bundled public-domain sample photo (Grace Hopper)."""
    generate(
        prompt="tech explainer about the first computer bug, bold", out=out, face=[SAMPLE_PHOTO], logo=None,
        title="The First Computer Bug", template=None, seed=None, variants=2, ocr=True, as_json=False,
    )


@app.command("render")
def render_cmd(
    design_path: Path = typer.Argument(..., help="design.json (asset paths resolve relative to it)"),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write thumbnail.jpg, cover.jpg, design.psd into"),
) -> None:
    """Re-render an edited design.json into thumbnail.jpg, cover.jpg and design.psd."""
    from routix.design import SIZES, Design
    from routix.errors import InvalidInput
    from routix.generate.assets import DirectoryAssets
    from routix.render import render, to_jpeg, to_png, to_psd

    with _errors():
        if not design_path.is_file():
            raise InvalidInput(f"design file not found: {design_path}")
        try:
            design = Design.from_json(design_path.read_bytes())
        except ValueError as exc:
            raise InvalidInput(f"{design_path} is not a valid design: {_first_error(exc)}") from None
        assets = DirectoryAssets(design_path.parent)
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
        for path in sink.commit():
            console.print(str(path), highlight=False)


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        return f"{loc}: {first.get('msg')}" if loc else str(first.get("msg"))
    return str(exc).splitlines()[0]


@templates_app.command("list")
def templates_list(as_json: bool = typer.Option(False, "--json", help="Print JSON")) -> None:
    """List the built-in templates."""
    from routix.templates import starter_templates

    rows = [_template_row(t) for t in starter_templates()]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        console.print(f"[bold]{row['id']:<28}[/] {row['category']:<10} {row['description']}", highlight=False)


@templates_app.command("search")
def templates_search(
    query: str = typer.Argument(..., help="What you are looking for"),
    k: int = typer.Option(5, "-k", min=1, max=50, help="How many results"),
    category: Optional[str] = typer.Option(None, "--category", help="Only this category"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Semantic search over the template library."""
    from routix.templates import TemplateFilter, starter_index

    with _errors():
        if not query.strip():
            raise RoutixError("the query is empty")
        matches = starter_index().search(query, TemplateFilter(category=category) if category else None, k=k)
    rows = [{**_template_row(m.template), "score": round(float(m.score), 4)} for m in matches]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        console.print(f"{row['score']:.3f}  [bold]{row['id']:<28}[/] {row['category']}", highlight=False)


def _template_row(t) -> dict:
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
