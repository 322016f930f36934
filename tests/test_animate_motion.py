"""Frames move as each preset says, measured on the pixels of a design the offline pipeline made
from the bundled sample photo (no network)."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from routix.animate import Animation, Clip
from routix.design import BackgroundLayer, Box, Design, ImageFill, ImageLayer, Stroke, TextLayer
from routix.errors import InvalidInput
from routix.generate.assets import DirectoryAssets
from routix.render import render
from routix.render.text import layout_text
from routix.vision import load_image


@pytest.fixture(scope="module")
def made(generated_dir: Path) -> tuple[Design, DirectoryAssets, Path]:
    """A design ``routix generate`` made offline: procedural background, the person's cut-out, title, badge."""
    return Design.from_json((generated_dir / "design.json").read_bytes()), DirectoryAssets(generated_dir), generated_dir


def _gray(frame: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.ascontiguousarray(frame[:, :, :3]), cv2.COLOR_RGB2GRAY)


def _shift(a: np.ndarray, b: np.ndarray, box: tuple[int, int, int, int], search: int = 120) -> tuple[float, float]:
    """Where the patch ``box`` of frame ``a`` went in frame ``b`` (template matching), px."""
    l, t, r, bt = box
    ga, gb = _gray(a), _gray(b)
    h, w = gb.shape
    sl, st, sr, sb = max(0, l - search), max(0, t - search), min(w, r + search), min(h, bt + search)
    result = cv2.matchTemplate(gb[st:sb, sl:sr], ga[t:bt, l:r], cv2.TM_CCOEFF_NORMED)
    _, score, _, (x, y) = cv2.minMaxLoc(result)
    assert score > 0.6, f"patch not found (score {score:.2f})"
    return x + sl - l, y + st - t


def _scale(a: np.ndarray, b: np.ndarray, mask: np.ndarray) -> float:
    """The scale that maps frame ``a`` onto frame ``b`` where ``mask`` is set (SIFT matches +
    a similarity fit)."""
    sift = cv2.SIFT_create()
    ka, da = sift.detectAndCompute(_gray(a), mask)
    kb, db = sift.detectAndCompute(_gray(b), mask)
    matches = cv2.BFMatcher().knnMatch(da, db, k=2)
    good = [m for m, n in matches if m.distance < 0.7 * n.distance]
    assert len(good) >= 12
    src = np.float32([ka[m.queryIdx].pt for m in good])
    dst = np.float32([kb[m.trainIdx].pt for m in good])
    matrix, _ = cv2.estimateAffinePartial2D(src, dst, ransacReprojThreshold=2.0)
    return float(np.hypot(matrix[0, 0], matrix[1, 0]))


def _box(plate_box, pad: int, size) -> tuple[int, int, int, int]:
    l, t, r, b = plate_box
    return max(0, l - pad), max(0, t - pad), min(size[0], r + pad), min(size[1], b + pad)


