"""Brand kits in the pipeline: colours lead the palette, the font and title style go on the
title (after a preset), an uploaded font is drawn, and contrast is still enforced."""

from __future__ import annotations

from pathlib import Path

import matplotlib

from routix.assembly import run_generate
from routix.brief import get_planner
from routix.design import TextLayer
from routix.generate import GenerationRequest
from routix.generate.brand import Brand, BrandTitle, apply_brand, brand_brief
from routix.render.fonts import get_font, is_known_font, register_font

DEJAVU = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
BRAND = Brand(name="Pasta Lab", colors=("#0b6e4f", "#F4F1EA", "#E4572E"), font="bebas",
              title=BrandTitle(uppercase=False, fill="#F4F1EA", stroke="#0B6E4F", stroke_width=0.06))


class Sink:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = data


def _title(design) -> TextLayer:
    return next(layer for layer in design.layers if isinstance(layer, TextLayer) and layer.slot == "title")


def test_kit_colours_lead_the_hints_before_a_presets():
    brief = brand_brief(get_planner().analyze("a green and purple gaming stream"), BRAND)
    assert brief.color_hints[:3] == ["#0B6E4F", "#F4F1EA", "#E4572E"] and len(brief.color_hints) <= 5


def test_a_generation_with_a_kit_wins_over_the_preset_and_stays_readable():
    result = run_generate(GenerationRequest(prompt="cooking pasta at home", title="Pasta Night", brand=BRAND,
                                            style_preset="neon", seed=3), sink=Sink(), ocr=False)
    design = result.design
    assert design.palette[:3] == ["#0B6E4F", "#F4F1EA", "#E4572E"]
    title = _title(design)
    assert title.font == "bebas" and title.uppercase is False  # the preset's is anton, uppercase
    assert title.stroke is not None and title.stroke.color == "#0B6E4F"
    check = next(c for c in result.quality.checks if c.name == "title_contrast")
    assert check.passed
    assert "Brand kit: Pasta Lab." in design.meta.notes


def test_an_uploaded_font_is_registered_and_drawn():
    font_id = "brand-" + "0" * 64
    register_font(font_id, DEJAVU.read_bytes())
    assert is_known_font(font_id) and get_font(font_id, 40).getname()[0] == "DejaVu Sans"
    brand = Brand(name="Plain", colors=("#111111", "#FFFFFF", "#FF0000"), font=font_id)
    result = run_generate(GenerationRequest(prompt="how to fix a bike", title="Fix It", brand=brand, seed=1),
                          sink=Sink(), ocr=False)
    assert _title(result.design).font == font_id


def test_apply_brand_without_font_keeps_the_templates():
    result = run_generate(GenerationRequest(prompt="how to fix a bike", title="Fix It", seed=1), sink=Sink(), ocr=False)
    plain = Brand(name="Colours only", colors=("#111111", "#FFFFFF", "#FF0000"))
    assert _title(apply_brand(result.design, plain)).font == _title(result.design).font


class DictBlobs:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def exists(self, key: str) -> bool:
        return key in self.files

    def get(self, key: str) -> bytes:
        return self.files[key]


def test_a_designs_uploaded_font_is_found_by_its_content_hash():
    import hashlib

    from routix.brand_kits.fonts import font_id_for, font_key_for, register_design_fonts

    data = (DEJAVU.parent / "DejaVuSans-Oblique.ttf").read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    result = run_generate(GenerationRequest(prompt="how to fix a bike", title="Fix It", seed=1), sink=Sink(), ocr=False)
    design = apply_brand(result.design, Brand(name="x", colors=("#111111", "#FFFFFF", "#FF0000"),
                                              font=font_id_for(digest)))
    assert not is_known_font(font_id_for(digest))
    register_design_fonts(DictBlobs({}), design)  # not in the store: left out
    assert not is_known_font(font_id_for(digest))
    register_design_fonts(DictBlobs({font_key_for(digest): data}), design)
    assert get_font(font_id_for(digest), 30).getname() == ("DejaVu Sans", "Oblique")


def test_a_font_source_finds_an_unregistered_font_when_it_is_drawn():
    import hashlib

    from routix.brand_kits.fonts import blob_font_source, font_id_for, font_key_for
    from routix.render.fonts import add_font_source

    data = (DEJAVU.parent / "DejaVuSans-BoldOblique.ttf").read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    add_font_source(blob_font_source(DictBlobs({font_key_for(digest): data})))
    assert not is_known_font(font_id_for(digest))
    assert get_font(font_id_for(digest), 30).getname() == ("DejaVu Sans", "Bold Oblique")
    assert blob_font_source(DictBlobs({}))("anton") is None
