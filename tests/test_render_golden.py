"""Golden-image and determinism tests.

The goldens in ``tests/golden/`` are small PNG renders of the sample designs in
``routix.render.samples``. A render passes when its mean absolute difference from the golden
is below 2 (0..255 per channel), which tolerates FreeType/OpenCV build differences but not a
moved, recoloured or missing layer. After an intended visual change, regenerate them with

    ROUTIX_UPDATE_GOLDEN=1 PYTHONPATH=src .venv/bin/python -m pytest tests/test_render_golden.py

look at the new PNGs, and commit them. A missing golden fails the test (it is never created
silently).
"""

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from routix.render import render, to_png
from routix.render.fonts import get_font
from routix.render.samples import sample_assets, showcase_designs
from routix.render.text import _ink

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("ROUTIX_UPDATE_GOLDEN") == "1"
CASES = [("typical", (320, 180)), ("photo", (320, 180)), ("radial", (320, 180)), ("radial", (240, 240))]


@pytest.mark.parametrize("name, size", CASES)
def test_matches_golden(name, size):
    image = render(showcase_designs()[name], size, sample_assets()).image
    path = GOLDEN / f"render_{name}_{size[0]}x{size[1]}.png"
    if UPDATE:
        path.write_bytes(to_png(image))
    assert path.exists(), f"missing golden {path.name}; regenerate with ROUTIX_UPDATE_GOLDEN=1 (see module doc)"
    golden = Image.open(path).convert("RGB")
    assert golden.size == image.size
    diff = np.abs(np.asarray(golden, dtype=float) - np.asarray(image, dtype=float)).mean()
    assert diff < 2, f"{path.name}: mean abs diff {diff:.2f}"


def test_same_design_and_assets_give_the_same_pixels():
    design = showcase_designs()["typical"]
    first = render(design, (640, 360), sample_assets())
    get_font.cache_clear()
    _ink.cache_clear()
    second = render(design.model_copy(deep=True), (640, 360), sample_assets())
    assert first.image.tobytes() == second.image.tobytes()
    assert first.boxes == second.boxes
    assert first.text_layouts == second.text_layouts
