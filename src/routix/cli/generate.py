"""``routix generate`` and ``routix demo``: one generation into a folder.

The pipeline's ports come from :func:`routix.assembly.assemble`, the same function the job
worker uses: on the template library when its database exists (see
:mod:`routix.cli.support`, "the library rule"), else offline on the starter templates.

Outputs are staged in a hidden folder and moved into ``--out`` only when everything succeeded,
so a failed run never leaves partial files behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from routix.cli import remote_calls
from routix.cli.remote import API_KEY, SERVER, remote_from
from routix.cli.support import DirectorySink, _errors, console, library_services
from routix.errors import InvalidInput, RoutixError

if TYPE_CHECKING:
    from routix.generate import GenerationResult
    from routix.generate.inputs import Input
    from routix.generate.ports import Progress as PipelineProgress
    from routix.generate.ports import ProgressCallback
    from routix.services import Services

SAMPLE_PHOTO = Path(__file__).resolve().parent.parent / "samples" / "grace_hopper.jpg"


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("[bold]{task.fields[stage]:<11}"), BarColumn(), TaskProgressColumn(),
        TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=False,
    )
    with bar:
        task = bar.add_task("Starting", total=100, stage="pending")

        def update(p: PipelineProgress) -> None:
            bar.update(task, completed=p.percent, description=p.message, stage=p.stage)

        yield update


def library_slug(services: Services, ref: str) -> str:
    """The library slug ``ref`` names: a slug as is, or a template row's id (UUID) as its slug.
    Unknown refs are returned unchanged (the pipeline then says the template is unknown)."""
    from routix.library.repository import slug_for_ref  # the service stack: only when a library exists

    with services.db.session() as session:
        return slug_for_ref(session, ref) or ref


def generate(
    prompt: str = typer.Argument(..., help='What you want, in plain words: "gaming thumbnail with explosions"'),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the files into"),
    face: list[Path] = typer.Option([], "--face", "-f", help="Photo of a person (repeat for host + guest)"),
    logo: Path | None = typer.Option(None, "--logo", help="Logo image (PNG with transparency works best)"),
    photo: list[str] = typer.Option(
        [], "--input", "-i", help="A photo and its role: PATH or PATH=ROLE, ROLE one of person, object, logo, "
        "scene, reference (without a role it is guessed); repeat for several"),
    style_preset: str | None = typer.Option(None, "--preset", help="Style preset (see `routix presets`)"),
    realism: int | None = typer.Option(None, "--realism", min=0, max=100,
                                       help="0 illustrated .. 100 photographic (default: the preset's)"),
    title: str | None = typer.Option(None, "--title", "-t", help="Title text (default: from the prompt)"),
    template: str | None = typer.Option(
        None, "--template", help="Use this template (an id or slug from `routix templates list`)"),
    seed: int | None = typer.Option(None, "--seed", min=0, help="Seed for the art (default: derived from the prompt)"),
    variants: int = typer.Option(0, "--variants", "-n", min=0, max=8, help="How many variants to make (0-8)"),
    algorithm: str = typer.Option(
        "lightning", "--algorithm", help="lightning (free, offline); with a library also its configured "
        "algorithms (e.g. v1, pro), which fall back to Lightning without a provider key"),
    ocr: bool = typer.Option(True, "--ocr/--no-ocr", help="Check small-size legibility with OCR"),
    aspect: list[str] = typer.Option(
        [], "--aspect",
        help="Also write this aspect: 9:16 adds short.jpg (1080x1920, Shorts/Reels) and design-9x16.psd"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary instead of a table"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
    wait: float = typer.Option(600.0, "--wait", min=1, help="With --server: longest wait for the result, seconds"),
) -> None:
    """Generate a thumbnail, its 3000x3000 cover, a layered PSD, variants and a quality report
    (with ``--aspect 9:16`` also the 1080x1920 Shorts/Reels image and its layered PSD).

    With --server the server generates it (as the API key's user, with its credits) and the
    files are downloaded into --out."""
    from routix.assembly import assemble
    from routix.generate import GenerationRequest, MemoryAssets
    from routix.generate.presets import PRESETS
    from routix.vision import load_image

    with _errors(as_json):
        if not prompt.strip():
            raise RoutixError("the prompt is empty; describe the thumbnail you want")
        remote = remote_from(server, api_key)
        if remote is not None:
            with remote:
                generation = remote_calls.generate(
                    remote, prompt=prompt, faces=[(p.name, _read(p)) for p in face],
                    logo=(logo.name, _read(logo)) if logo else None, title=title, template=template, seed=seed,
                    variants=variants, algorithm=algorithm, show_progress=not as_json, wait=wait)
                written = remote_calls.download_generation(remote, generation, out)
            print_generation(generation, written, as_json)
            return
        faces = [load_image(p) for p in face]
        logo_image = load_image(logo) if logo else None
        inputs = [_input(spec) for spec in photo]
        if style_preset is not None and style_preset not in PRESETS:
            raise RoutixError(f"unknown preset {style_preset!r}; one of {', '.join(PRESETS)}")
        with library_services() as services:
            ports = assemble(services, algorithm)
            if template and services is not None:
                template = library_slug(services, template)
            request = GenerationRequest(
                prompt=prompt, faces=faces, logo=logo_image, inputs=inputs, style_preset=style_preset,
                realism=realism, title=title, template_id=template, seed=seed, variants=variants,
                aspects=tuple(aspect),
            )
            sink = DirectorySink(out)
            try:
                with _progress_bar(not as_json) as progress:
                    result = ports.run(request, assets=MemoryAssets(), sink=sink, progress=progress, ocr=ocr)
            except BaseException:
                sink.discard()
                raise
        sink.commit()
    _print_result(result, out, as_json)


def _read(path: Path) -> bytes:
    """The bytes of an image to upload (the server checks them). Raises InvalidInput."""
    if not path.is_file():
        raise InvalidInput(f"file not found: {path}")
    return path.read_bytes()


def print_generation(generation: dict[str, Any], written: list[Path], as_json: bool) -> None:
    """A server's generation (``GET /api/v1/generation/{id}``) and the files written from it:
    JSON (``id``, ``status``, ``algorithm``, ``template_ref``, ``files`` [{path, bytes}],
    ``quality``, ``brief``, ``notes``, ``timings``) or a short table."""
    result = generation.get("result") or {}
    if as_json:
        print(json.dumps({
            "id": generation["id"], "status": generation["status"], "algorithm": generation.get("algorithm"),
            "template_ref": generation.get("template_ref"),
            "files": [{"path": str(p), "bytes": p.stat().st_size} for p in written],
            **{key: result.get(key) for key in ("quality", "brief", "notes", "timings")},
        }, indent=2))
        return
    brief = result.get("brief") or {}
    console.print(f"[bold]{brief.get('category', '?')}[/] thumbnail, generation {generation['id']} "
                  f"({generation.get('algorithm')})", highlight=False)
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=True)
    table.add_column(width=5, no_wrap=True)
    table.add_column(overflow="fold")
    for check in (result.get("quality") or {}).get("checks") or []:
        mark = "[green]ok[/]" if check.get("passed") else (
            "[red]FAIL[/]" if check.get("severity") == "error" else "[yellow]warn[/]")
        table.add_row(mark, str(check.get("message", "")))
    for note in result.get("notes") or []:
        table.add_row("[yellow]note[/]", note)
    console.print(table, highlight=False)
    for path in written:
        console.print(f"  {path}", highlight=False)
def _input(spec: str) -> Input:
    """``PATH`` or ``PATH=ROLE`` -> an Input (InvalidInput for an unknown role)."""
    from routix.generate.inputs import Input
    from routix.vision import ROLES, load_image

    path, _, role = spec.rpartition("=") if "=" in spec else (spec, "", "")
    if role and role not in ROLES:
        raise InvalidInput(f"unknown role {role!r} in {spec!r}; one of {', '.join(ROLES)}")
    return Input(load_image(Path(path)), role or None, "style_only" if role == "reference" else None)


def _print_result(result: GenerationResult, out: Path, as_json: bool) -> None:
    from routix.generate import result_summary

    if as_json:
        summary = json.loads(result_summary(result))
        print(json.dumps({**summary, "template": result.template_id}, indent=2))
        return
    q = result.quality
    console.print(
        f"[bold]{result.brief.category}[/] thumbnail, {result.brief.mood} mood, energy {result.brief.energy}/10, "
        f"template {result.template_id}"
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


def demo(out: Path = typer.Option(Path("out/demo"), "--out", "-o", help="Folder to write the files into"),
         as_json: bool = typer.Option(False, "--json", help="Print a JSON summary instead of a table"),
         server: str | None = SERVER, api_key: str | None = API_KEY) -> None:
    """Generate a thumbnail from the bundled public-domain sample photo (Grace Hopper)."""
    generate(
        prompt="tech explainer about the first computer bug, bold", out=out, face=[SAMPLE_PHOTO], logo=None,
        title="The First Computer Bug", template=None, seed=None, variants=2, algorithm="lightning", ocr=True,
        aspect=[], as_json=as_json, server=server, api_key=api_key, wait=600.0, photo=[], style_preset=None,
        realism=None,
    )


__all__ = ["DirectorySink", "demo", "generate", "library_slug", "print_generation"]
