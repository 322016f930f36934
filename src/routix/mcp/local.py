"""The local backend: generations run here, offline, into one folder per generation.

The pipeline is the CLI's (:func:`routix.assembly.run_generate`: offline planner, starter
templates, Lightning), so an agent gets what ``routix generate`` makes. Generation ``<id>``
writes ``<root>/<id>/`` (``thumbnail.jpg``, ``cover.jpg``, ``design.psd``, ``design.json``,
``quality.json``, variants, the design's assets) and the views name those files by absolute
path. Animations go to ``<root>/<id>/animation-<preset>/``. Nothing is shared between
processes but the folder, so a later ``routix mcp`` with the same root still answers
``get_generation`` for earlier ids.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from pathlib import Path
from typing import Any

from routix.assembly import run_generate
from routix.cli.generate import DirectorySink
from routix.design import Design
from routix.errors import RoutixError
from routix.generate import ALGORITHMS, GenerationRequest
from routix.generate.assets import DirectoryAssets
from routix.mcp.backend import AnimateArgs, GenerateArgs, ToolFailure

#: The view a finished generation leaves next to its files.
VIEW_FILE = "generation.json"
_ID = re.compile(r"^[0-9a-f]{32}$")
_DESCRIPTIONS = {
    "lightning": "Free and offline: seeded procedural art, a few seconds per thumbnail (the only one without a "
                 "server).",
}


class LocalBackend:
    """Generations in this process, outputs under ``root`` (created on first use); ``ocr``:
    check small-size legibility with OCR (``ROUTIX_OCR``)."""

    def __init__(self, root: Path, *, ocr: bool = True) -> None:
        self.root = root
        self.ocr = ocr
        self.where = f"offline, in this process; files under {root}"

    def generate(self, args: GenerateArgs) -> dict[str, Any]:
        from routix.vision import load_image

        if args.face_asset_ids:
            raise ToolFailure("face_asset_id needs a Routix server (routix mcp --server URL); locally, send the photo "
                              "as face_image_base64")
        generation_id = uuid.uuid4().hex
        folder = self.root / generation_id
        try:
            faces = [load_image(data) for data in args.faces]
            request = GenerationRequest(prompt=args.prompt, faces=faces, title=args.title, seed=args.seed,
                                        variants=args.variants)
            sink = DirectorySink(folder)
            try:
                result = run_generate(request, sink=sink, algorithm=args.algorithm or "lightning", ocr=self.ocr)
            except BaseException:
                sink.discard()
                raise
            sink.commit()
        except RoutixError as exc:
            raise ToolFailure(str(exc)) from None
        titles = [getattr(layer, "text", None) for layer in result.design.layers if getattr(layer, "slot", None)
                  == "title"]
        view = {
            "id": generation_id, "status": "completed", "progress": 100, "title": next(iter(titles), None),
            "error": None, "algorithm": args.algorithm or "lightning", "prompt": args.prompt,
            "files": {name: str(folder / name) for name in result.outputs if "/" not in name
                      and not name.startswith("variant-")},
            "variants": [str(folder / name) for name in sorted(result.outputs) if name.startswith("variant-")
                         and name.endswith(".jpg")],
            "quality_passed": result.quality.passed, "notes": list(result.notes),
        }
        (folder / VIEW_FILE).write_text(json.dumps(view, indent=2))
        return view

    def _folder(self, generation_id: str) -> Path:
        folder = self.root / generation_id.strip().lower().replace("-", "")
        if not _ID.match(folder.name) or not (folder / VIEW_FILE).is_file():
            raise ToolFailure(f"no generation {generation_id!r} here (ids come from generate_thumbnail)")
        return folder

    def get(self, generation_id: str) -> dict[str, Any]:
        view: dict[str, Any] = json.loads((self._folder(generation_id) / VIEW_FILE).read_text())
        return view

    def thumbnail(self, generation_id: str) -> bytes | None:
        path = self._folder(generation_id) / "thumbnail.jpg"
        return path.read_bytes() if path.is_file() else None

    def quality(self, generation_id: str) -> dict[str, Any]:
        report: dict[str, Any] = json.loads((self._folder(generation_id) / "quality.json").read_text())
        return report

    def algorithms(self) -> list[dict[str, Any]]:

        return [{"name": name, "description": _DESCRIPTIONS.get(name, "")} for name in sorted(ALGORITHMS)]

    def animate(self, generation_id: str, args: AnimateArgs) -> dict[str, Any]:
        from routix.animate import animation_from, parse_formats, render_animation

        folder = self._folder(generation_id)
        try:
            animation = animation_from(preset=args.preset, duration=args.duration, size=args.size)
            formats = parse_formats(args.formats)
            design = Design.from_json((folder / "design.json").read_bytes())
            files = render_animation(design, DirectoryAssets(folder), animation, formats)
        except RoutixError as exc:
            raise ToolFailure(str(exc)) from None
        out = folder / f"animation-{animation.preset}"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        for f in files:
            (out / f.name).write_bytes(f.data)
        return {"generation_id": generation_id, "status": "completed", "preset": animation.preset,
                "duration": animation.duration, "files": {f.name: str(out / f.name) for f in files}}
