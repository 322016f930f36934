"""The second phase of a generation: every file made after the thumbnail.

The first phase (:func:`routix.generate.pipeline.make_thumbnail`) ends with ``thumbnail.jpg``,
``design.json``, the assets and a quality report checked without OCR. :func:`make_extras` makes
the rest from the design alone, so it can run right after (``generate``) or later, in another
process, from the stored design and assets (the service's ``generation`` job, whose second phase
yields to other users' first phases):

* ``thumbnail.png`` (1280x720, lossless) when ``png``;
* ``cover.jpg`` (3000x3000) and, when ``"9:16"`` is among ``aspects``, ``short.jpg`` (1080x1920)
  and its layered ``design-9x16.psd``;
* ``design.psd`` (1280x720) and ``design-1x1.psd`` (1080x1080), layered;
* ``variant-<k>.jpg``, ``variant-<k>.png`` and ``variant-<k>.json`` for k = 1..``variants``;
* ``quality.json``: the first phase's report with the small-size legibility check run (OCR)
  when ``ocr``.

Each file goes to ``put`` as soon as it is encoded (a caller may announce each one).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PIL import Image

from routix.design.models import SIZES, Design
from routix.generate.ports import AssetStore
from routix.generate.renders import render_cover, render_small_files
from routix.generate.variants import make_variants
from routix.kit.memory import release_memory

if TYPE_CHECKING:  # the quality package loads OCR and OpenCV: imported where a run needs it
    from routix.quality.report import QualityReport

#: ``put(name, data, content_type)``: where each finished file goes.
Put = Callable[[str, bytes, str], None]


@dataclass
class Rendered:
    """A 1280x720 render of a design: the image and each layer's ink box, px
    ``(left, top, right, bottom)`` (the renderer's ``RenderResult``)."""

    image: Image.Image
    boxes: dict[str, tuple[int, int, int, int]]


@dataclass
class Extras:
    """What :func:`make_extras` made: the final quality report, the variants' designs, the file
    names in the order they were put and seconds per step."""

    quality: QualityReport
    variants: list[Design]
    names: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def make_extras(
    design: Design,
    assets: AssetStore,
    quality: QualityReport,
    put: Put,
    *,
    variants: int = 0,
    aspects: Sequence[str] = (),
    png: bool = True,
    ocr: bool = True,
    rendered: Rendered | None = None,
) -> Extras:
    """Make and ``put`` the second phase's files of ``design`` (module docstring).

    ``assets`` resolves the design's references (the first phase's store, or one read back from
    storage). ``quality``: the first phase's report (checked without OCR). ``rendered``: the
    first phase's 1280x720 render, when it is still at hand (else it is rendered again, ~60 ms,
    only if ``png`` or ``ocr`` needs it). Raises the renderer's errors.
    """
    from routix.quality import with_legibility
    from routix.render import render, to_jpeg, to_png, to_psd

    started = time.perf_counter()
    names: list[str] = []

    def emit(name: str, data: bytes, content_type: str) -> None:
        put(name, data, content_type)
        names.append(name)

    variant_designs = make_variants(design, variants)
    # One worker renders the big files one after another (cover, then PSD and variants) while
    # this thread encodes the PNG and reads the title; OCR starts once the cover's 3000x3000
    # buffers are freed, so the OCR models and the cover never sit in memory together.
    with ThreadPoolExecutor(max_workers=1) as pool:
        cover = pool.submit(render_cover, design, assets)
        rest = pool.submit(render_small_files, design, variant_designs, assets)
        if rendered is None and (png or ocr):
            result = render(design, SIZES["youtube"], assets.get)
            rendered = Rendered(result.image, result.boxes)
        if png and rendered is not None:
            emit("thumbnail.png", to_png(rendered.image, compress_level=1), "image/png")
        emit("cover.jpg", *cover.result())
        if "9:16" in aspects:
            emit("short.jpg", to_jpeg(render(design, SIZES["short"], assets.get).image), "image/jpeg")
            emit("design-9x16.psd", to_psd(design, SIZES["short"], assets.get), "image/vnd.adobe.photoshop")
        release_memory()
        if ocr and rendered is not None:
            quality = with_legibility(quality, rendered.image, design, rendered.boxes)
        for name, (data, content_type) in rest.result().items():
            emit(name, data, content_type)
    emit("quality.json", quality.model_dump_json(indent=2).encode(), "application/json")
    return Extras(quality=quality, variants=variant_designs, names=names,
                  timings={"extras": time.perf_counter() - started})


__all__ = ["Extras", "Put", "Rendered", "make_extras"]
