"""Style presets: the catalogue, what a preset changes in a design, realism."""

from __future__ import annotations

import pytest

from routix.brief import get_planner
from routix.design import BackgroundLayer, TextLayer
from routix.design.models import ProceduralFill
from routix.generate import MemoryAssets
from routix.generate.layout import layout_request
from routix.generate.lightning import LightningAlgorithm
from routix.generate.presets import PRESETS, apply_preset, preset_brief, scene_grade
from routix.render.art import MOTIFS
from routix.render.fonts import FONTS
from routix.templates import starter_index

REQUIRED = {"bold-reaction", "minimal-clean", "cinematic", "documentary", "retro", "neon", "comic", "luxury",
            "kids", "news", "tutorial", "podcast-studio"}


def test_catalogue_has_the_twelve_and_every_part_exists():
    assert set(PRESETS) >= REQUIRED and len(PRESETS) >= 12
    categories = {t.category for t in starter_index().all()}
    for preset in PRESETS.values():
        assert preset.motif in MOTIFS, preset.name
        assert preset.title.font in FONTS, preset.name
        assert set(preset.family) <= categories, preset.name
        assert 0 <= preset.realism <= 100 and preset.description and preset.sample_prompt


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_a_preset_sets_title_art_and_grade(name):
    preset = PRESETS[name]
    brief = preset_brief(get_planner().analyze("my weekend project"), preset)
    assert brief.style == preset.style and brief.color_hints[0] == preset.palette[0]
    assets = MemoryAssets()
    laid = layout_request(brief, index=starter_index(), assets=assets, seed=5, preset=preset)
    painted = LightningAlgorithm().fill_background(laid.design, brief, seed=5, assets=assets)
    design = apply_preset(painted, preset)
    title = next(layer for layer in design.layers if isinstance(layer, TextLayer) and layer.slot == "title")
    assert title.font == preset.title.font and title.uppercase == preset.title.uppercase
    background = next(layer for layer in design.layers if isinstance(layer, BackgroundLayer))
    assert isinstance(background.fill, ProceduralFill) and background.fill.motif == preset.motif
    assert design.adjustments.saturation == preset.adjustments.saturation
    assert f"Style preset: {preset.label}." in design.meta.notes


def test_named_colours_lead_a_presets_palette():
    brief = get_planner().analyze("a green and purple gaming stream")
    assert brief.color_hints
    read = preset_brief(brief, PRESETS["news"])
    assert read.color_hints[: len(brief.color_hints)] == brief.color_hints
    assert PRESETS["news"].palette[0] in read.color_hints


def test_preset_family_steers_the_template():
    brief = get_planner().analyze("my weekend project")
    plain = layout_request(brief, index=starter_index(), assets=MemoryAssets(), seed=5, subjects=[])
    news = PRESETS["news"]
    steered = layout_request(preset_brief(brief, news), index=starter_index(), assets=MemoryAssets(), seed=5,
                             preset=news)
    assert plain.template.category not in news.family  # the plain search lands elsewhere ...
    assert steered.template.category in news.family  # ... the preset moves it into its family


def test_realism_grades_photos_less_the_more_photographic():
    assert scene_grade(50) > scene_grade(80) > scene_grade(100) > 0
    assert scene_grade(50) == scene_grade(0)  # below 50 the photo is a framed card anyway