def test_parallax_moves_the_subject_more_than_the_background(made):
    design, assets, _ = made
    clip = Clip(design, assets, Animation(preset="parallax", duration=2, fps=24))
    first, middle = clip.frame_rgba(0), clip.frame_rgba(clip.count // 2)
    subject = next(p for p in clip.plates if "subject" in p.roles)
    l, t, r, b = subject.subject_boxes[0]
    face = (int((l + r) / 2) - 80, int(t + 0.3 * (b - t)) - 80, int((l + r) / 2) + 80, int(t + 0.3 * (b - t)) + 80)
    sky = (150, 4, 450, 44)  # above the title, left of the subject: background only
    subject_dx, _ = _shift(first, middle, face)
    background_dx, _ = _shift(first, middle, sky)
    assert subject_dx < 0 and background_dx <= 0  # camera slides right: the scene moves left
    assert abs(subject_dx) > 3 * max(1.0, abs(background_dx))
    # and by the depths' rates: background slowest, title fastest
    rates = {p.key: abs(clip.poses(clip.count - 1)[j].dx - clip.poses(0)[j].dx) for j, p in enumerate(clip.plates)}
    ordered = [rates[p.key] for p in sorted(clip.plates, key=lambda p: p.depth)]
    assert ordered[0] < ordered[1] and ordered[0] < ordered[-1]


@pytest.mark.parametrize(("direction", "growing"), [("in", True), ("out", False)])
def test_zoom_changes_scale_monotonically_and_keeps_the_title_still(made, direction, growing):
    design, assets, _ = made
    clip = Clip(design, assets, Animation(preset="zoom", direction=direction, duration=2, fps=24))
    w, h = clip.size
    overlay = next(p for p in clip.plates if p.key == "overlay")
    mask = np.full((h, w), 255, np.uint8)
    l, t, r, b = _box(overlay.box, 40, clip.size)
    mask[t:b, l:r] = 0
    first = clip.frame_rgba(0)
    picks = [round(k * (clip.count - 1) / 4) for k in range(1, 5)]
    scales = [_scale(first, clip.frame_rgba(i), mask) for i in picks]
    if growing:
        assert scales == sorted(scales) and scales[-1] == pytest.approx(1.12, abs=0.02)
    else:
        assert scales == sorted(scales, reverse=True) and scales[-1] == pytest.approx(1 / 1.12, abs=0.02)
    # the overlay (title, badge) does not move: its pixels stay where the thumbnail has them
    last = clip.frame_rgba(clip.count - 1)
    title = clip.plates[-1].pixels[:, :, 3] == 255
    ox, oy = clip.plates[-1].origin
    th, tw = title.shape
    diff = np.abs(first[oy:oy + th, ox:ox + tw, :3].astype(int) - last[oy:oy + th, ox:ox + tw, :3].astype(int))
    assert diff[title].mean() < 0.5


def test_pan_glides_the_picture_one_way(made):
    design, assets, _ = made
    clip = Clip(design, assets, Animation(preset="pan", direction="right", duration=2, fps=24))
    frames = [clip.frame_rgba(round(k * (clip.count - 1) / 4)) for k in range(5)]
    subject = next(p for p in clip.plates if p.key == "picture")
    l, t, r, b = subject.subject_boxes[0]
    face = (int((l + r) / 2) - 70, int(t + 0.3 * (b - t)) - 70, int((l + r) / 2) + 70, int(t + 0.3 * (b - t)) + 70)
    xs = [_shift(frames[0], f, face)[0] for f in frames[1:]]
    assert xs == sorted(xs, reverse=True) and xs[-1] < -40  # camera goes right, the picture left


def test_fade_in_goes_from_black_to_the_thumbnail(made):
    design, assets, _ = made
    clip = Clip(design, assets, Animation(preset="fade_in", duration=2, fps=24))
    means = [float(clip.frame_rgba(i)[:, :, :3].mean()) for i in range(0, clip.count, 6)]
    assert means[0] < 1.0
    assert all(b >= a - 0.05 for a, b in zip(means, means[1:], strict=False))  # (a rising layer may dip it a hair)
    assert means[-1] > 40
    poster = np.asarray(clip.poster(), dtype=np.float64)
    assert np.abs(clip.frame_rgba(clip.count - 1)[:, :, :3] - poster).mean() < 2.0


def test_title_types_in_character_by_character(made):
    design, assets, _ = made
    clip = Clip(design, assets, Animation(preset="title_reveal", reveal="type", duration=2, fps=24))
    j = next(j for j, p in enumerate(clip.plates) if p.key == "title")
    title = clip.plates[j]
    lines = layout_text(design.layer("title"), clip.size).lines  # type: ignore[arg-type]
    assert title.chars == sum(len(line) for line in lines)  # every character of every line, spaces too
    reveals = [clip.poses(i)[j].reveal for i in range(clip.count)]
    assert reveals[0] == 0 and reveals[-1] == title.chars and reveals == sorted(reveals)
    ox, oy = title.origin
    th, tw = title.pixels.shape[:2]
    poster = np.asarray(clip.poster())[oy:oy + th, ox:ox + tw]
    visible = []
    for i in range(0, clip.count, 4):
        crop = clip.frame_rgba(i)[oy:oy + th, ox:ox + tw, :3]
        visible.append(int((np.abs(crop.astype(int) - poster.astype(int)).max(axis=2) < 8).sum()))
    assert visible == sorted(visible) and visible[-1] > 3 * visible[0]


@pytest.mark.parametrize("style", ["slide", "pop"])
def test_title_slides_or_pops_in_and_frames_never_enlarge_pixels(made, style):
    design, assets, _ = made
    clip = Clip(design, assets, Animation(preset="title_reveal", reveal=style, duration=2, fps=24))
    j = next(j for j, p in enumerate(clip.plates) if p.key == "title")
    poses = [clip.poses(i)[j] for i in range(clip.count)]
    if style == "slide":
        assert poses[0].dx < -100 and poses[-1].dx == 0
    else:
        assert poses[0].scale < 0.5 and max(p.scale for p in poses) > 1.02 and poses[-1].scale == 1.0
    for k, plate in enumerate(clip.plates):  # every plate is rendered at its largest on-screen scale
        assert plate.scale >= max(clip.poses(i)[k].scale for i in range(clip.count)) - 1e-6


def test_subject_pops_up_from_its_base(made):
    design, assets, _ = made
    clip = Clip(design, assets, Animation(preset="subject_pop", duration=2, fps=24))
    j = next(j for j, p in enumerate(clip.plates) if p.key.startswith("subject:"))
    scales = [clip.poses(i)[j].scale for i in range(clip.count)]
    assert scales[0] < 0.4 and max(scales) > 1.03 and scales[-1] == 1.0
    pivot = clip.poses(0)[j].pivot
    assert pivot[1] == clip.size[1]  # it grows from the bottom edge it is cut by


@pytest.mark.parametrize("preset", ["zoom", "pan", "fade_in", "parallax", "title_reveal", "subject_pop"])
def test_loop_mode_ends_on_the_first_frame(made, preset):
    design, assets, _ = made
    clip = Clip(design, assets, Animation(preset=preset, duration=2, fps=24, loop=True))
    first, last = clip.frame_rgba(0)[:, :, :3], clip.frame_rgba(clip.count - 1)[:, :, :3]
    assert np.array_equal(first, last)
    assert np.abs(clip.frame_rgba(clip.count // 2)[:, :, :3].astype(int) - first).mean() > 2


def test_square_clips_use_the_square_layout_not_a_crop(made):
    design, assets, _ = made
    clip = Clip(design, assets, Animation(preset="title_reveal", reveal="slide", duration=2, size="1080x1080"))
    assert clip.size == (1080, 1080)
    last = clip.frame_rgba(clip.count - 1)[:, :, :3].astype(int)
    thumbnail = np.asarray(render(design, (1080, 1080), assets).image, dtype=int)
    assert np.abs(last - thumbnail).mean() < 1.5


def test_a_photo_background_is_filled_behind_a_moving_subject(tmp_path, photo_path):
    """The person in a photo background would show twice (or leave a hole) when the cut-out moves:
    the background plate is in-painted under the cut-out's footprint."""
    person = load_image(photo_path).convert("RGB")
    crop = (0, 60, 512, 60 + 288)
    person.crop(crop).save(tmp_path / "photo.png")
    ys, xs = np.mgrid[0:600, 0:512]
    oval = (((xs - 256) / 190) ** 2 + ((ys - 330) / 300) ** 2 <= 1).astype(np.uint8) * 255  # a stand-in matte
    cut = person.convert("RGBA")
    cut.putalpha(Image.fromarray(oval, "L"))
    cut.crop(crop).save(tmp_path / "cut.png")
    design = Design(layers=[
        BackgroundLayer(id="bg", fill=ImageFill(asset="photo.png"), depth=0.0),
        ImageLayer(id="subject", slot="subject", asset="cut.png", fit="cover", box=Box(x=0, y=0, w=1, h=1), depth=1.0),
        TextLayer(id="title", slot="title", text="Amazing Grace", box=Box(x=0.03, y=0.62, w=0.4, h=0.33),
                  stroke=Stroke(width=0.08)),
    ])
    clip = Clip(design, DirectoryAssets(tmp_path), Animation(preset="parallax", duration=2))
    background = clip.plates[0]
    assert background.opaque
    original = np.asarray(render(Design(layers=[design.layers[0]]), clip.size, DirectoryAssets(tmp_path)).image)
    sx, sy = background.scale_xy
    ox, oy = background.origin
    # the centre of the person, on the background plate: no longer the person's face
    cx, cy = 640, 300
    px, py = round(cx * sx - ox), round(cy * sy - oy)
    plate_patch = background.pixels[py - 40:py + 40, px - 40:px + 40, :3].astype(int)
    photo_patch = original[cy - 40:cy + 40, cx - 40:cx + 40].astype(int)
    assert np.abs(plate_patch - photo_patch).mean() > 20
    assert plate_patch.mean() > 40  # filled, not a black hole
    # away from the person the photo is untouched
    edge = background.pixels[round(20 * sy - oy) + 10, round(20 * sx - ox) + 10, :3].astype(int)
    assert np.abs(edge - original[30, 30]).max() < 40


def test_a_preset_refuses_a_design_it_cannot_animate():
    design = Design(layers=[BackgroundLayer(id="bg", fill=ImageFill(asset="x.png")),
                            TextLayer(id="title", slot="title", text="No person here")])
    with pytest.raises(InvalidInput, match="subject_pop needs a subject"):
        Clip(design, lambda ref: Image.new("RGB", (64, 64)), Animation(preset="subject_pop"))


def test_a_frame_costs_far_less_than_a_full_render(made):
    design, assets, _ = made
    clip = Clip(design, assets, Animation(preset="parallax", duration=2, fps=24))
    assert len(clip.plates) <= len(design.layers)
    render(design, clip.size, assets)  # art cache warm, as during a clip
    t0 = time.perf_counter()
    for _ in range(5):
        render(design, clip.size, assets)
    full = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(5):
        clip.frame_rgba(i)
    frames = time.perf_counter() - t0
    assert frames < 0.5 * full
