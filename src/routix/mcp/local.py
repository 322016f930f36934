"""The local backend: generations run here, offline, into one folder per generation.

The pipeline is the CLI's (:func:`routix.assembly.run_generate`: offline planner, starter
templates, Lightning), so an agent gets what ``routix generate`` makes. Generation ``<id>``
writes ``<root>/<id>/`` (``thumbnail.jpg``, ``cover.jpg``, ``design.psd``, ``design.json``,
``quality.json``, variants, the design's assets) and the views name those files by absolute
path. Animations go to ``<root>/<id>/animation-<preset>/``. Nothing is shared between
processes but the folder, so a later ``routix mcp`` with the same root still answers
``get_generation`` for earlier ids.

An edit (the offline instruction parser, :mod:`routix.edit.offline`) or an undo writes a new
version folder whose view names its ``parent_id``; the version tree is read back from the
views under ``root``. Titles are the offline suggestions; a batch runs to its end here
(:mod:`routix.mcp.local_batches`) into ``<root>/batch-<id>/``. The views are this backend's
history too (:mod:`routix.mcp.local_history`). There is no database here, so nothing is
published: ``discover`` is a tool error that says to use a server.
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
from routix.design import Design, TextLayer
from routix.edit.offline import edit_files
from routix.edit.targets import find_layer
from routix.errors import RoutixError
from routix.generate import ALGORITHMS, GenerationRequest
from routix.generate.assets import DirectoryAssets
from routix.mcp.backend import AnimateArgs, BatchArgs, DiscoverArgs, GenerateArgs, HistoryArgs, ToolFailure
from routix.mcp.local_batches import read_batch, run_batch
from routix.mcp.local_history import read_history

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

    def _version(self, parent: dict[str, Any], kind: str, summary: str, files: dict[str, bytes]) -> dict[str, Any]:
        """Write a new version folder of ``files`` (a child of ``parent``); its view."""
        version_id = uuid.uuid4().hex
        folder = self.root / version_id
        sink = DirectorySink(folder)
        try:
            for name, data in files.items():
                sink.put(name, data, "application/octet-stream")
        except BaseException:
            sink.discard()
            raise
        sink.commit()
        design = Design.from_json((folder / "design.json").read_bytes())
        quality = json.loads((folder / "quality.json").read_text())
        title = find_layer(design, "title")
        view = {
            "id": version_id, "status": "completed", "progress": 100,
            "title": title.text if isinstance(title, TextLayer) else None, "error": None,
            "algorithm": parent.get("algorithm"), "prompt": parent.get("prompt"),
            "files": {name: str(folder / name) for name in sorted(files) if "/" not in name},
            "variants": [], "quality_passed": quality.get("passed"), "notes": [], "kind": kind,
            "edit_summary": summary, "parent_id": parent["id"],
        }
        (folder / VIEW_FILE).write_text(json.dumps(view, indent=2))
        return view

    def edit(self, version_id: str, instruction: str) -> dict[str, Any]:
        folder = self._folder(version_id)
        try:
            design = Design.from_json((folder / "design.json").read_bytes())
            made = edit_files(design, DirectoryAssets(folder), instruction)
        except RoutixError as exc:
            raise ToolFailure(str(exc)) from None
        return self._version(self.get(version_id), "edit", made.summary, made.files)

    def undo(self, version_id: str) -> dict[str, Any]:
        view = self.get(version_id)
        if not view.get("parent_id"):
            raise ToolFailure("this is the first version: there is nothing to undo")
        before = self._folder(view["parent_id"])
        files = {str(p.relative_to(before)): p.read_bytes() for p in sorted(before.rglob("*"))
                 if p.is_file() and p.name != VIEW_FILE and not p.name.startswith("variant-")
                 and not p.relative_to(before).parts[0].startswith("animation-")}
        return self._version(view, "undo", "Went back to the version before", files)

    def versions(self, version_id: str) -> dict[str, Any]:
        wanted = self.get(version_id)
        views = {}
        for path in self.root.glob(f"*/{VIEW_FILE}"):
            found = json.loads(path.read_text())
            views[found["id"]] = found
        ancestors: list[str] = []
        cursor = wanted
        while cursor.get("parent_id") in views and len(ancestors) < len(views):
            cursor = views[cursor["parent_id"]]
            ancestors.insert(0, cursor["id"])
        root = cursor["id"]

        def tree_root(view: dict[str, Any]) -> str:
            seen = 0
            while view.get("parent_id") in views and seen < len(views):
                view, seen = views[view["parent_id"]], seen + 1
            return str(view["id"])

        members = sorted((v for v in views.values() if tree_root(v) == root),
                         key=lambda v: (self.root / v["id"] / VIEW_FILE).stat().st_mtime_ns)
        return {
            "root_id": root, "version_id": wanted["id"], "ancestors": ancestors,
            "children": [v["id"] for v in members if v.get("parent_id") == wanted["id"]],
            "versions": [{"id": v["id"], "parent_id": v.get("parent_id"), "kind": v.get("kind") or "generate",
                          "status": v["status"], "edit_summary": v.get("edit_summary"),
                          "thumbnail_url": v["files"].get("thumbnail.jpg")} for v in members],
        }

    def _title_layer(self, version_id: str | None) -> TextLayer | None:
        if version_id is None:
            return None
        design = Design.from_json((self._folder(version_id) / "design.json").read_bytes())
        layer = find_layer(design, "title")
        return layer if isinstance(layer, TextLayer) else None

    def titles(self, prompt: str, count: int, version_id: str | None) -> dict[str, Any]:
        from routix.titles.service import offline_suggestions

        return offline_suggestions(prompt, self._title_layer(version_id), count)

    def refine_title(self, title: str, mode: str, version_id: str | None) -> dict[str, Any]:
        from routix.titles.service import refined

        return refined(title, mode, self._title_layer(version_id))

    def presets(self) -> list[dict[str, Any]]:
        from routix.presets.service import list_presets

        return [{k: v for k, v in p.items() if k != "preview_url"} for p in list_presets()]

    def create_batch(self, args: BatchArgs) -> dict[str, Any]:
        return run_batch(self.root, args)

    def batch(self, batch_id: str) -> dict[str, Any]:
        return read_batch(self.root, batch_id)

    def discover(self, args: DiscoverArgs) -> dict[str, Any]:
        raise ToolFailure("discover lists the thumbnails people published on a Routix server, and offline nothing is "
                          "published: run routix mcp --server URL (or set ROUTIX_SERVER) with an API key")

    def history(self, args: HistoryArgs) -> dict[str, Any]:
        return read_history(self.root, args, VIEW_FILE)
