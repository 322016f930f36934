import io

import numpy as np
import pytest
from psd_tools import PSDImage

from routix.design import Adjustments, TextLayer
from routix.render import render, to_psd
from routix.render.psd import text_layer_name
from routix.render.samples import sample_assets, showcase_designs, typical_design

SIZE = (640, 360)


def open_psd(data):
    return PSDImage.open(io.BytesIO(data))


def mad(a, b):
    return np.abs(np.asarray(a.convert("RGB"), dtype=float) - np.asarray(b, dtype=float)).mean()


def test_one_named_layer_per_visible_design_layer_in_order():
    design = showcase_designs()["radial"]
    design.layers[1].visible = False  # the ring
    psd = open_psd(to_psd(design, SIZE, sample_assets()))
    assert psd.size == SIZE
    expected = [text_layer_name(layer.name or layer.id, layer) if isinstance(layer, TextLayer)
                else layer.name or layer.id for layer in design.layers if layer.visible]
    assert [layer.name for layer in psd] == expected  # psd-tools lists bottom -> top
    assert expected[0] == "bg" and "Ring" not in expected
    # a text layer's name carries its text and font (psd-tools writes no editable text)
    title = next(layer for layer in design.layers if isinstance(layer, TextLayer) and layer.visible)
    assert any(name.endswith(f" | {title.font}") and name.startswith(title.name or title.id) for name in expected)


def test_layer_opacity_and_offsets():
    design = typical_design()
    design.layers[3].opacity = 0.5  # arrow
    psd = open_psd(to_psd(design, SIZE, sample_assets()))
    by_name = {layer.name: layer for layer in psd}
    assert by_name["Arrow"].opacity == 128
    assert by_name["Background"].opacity == 255
    box = render(design, SIZE, sample_assets()).boxes["arrow"]
    a = by_name["Arrow"]
    assert a.left <= box[0] and a.top <= box[1] and a.right >= box[2] and a.bottom >= box[3]


@pytest.mark.parametrize("name", ["typical", "photo", "radial"])
def test_psd_composite_matches_render_with_neutral_adjustments(name):
    design = showcase_designs()[name].model_copy(update={"adjustments": Adjustments()})
    image = render(design, SIZE, sample_assets()).image
    psd = open_psd(to_psd(design, SIZE, sample_assets()))
    assert mad(psd.composite(ignore_preview=True), image) < 0.5  # the layers, composited by psd-tools
    assert mad(psd.topil(), image) < 0.5  # the stored merged preview


def test_merged_preview_is_the_layers_over_white():
    """Routix writes the merged preview itself; where no layer covers the canvas it is white,
    as when psd-tools or Photoshop composite the layers."""
    design = showcase_designs()["radial"]
    design.layers[0].visible = False  # no background: the ring and text over nothing
    psd = open_psd(to_psd(design, SIZE, sample_assets()))
    preview = psd.topil()
    assert preview.size == SIZE and preview.getpixel((0, 0)) == (255, 255, 255)
    assert mad(preview, psd.composite(ignore_preview=True).convert("RGB")) < 0.5


def test_colour_adjustments_are_baked_into_layers():
    """Brightness/contrast/saturation/vignette commute with compositing; sharpen is left out."""
    design = showcase_designs()["photo"]
    design.adjustments = Adjustments(brightness=1.1, contrast=1.2, saturation=1.3, vignette=0.5, sharpen=0.0)
    image = render(design, SIZE, sample_assets()).image
    psd = open_psd(to_psd(design, SIZE, sample_assets()))
    assert mad(psd.composite(ignore_preview=True), image) < 1.5
    assert mad(psd.topil(), image) < 1.5
    neutral = render(design.model_copy(update={"adjustments": Adjustments()}), SIZE, sample_assets()).image
    assert mad(neutral, image) > 5  # the adjustments do matter, and the PSD carries them
