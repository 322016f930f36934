"""person_matte, the guided filter and the cutout helpers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from routix.vision import detect_faces, load_image, person_matte
from routix.vision.cutout import (
    alpha_bbox,
    estimate_foreground,
    expand_box,
    rounded_rect_alpha,
    shift_box,
)
from routix.vision.guided import guided_filter

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "routix" / "samples" / "grace_hopper.jpg"


def test_grace_hopper_matte_is_person_inside_and_background_outside():
    image = load_image(SAMPLE)
    faces = detect_faces(image)
    matte = person_matte(image, faces)
    assert matte.shape == (600, 512) and matte.dtype == np.float32
    assert matte.min() >= 0.0 and matte.max() <= 1.0
    left, top, right, bottom = faces[0].box
    w, h = right - left, bottom - top  # inner part: the square box's lower corners are background
    assert matte[top + h // 5 : bottom - h // 5, left + w // 5 : right - w // 5].min() > 0.95
    for corner in (matte[:60, :60], matte[:60, -60:]):  # blue studio background
        assert corner.mean() < 0.05
    soft = ((matte > 0.05) & (matte < 0.95)).sum()
    assert soft > 500  # a soft edge, not a binary mask


def test_matte_of_a_large_photo_matches_the_small_one():
    small = load_image(SAMPLE)
    large = small.resize((small.width * 3, small.height * 3), Image.Resampling.BICUBIC)
    m_small = person_matte(small, detect_faces(small))
    m_large = person_matte(large, detect_faces(large))
    assert m_large.shape == (1800, 1536)
    down = np.asarray(Image.fromarray(m_large).resize(small.size, Image.Resampling.BILINEAR))
    assert np.abs(down - m_small).mean() < 0.03


def test_matte_is_empty_without_a_person():
    flat = Image.new("RGB", (320, 240), (200, 180, 40))
    assert person_matte(flat).max() < 0.05


def test_guided_filter_keeps_a_step_edge_that_a_blur_would_smear():
    guide = np.zeros((40, 40, 3), np.float32)
    guide[:, 20:] = 1.0
    rng = np.random.default_rng(0)
    src = np.clip(guide[..., 0] + rng.normal(0, 0.1, (40, 40)).astype(np.float32), 0, 1)
    out = guided_filter(guide, src, radius=4, eps=1e-3)
    assert np.abs(out[:, 17] - 0).max() < 0.1 and np.abs(out[:, 22] - 1).max() < 0.1
    assert out[:, 5:15].std() < src[:, 5:15].std() / 2  # flat areas are smoothed


def test_fast_guided_filter_applies_coefficients_at_the_output_size():
    guide = np.zeros((20, 20, 3), np.float32)
    guide[:, 10:] = 1.0
    big = np.zeros((80, 80, 3), np.float32)
    big[:, 40:] = 1.0
    out = guided_filter(guide, guide[..., 0].copy(), 2, 1e-4, out_guide=big)
    assert out.shape == (80, 80)
    assert out[:, 38].max() < 0.1 and out[:, 41].min() > 0.9  # the edge stays sharp at full size


def test_estimate_foreground_removes_background_bleed():
    fg, bg = np.array([220, 30, 30], np.float32), np.array([30, 200, 40], np.float32)
    alpha = np.zeros((30, 80), np.float32)
    alpha[:, 36:44] = np.linspace(0.1, 0.9, 8)  # an 8 px soft edge, as in a real matte
    alpha[:, 44:] = 1.0
    observed = (alpha[..., None] * fg + (1 - alpha[..., None]) * bg).astype(np.uint8)
    cleaned = estimate_foreground(observed, alpha, radius=20).astype(np.float32)
    edge = (alpha > 0.2) & (alpha < 0.8)
    before = np.abs(observed[edge].astype(np.float32) - fg).mean()
    after = np.abs(cleaned[edge] - fg).mean()
    assert after < before / 3
    assert np.array_equal(cleaned[alpha == 1], observed[alpha == 1].astype(np.float32))


def test_rounded_rect_alpha():
    a = rounded_rect_alpha(100, 60, radius=20, feather=1)
    assert a.shape == (60, 100)
    assert a[0, 0] == 0 and a[30, 50] == 1 and a[0, 50] > 0.4  # corner cut, edge mid kept
    soft = rounded_rect_alpha(100, 60, radius=20, feather=10)
    assert 0 < soft[3, 50] < 1


def test_box_helpers():
    alpha = np.zeros((50, 80), np.float32)
    alpha[10:20, 30:60] = 1
    assert alpha_bbox(alpha) == (30, 10, 60, 20)
    assert alpha_bbox(np.zeros((5, 5), np.float32)) is None
    assert expand_box((30, 10, 60, 20), 0.1, (80, 50)) == (27, 7, 63, 23)
    assert expand_box((0, 0, 80, 50), 0.5, (80, 50)) == (0, 0, 80, 50)
    assert shift_box((35, 12, 45, 30), (30, 10, 60, 20)) == (5, 2, 15, 10)
