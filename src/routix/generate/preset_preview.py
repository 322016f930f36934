"""A preset's preview picture: the bundled sample portrait laid out and painted in the preset.

Pure: the starter templates, the offline planner and Lightning, no provider. The sample's
cut-out is made once per process.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import Image

from routix.generate.assets import MemoryAssets
from routix.generate.layout import layout_request
from routix.generate.lightning import LightningAlgorithm
from routix.generate.presets import StylePreset, apply_preset, preset_brief

#: Size (px) of a preview picture, 16:9.
PREVIEW_SIZE = (640, 360)
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "grace_hopper.jpg"
#: Seed of every preview, so a preview only changes when the preset or the renderer does.
PREVIEW_SEED = 11


@functools.lru_cache(maxsize=1)
def _sample_cutout() -> Image.Image:
    from routix.vision import extract_subjects, load_image

    return extract_subjects(load_image(SAMPLE)).host.image


def render_preview(preset: StylePreset) -> bytes:
    """JPEG bytes (640x360) of ``preset`` applied to its sample prompt and the sample portrait."""
    from routix.brief import get_planner
    from routix.render import render, to_jpeg
    from routix.templates import starter_index

    brief = preset_brief(get_planner().analyze(preset.sample_prompt), preset)
    assets = MemoryAssets()
    laid = layout_request(brief, index=starter_index(), assets=assets, seed=PREVIEW_SEED,
                          subjects=[_sample_cutout()], preset=preset)
    design = LightningAlgorithm().fill_background(laid.design, brief, seed=PREVIEW_SEED, assets=assets)
    design = apply_preset(design, preset)
    return to_jpeg(render(design, PREVIEW_SIZE, assets.get).image)
