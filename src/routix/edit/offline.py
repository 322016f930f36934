"""An edit without a server: a plain-language instruction read by the offline parser, applied
to a design whose images come from a resolver, and the new version's files rendered.

``edit_files(design, resolve, instruction)`` -> :class:`OfflineEdit`: the new design, what
changed (a sentence), and its files (name -> bytes: ``thumbnail.jpg``, ``thumbnail.png``,
``cover.jpg``, ``design.psd``, ``design-1x1.psd``, ``design.json``, ``quality.json`` and every
image the design refers to under ``assets/``), the layout ``routix render`` reads back.

Errors: InvalidInput (code ``edit_unclear``) with a question as its message when the
instruction is unclear, impossible or changes nothing, and for an undo (there is no history
here) or an edit that brings in an uploaded photo (asset ids need a server).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from routix.design.models import Design
from routix.edit.apply import apply_edit
from routix.edit.assets import EditAssets
from routix.edit.describe import describe
from routix.edit.outputs import referenced_assets, render_version
from routix.edit.parse import parse_instruction
from routix.errors import InvalidInput


@dataclass(frozen=True)
class OfflineEdit:
    """The result of :func:`edit_files`: the new design, the change in words and its files."""

    design: Design
    summary: str
    files: dict[str, bytes]


def edit_design(design: Design, resolve: Callable[[str], Image.Image], instruction: str,
                ) -> tuple[Design, EditAssets, str]:
    """``design`` edited by ``instruction``: (new design, its images by reference, summary)."""
    parsed = parse_instruction(instruction, design)
    if parsed.undo:
        raise InvalidInput("undo needs the version history; offline, render the earlier design.json again "
                           "(routix render)", code="edit_unclear")
    if parsed.patch is None:
        raise InvalidInput(parsed.question or "What should I change?", code="edit_unclear")
    if parsed.patch.asset_ids():
        raise InvalidInput("bringing in an uploaded photo needs a Routix server (--server URL)", code="edit_unclear")
    assets = EditAssets({ref: resolve(ref) for ref in referenced_assets(design)})
    try:
        edited = apply_edit(design, parsed.patch, assets=assets)
    except InvalidInput as exc:
        raise InvalidInput(str(exc), code="edit_unclear") from None
    if edited == design and not parsed.patch.needs_new_art():
        raise InvalidInput("That is how it looks already; what else should change?", code="edit_unclear")
    return edited, assets, describe(parsed.patch, design)


def render_files(design: Design, assets: Callable[[str], Image.Image]) -> dict[str, bytes]:
    """Every file of a version of ``design`` (see the module docstring)."""
    files = {name: data for name, (data, _) in render_version(design, assets)[0].items()}
    for ref in referenced_assets(design):
        files[ref] = _png(assets(ref))
    return files


def edit_files(design: Design, resolve: Callable[[str], Image.Image], instruction: str) -> OfflineEdit:
    """Apply ``instruction`` to ``design`` and render the new version (see the module docstring)."""
    edited, assets, summary = edit_design(design, resolve, instruction)
    return OfflineEdit(edited, summary, render_files(edited, assets.get))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()
