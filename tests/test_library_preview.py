"""Admin previews: a template's skeleton rendered with placeholders, never a reference image."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from routix.library.preview import PREVIEW_SIZE, preview_png
from routix.render import render
from routix.templates import STARTER_TEMPLATES


@pytest.mark.parametrize("template", STARTER_TEMPLATES[:4], ids=[t.id for t in STARTER_TEMPLATES[:4]])
def test_preview_renders_the_skeleton_with_placeholders(template):
    image = Image.open(io.BytesIO(preview_png(template.model_dump(mode="json", by_alias=True))))
    assert image.format == "PNG" and image.size == PREVIEW_SIZE
    pixels = np.asarray(image.convert("RGB"), dtype=np.float32)
    assert pixels.std() > 25, "a preview should look like a thumbnail, not a flat box"


def test_face_templates_show_a_silhouette_where_the_subject_goes():
    template = next(t for t in STARTER_TEMPLATES if t.dna.has_face)
    image = Image.open(io.BytesIO(preview_png(template.model_dump(mode="json", by_alias=True)))).convert("RGB")
    rendered = render(template.design, PREVIEW_SIZE, lambda ref: Image.new("RGBA", (600, 800), (255, 255, 255, 255)))
    box = rendered.boxes["subject"]
    left, top, right, bottom = box
    centre = np.asarray(image.crop((left + (right - left) // 3, bottom - (bottom - top) // 4,
                                    right - (right - left) // 3, bottom - 2)), dtype=np.float32)
    assert centre.mean() > 200, "the subject slot holds the light silhouette"


def test_a_skeleton_that_is_not_a_template_is_refused():
    with pytest.raises(ValueError):
        preview_png({"design": {}})
