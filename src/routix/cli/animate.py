"""``routix animate``: a design (or a folder ``routix generate`` wrote) -> MP4 / WebM / GIF + poster.

Outputs are staged in a hidden folder and moved into ``--out`` only when every file was made,
so a failed run (a bad option, a GIF over its size limit) leaves nothing behind. Errors print
one line, ``error: ...``, and exit with status 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from routix.cli import remote_calls
from routix.cli.remote import API_KEY, SERVER, remote_from
from routix.cli.support import _errors, console
from routix.errors import InvalidInput


def _design_file(source: Path) -> Path:
    """``source`` itself when it is a file, else ``source/design.json``."""
    if source.is_dir():
        path = source / "design.json"
        if not path.is_file():
            raise InvalidInput(f"{source} has no design.json (give a design file, or a folder `routix generate` "
                               "wrote)")
        return path
    if not source.is_file():
        raise InvalidInput(f"design file not found: {source}")
    return source


class _Bar:
    """A Rich progress bar over every frame the request composites, across its passes."""

    def __init__(self, progress: Progress, total: int) -> None:
        self.progress = progress
        self.task = progress.add_task("preparing", total=max(1, total))
        self.done_before = 0
        self.stage = ""
        self.stage_total = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.done_before += self.stage_total
            self.stage, self.stage_total = stage, total
        self.progress.update(self.task, completed=self.done_before + done,
                             description=f"{stage} {done}/{total}" if total else stage)


def animate(
    source: str = typer.Argument(..., help="design.json, or a folder `routix generate` wrote (design.json + assets/); "
                                 "with --server: a generation id"),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write the files into"),
    preset: str = typer.Option("parallax", "--preset", "-p",
                               help="zoom, pan, fade_in, parallax, title_reveal or subject_pop"),
    duration: float = typer.Option(5.0, "--duration", "-d", help="Seconds, 2-15"),
    formats: str = typer.Option("mp4", "--format", "-f", help="Comma-separated: mp4, webm, gif"),
    size: str = typer.Option(
        "1280x720", "--size",
        help="1280x720 (the 16:9 layout), 1080x1080 (the 1:1 layout) or 1080x1920 (the 9:16 layout, Shorts/Reels)"),
    fps: int = typer.Option(30, "--fps", help="24, 30 or 60"),
    loop: bool = typer.Option(False, "--loop/--no-loop", help="Loop-friendly: the last frame equals the first"),
    easing: str | None = typer.Option(None, "--easing", help="linear, ease_in_cubic, ease_out_cubic, "
                                      "ease_in_out_cubic, ease_in_out_sine, ease_out_back, ease_in_out_back "
                                      "(default: the preset's)"),
    direction: str | None = typer.Option(None, "--direction", help="zoom: in/out; pan: right/left/up/down; "
                                         "parallax: right/left"),
    reveal: str | None = typer.Option(None, "--reveal", help="title_reveal: type, slide or pop (default type)"),
    intensity: float = typer.Option(1.0, "--intensity", help="How far things move, 0.25-2"),
    gif_width: int = typer.Option(480, "--gif-width", help="GIF width in px (120-1280)"),
    gif_fps: int = typer.Option(15, "--gif-fps", help="GIF frames per second (5-30)"),
    gif_max_mb: float = typer.Option(8.0, "--gif-max-mb", help="Refuse a GIF larger than this (MB)"),
    poster: str = typer.Option("jpg", "--poster", help="Poster still: jpg, png or none"),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON summary"),
    server: str | None = SERVER,
    api_key: str | None = API_KEY,
    wait: float = typer.Option(900.0, "--wait", min=1, help="With --server: longest wait for the video, seconds"),
) -> None:
    """Animate a thumbnail: its layers move on their own (parallax by depth, title reveal, ...).

    With --server the server animates one of your generations (SOURCE is its id; the GIF
    options are the server's) and the files are downloaded into --out."""
    with _errors(as_json):
        remote = remote_from(server, api_key)
        if remote is not None:
            options = {"preset": preset, "duration": duration, "fps": fps, "size": size, "loop": loop,
                       "easing": easing, "direction": direction, "reveal": reveal, "intensity": intensity,
                       "formats": [f.strip() for f in formats.split(",") if f.strip()]
                       + ([] if poster == "none" else ["poster"])}
            with remote:
                video = remote_calls.animate(remote, source, {k: v for k, v in options.items() if v is not None},
                                             show_progress=not as_json, wait=wait)
                written = remote_calls.download_video(remote, video, out)
            _print_files({"id": video["id"], "generation_id": video["generation_id"], "preset": video["preset"],
                          "duration": video["duration"], "fps": video["fps"], "size": video["size"],
                          "loop": (video.get("animation") or {}).get("loop", loop)}, written, as_json)
            return
    from routix.animate import animation_from, gif_options_from, parse_formats, render_animation
    from routix.animate.outputs import frames_to_make
    from routix.cli.generate import DirectorySink
    from routix.design import Design
    from routix.generate.assets import DirectoryAssets

    with _errors(as_json):
        animation = animation_from(preset=preset, duration=duration, fps=fps, size=size, loop=loop, easing=easing,
                                   direction=direction, reveal=reveal, intensity=intensity)
        fmts = parse_formats(formats)
        gif = gif_options_from(width=gif_width, fps=gif_fps, max_mb=gif_max_mb)
        design_path = _design_file(Path(source))
        try:
            design = Design.from_json(design_path.read_bytes())
        except ValueError as exc:
            from routix.cli.main import _first_error

            raise InvalidInput(f"{design_path} is not a valid design: {_first_error(exc)}") from None
        sink = DirectorySink(out)
        try:
            bar = Progress(TextColumn("[bold]animate"), BarColumn(), TaskProgressColumn(),
                           TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                           disable=as_json, transient=True)
            with bar:
                files = render_animation(design, DirectoryAssets(design_path.parent), animation, fmts, gif=gif,
                                         poster=poster, progress=_Bar(bar, frames_to_make(animation, fmts, gif)))
            for f in files:
                sink.put(f.name, f.data, f.content_type)
        except BaseException:
            sink.discard()
            raise
        written = sink.commit()
    _print_files({"preset": animation.preset, "duration": animation.duration, "fps": animation.fps,
                  "size": f"{animation.size[0]}x{animation.size[1]}", "loop": animation.loop}, written, as_json)


def _print_files(summary: dict[str, Any], written: list[Path], as_json: bool) -> None:
    """``summary`` + ``files`` [{path, bytes}] as JSON, or the files with their sizes."""
    if as_json:
        print(json.dumps({**summary, "files": [{"path": str(p), "bytes": p.stat().st_size} for p in written]},
                         indent=2))
        return
    for path in written:
        console.print(f"  {path}  ({path.stat().st_size / 1e6:.2f} MB)", highlight=False)


def register(app: typer.Typer) -> None:
    """Attach ``animate`` to the main ``routix`` app."""
    app.command("animate")(animate)


__all__ = ["animate", "register"]
