"""Design DNA on real photographs, synthetic images with exact colours, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from routix.errors import InvalidImage, InvalidInput
from routix.vision import detect_faces, load_image
from routix.vision.dna import StyleDNA, analyse_dna, energy_level
from routix.vision.dna.colour import palette, rgb_to_lab, temperature
from test_vision_dna_cases import GRACE, delta_e, iou, photo_dna

PHOTOS = ("grace_hopper", "astronaut", "chelsea", "coffee")


def _flat(colors: list[tuple[int, int, int]], size=(320, 180)) -> Image.Image:
    """Vertical bands of exact colours, equal widths."""
    w, h = size
    arr = np.zeros((h, w, 3), np.uint8)
    for i, c in enumerate(colors):
        arr[:, i * w // len(colors) : (i + 1) * w // len(colors)] = c
    return Image.fromarray(arr)


# ------------------------------------------------------------------ real photographs


@pytest.mark.parametrize("name", PHOTOS)
def test_real_photo_dna_is_plausible_and_round_trips(name):
    dna = photo_dna(name)
    assert 3 <= len(dna.palette) <= 6  # photos have many colours
    assert sum(c.share for c in dna.palette) == pytest.approx(1.0, abs=0.01)
    for a in dna.palette:  # merged: no two palette colours are near duplicates
        assert all(a is b or delta_e(a.hex, b.hex) >= 7.5 for b in dna.palette)
    assert 1 <= dna.energy <= 10 and 0 < dna.brightness < 1 and 0 < dna.contrast.rms < 0.5
    assert dna.background.kind == "photo"
    assert StyleDNA.model_validate_json(dna.model_dump_json()) == dna
    assert StyleDNA.model_validate(dna.model_dump(mode="json")) == dna


def test_grace_hopper_face_palette_and_slots():
    dna = photo_dna("grace_hopper")
    photo = load_image(GRACE)
    left, top, right, bottom = detect_faces(photo)[0].box
    truth = (left / 512, top / 600, (right - left) / 512, (bottom - top) / 600)
    assert dna.has_face and len(dna.faces) == 1 and iou(dna.faces[0].box, truth) > 0.9
    assert 0.08 < dna.faces[0].size < 0.2
    # the dark navy uniform dominates; the flag's blue and the skin tone are in the palette
    assert dna.palette[0].lab[0] < 20
    assert min(delta_e(c.hex, "#5C7EBE") for c in dna.palette) < 15
    assert min(delta_e(c.hex, "#D39070") for c in dna.palette) < 15
    # the tiny name tag ("COMO HOPPER") is text but too small for the title slot
    assert dna.has_text and any("HOPPER" in t.text.upper() for t in dna.text)
    title = dna.slot("title")
    assert title is not None and title.box[3] > 0.2
    assert dna.composition.layout == "centered"
    assert {s.slot for s in dna.slots} >= {"subject", "title"}


def test_astronaut_and_objects():
    assert photo_dna("astronaut").has_face
    assert photo_dna("astronaut").temperature == "warm"  # orange suit
    for name in ("chelsea", "coffee"):  # a cat and a cup: no human face, no slot for one
        dna = photo_dna(name)
        assert not dna.has_face and dna.slot("subject") is None and dna.slot("title") is not None
    assert photo_dna("coffee").temperature == "warm" and photo_dna("coffee").temperature_score > 0.5


# ------------------------------------------------------------------ colour maths


def test_palette_of_exact_colours():
    colours = [(220, 30, 40), (20, 60, 200), (250, 210, 0)]
    clusters = palette(rgb_to_lab(np.asarray(_flat(colours))))
    assert len(clusters) == 3
    found = sorted(clusters, key=lambda c: c.lab[0])
    for cluster in clusters:
        assert cluster.share == pytest.approx(1 / 3, abs=0.02)
    truth = sorted(rgb_to_lab(np.array(colours, np.uint8)), key=lambda lab: lab[0])
    for cluster, lab in zip(found, truth, strict=True):
        assert np.linalg.norm(cluster.lab - lab) < 2


def test_near_duplicate_colours_merge_and_specks_fold():
    # two blues ΔE ~4 apart merge; a 1 % speck of red folds into its neighbour
    arr = np.zeros((100, 200, 3), np.uint8)
    arr[:, :99] = (30, 60, 200)
    arr[:, 99:197] = (36, 62, 204)
    arr[:, 197:] = (230, 20, 20)
    clusters = palette(rgb_to_lab(arr))
    assert len(clusters) == 1 and clusters[0].share == pytest.approx(1.0)


def test_solid_image_has_a_one_colour_palette():
    dna = analyse_dna(Image.new("RGB", (200, 120), (16, 120, 90)), ocr=False)
    assert len(dna.palette) == 1 and delta_e(dna.palette[0].hex, "#10785A") < 2
    assert dna.background.kind == "solid" and dna.contrast.level == "low" and dna.edge_density == 0
    assert dna.energy <= 3 and not dna.has_face and not dna.has_logo
    assert dna.composition.focal_points == [] and dna.composition.layout == "centered"


@pytest.mark.parametrize(
    ("rgb", "label"),
    [((255, 120, 20), "warm"), ((230, 40, 30), "warm"), ((20, 120, 255), "cool"), ((0, 200, 220), "cool"),
     ((128, 128, 128), "neutral"), ((245, 245, 240), "neutral")],
)
def test_temperature_of_single_colours(rgb, label):
    clusters = palette(rgb_to_lab(np.asarray(_flat([rgb]))))
    assert temperature(clusters)[0] == label


def test_energy_formula():
    assert energy_level(0, 0, 0) == 1
    assert energy_level(1, 1, 1) == 10
    assert energy_level(0.32, 0.60, 0.16) == 10  # the "full" values
    assert energy_level(0.16, 0.30, 0.08) == round(1 + 9 * 0.5)
    assert energy_level(0.32, 0, 0) == round(1 + 9 * 0.25)  # the weights: 0.25 contrast,
    assert energy_level(0, 0.6, 0) == round(1 + 9 * 0.30)   # 0.30 saturation,
    assert energy_level(0, 0, 0.16) == round(1 + 9 * 0.45)  # 0.45 edge density
    # each feature raises the energy
    base = energy_level(0.1, 0.1, 0.05)
    assert energy_level(0.3, 0.1, 0.05) > base
    assert energy_level(0.1, 0.5, 0.05) > base
    assert energy_level(0.1, 0.1, 0.15) > base


def _blobs(centres: list[float], r: float = 0.09) -> Image.Image:
    """Yellow ellipses on dark navy, centred at x in ``centres`` (normalised), mid-height."""
    from PIL import ImageDraw

    im = Image.new("RGB", (640, 360), (20, 24, 40))
    draw = ImageDraw.Draw(im)
    for x in centres:
        draw.ellipse(((x - r) * 640, (0.5 - r * 1.7) * 360, (x + r) * 640, (0.5 + r * 1.7) * 360), fill=(255, 210, 0))
    return im


@pytest.mark.parametrize(
    ("centres", "layout"),
    [([0.15], "left_heavy"), ([1 / 3], "rule_of_thirds"), ([0.5], "centered"), ([2 / 3], "rule_of_thirds"),
     ([0.85], "right_heavy"), ([0.2, 0.8], "split")],
)
def test_layout_and_focal_points_of_salient_shapes(centres, layout):
    dna = analyse_dna(_blobs(centres), ocr=False)
    assert dna.composition.layout == layout
    points = dna.composition.focal_points
    assert len(points) == len(centres)  # one focal point per object, not one per edge
    assert sorted(p.x for p in points) == pytest.approx(sorted(centres), abs=0.03)
    assert all(p.y == pytest.approx(0.5, abs=0.05) and p.weight > 0.75 for p in points)


# ------------------------------------------------------------------ input handling


@pytest.mark.parametrize("size", [(10, 10), (63, 400), (400, 40)])
def test_tiny_images_are_refused(size):
    with pytest.raises(InvalidImage, match="at least 64 px"):
        analyse_dna(Image.new("RGB", size, "white"))


def test_non_images_are_refused():
    with pytest.raises(InvalidInput):
        analyse_dna(np.zeros((100, 100, 3), np.uint8))  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["P", "L", "LA", "RGBA", "CMYK"])
def test_other_modes_are_converted(mode):
    photo = load_image(GRACE)
    dna = analyse_dna(photo.convert(mode), ocr=False)
    assert (dna.width, dna.height) == (512, 600)
    assert dna.has_face  # the face survives the conversion
    if mode in ("L", "LA"):
        assert dna.saturation < 0.02 and dna.temperature == "neutral"


def test_transparency_is_flattened_over_white():
    rgba = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    rgba.paste((200, 20, 20, 255), (0, 0, 100, 200))  # left half opaque red, right half transparent
    dna = analyse_dna(rgba, ocr=False)
    hexes = dna.palette_hexes()
    assert len(hexes) == 2 and {round(c.share, 1) for c in dna.palette} == {0.5}
    assert min(delta_e(h, "#FFFFFF") for h in hexes) < 2 and min(delta_e(h, "#C81414") for h in hexes) < 2


def test_big_images_are_downscaled_but_report_their_size():
    big = load_image(GRACE).resize((2560, 3000))
    dna = analyse_dna(big, ocr=False)
    assert (dna.width, dna.height) == (2560, 3000)
    small = photo_dna("grace_hopper")
    assert iou(dna.faces[0].box, small.faces[0].box) > 0.8
    assert delta_e(dna.palette[0].hex, small.palette[0].hex) < 5
