"""Renders of a completed generation's stored design at another size (the 9:16 image for the
OpenAI-compatible API, the frames of a video): the design is the row's ``design`` column, its
assets (cut-outs, art) the generation's files ``generations/<id>/assets/...``."""

from __future__ import annotations

from typing import Any

from PIL import Image
from pydantic import ValidationError

from routix.design import Design
from routix.errors import InvalidInput, NotFound
from routix.render import render
from routix.store.models import GenerationRequest
from routix.vision.io import load_image


class BlobAssets:
    """The renderer's asset resolver over a generation's stored files: a reference
    ``assets/subject-1.png`` is the blob ``outputs[ref]``; images are decoded once. Raises
    NotFound for a reference the generation has no file for."""

    def __init__(self, blobs: Any, outputs: dict[str, str]) -> None:
        self.blobs, self.outputs = blobs, outputs
        self.cache: dict[str, Image.Image] = {}

    def __call__(self, ref: str) -> Image.Image:
        if ref not in self.cache:
            key = self.outputs.get(ref)
            if key is None:
                raise NotFound(f"the generation has no asset {ref!r}")
            self.cache[ref] = load_image(self.blobs.get(key))
        return self.cache[ref]


def stored_design(data: dict[str, Any] | None) -> Design:
    """A generation's stored design; InvalidInput (no retry can fix it) when it is missing or
    does not validate."""
    if data is None:
        raise InvalidInput("the generation has no design")
    try:
        return Design.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"the generation's design does not validate ({exc.error_count()} errors)") from None


def render_generation(services: Any, row: GenerationRequest, size: tuple[int, int]) -> Image.Image:
    """The completed generation ``row`` rendered at ``size`` (w, h) px: RGB. A portrait size uses
    the design's 9:16 layout. Raises InvalidInput (no design) or NotFound (an asset is gone)."""
    return render(stored_design(row.design), size, BlobAssets(services.blobs, dict(row.outputs or {}))).image


__all__ = ["BlobAssets", "render_generation", "stored_design"]
