"""A version's files from its design: what an edit, an undo or a variant writes.

:func:`render_version` renders ``thumbnail.jpg`` and ``thumbnail.png`` (1280x720), ``cover.jpg``
(3000x3000), ``design.psd`` (1280x720 layered), ``design-1x1.psd`` (1080x1080), ``design.json``
and ``quality.json`` (checked without OCR), and :func:`referenced_assets` lists the asset
references a design uses (every one must travel with the design: ``assets/<name>.png`` next to
``design.json``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PIL import Image

from routix.design.models import SIZES, BackgroundLayer, Design, ImageFill, ImageLayer

Files = dict[str, tuple[bytes, str]]


def referenced_assets(design: Design) -> list[str]:
    """Asset references of ``design`` (image layers, their masks, an image background), in
    layer order, each once."""
    refs: list[str] = []
    for layer in design.layers:
        if isinstance(layer, ImageLayer):
            refs.extend(r for r in (layer.asset, layer.mask) if r)
        elif isinstance(layer, BackgroundLayer) and isinstance(layer.fill, ImageFill):
            refs.append(layer.fill.asset)
    return list(dict.fromkeys(refs))


def render_version(design: Design, assets: Callable[[str], Image.Image],
                   on_thumbnail: Callable[[Files], None] | None = None,
                   ) -> tuple[Files, dict[str, Any], dict[str, float]]:
    """Render ``design``'s files (see the module docstring). Returns (files, the quality report
    as a dict, seconds per step). ``on_thumbnail`` gets ``thumbnail.jpg`` as soon as it is
    encoded, before anything else is rendered (so a caller can store and announce it first)."""
    from routix.quality import assess
    from routix.render import render, to_jpeg, to_png, to_psd

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    rendered = render(design, SIZES["youtube"], assets)
    jpeg = to_jpeg(rendered.image)
    files: Files = {"thumbnail.jpg": (jpeg, "image/jpeg")}
    timings["thumbnail"] = time.perf_counter() - t0
    if on_thumbnail is not None:  # before anything else competes for the CPU
        on_thumbnail(dict(files))
    with ThreadPoolExecutor(max_workers=1) as pool:
        psd = pool.submit(to_psd, design, SIZES["youtube"], assets)
        files["thumbnail.png"] = (to_png(rendered.image, compress_level=1), "image/png")
        quality = assess(rendered.image, design, rendered.boxes, file_size=len(jpeg), ocr=False)
        files["design.psd"] = (psd.result(), "image/vnd.adobe.photoshop")
        files["design-1x1.psd"] = (to_psd(design, SIZES["square_psd"], assets), "image/vnd.adobe.photoshop")
        files["cover.jpg"] = (to_jpeg(render(design, SIZES["cover"], assets).image), "image/jpeg")
    files["design.json"] = (design.to_json().encode(), "application/json")
    files["quality.json"] = (quality.model_dump_json(indent=2).encode(), "application/json")
    timings["files"] = time.perf_counter() - t0
    return files, quality.model_dump(mode="json"), timings
