"""The animation request, easing curves, pose geometry and layer roles (pure, no rendering)."""

from __future__ import annotations

import math

import pytest

from routix.animate import EASINGS, PRESETS, Animation, animation_from, ease, gif_options_from, parse_formats
from routix.animate.poses import Pose, cover_factor, edge_pivot, guard_edges, keep_inside
from routix.animate.roles import layer_roles
from routix.design import BackgroundLayer, Box, Design, ImageLayer, ShapeLayer, Solid, TextLayer
from routix.errors import InvalidInput


def test_defaults_and_derived_values():
    a = Animation(preset="parallax")
    assert (a.duration, a.fps, a.size, a.loop) == (5.0, 30, (1280, 720), False)
    assert a.frame_count() == 150 and a.frame_count(15) == 75
    assert a.curve == "ease_in_out_cubic" and a.heading == "right"
    assert Animation(preset="zoom").heading == "in"
    assert Animation(preset="title_reveal").style == "type"
    assert Animation(preset="zoom", size="1080x1080").size == (1080, 1080)
    assert set(PRESETS) == {"zoom", "pan", "fade_in", "parallax", "title_reveal", "subject_pop"}


@pytest.mark.parametrize(("fields", "message"), [
    ({"preset": "parallax", "duration": 20}, "duration: must be 2-15 s, got 20"),
    ({"preset": "parallax", "duration": 1.5}, "duration: must be 2-15 s, got 1.5"),
    ({"preset": "parallax", "fps": 25}, "fps: must be 24, 30 or 60, got 25"),
    ({"preset": "spin"}, "preset: unknown preset 'spin'; choose one of zoom, pan, fade_in"),
    ({"preset": "zoom", "size": "720x1280"}, "size must be one of 1280x720, 1080x1080, 1080x1920, got 720x1280"),
    ({"preset": "zoom", "size": "640x480"}, "size must be one of 1280x720, 1080x1080, 1080x1920, got 640x480"),
    ({"preset": "zoom", "easing": "bouncy"}, "unknown easing 'bouncy'"),
    ({"preset": "zoom", "intensity": 5}, "intensity: must be 0.25-2, got 5"),
    ({"preset": "pan", "direction": "in"}, "direction 'in' does not apply: pan moves right, left, up, down"),
    ({"preset": "fade_in", "direction": "left"}, "fade_in takes no direction"),
    ({"preset": "zoom", "reveal": "type"}, "reveal applies to title_reveal only"),
    ({"preset": "zoom", "duration": "long"}, "duration: must be a number, got 'long'"),
])
def test_bad_requests_give_one_clear_line(fields, message):
    with pytest.raises(InvalidInput) as info:
        animation_from(**fields)
    text = info.value.message
    assert message in text and "\n" not in text and text.startswith("bad animation: ")


def test_several_errors_are_reported_together():
    with pytest.raises(InvalidInput) as info:
        animation_from(preset="parallax", duration=20, fps=25)
    assert "duration:" in info.value.message and "fps:" in info.value.message


def test_names_are_forgiving_about_case_and_dashes():
    a = animation_from(preset="Title-Reveal", easing="Ease-Out-Back", reveal="POP")
    assert (a.preset, a.easing, a.reveal) == ("title_reveal", "ease_out_back", "pop")


def test_formats_and_gif_options():
    assert parse_formats("mp4, webm,gif,mp4") == ["mp4", "webm", "gif"]
    with pytest.raises(InvalidInput, match="unknown format 'mov'"):
        parse_formats("mp4,mov")
    with pytest.raises(InvalidInput, match="no output format"):
        parse_formats(" , ")
    assert gif_options_from().max_bytes == 8_000_000
    with pytest.raises(InvalidInput, match="width"):
        gif_options_from(width=50)


@pytest.mark.parametrize("name", sorted(EASINGS))
def test_easings_start_at_0_and_end_at_1(name):
    assert ease(name, 0.0) == 0.0 and ease(name, 1.0) == 1.0
    assert ease(name, -1) == 0.0 and ease(name, 2) == 1.0
    assert math.isclose(EASINGS[name](1.0), 1.0, abs_tol=1e-9) and math.isclose(EASINGS[name](0.0), 0.0, abs_tol=1e-9)


def test_easing_shapes():
    xs = [i / 100 for i in range(101)]
    for name in ("linear", "ease_in_cubic", "ease_out_cubic", "ease_in_out_cubic", "ease_in_out_sine"):
        ys = [ease(name, x) for x in xs]
        assert ys == sorted(ys), name  # monotonic
    assert ease("ease_in_out_cubic", 0.5) == pytest.approx(0.5)
    assert max(ease("ease_out_back", x) for x in xs) > 1.05  # overshoots, then settles
    assert ease("ease_in_cubic", 0.5) < 0.5 < ease("ease_out_cubic", 0.5)


def test_cover_factor_keeps_a_moved_background_over_the_whole_canvas():
    size = (1280, 720)
    poses = [Pose(scale=1.0, dx=dx, pivot=(640, 360)) for dx in (-30.0, 0.0, 30.0)]
    k = cover_factor(poses, size)
    assert k > 1.0
    for p in poses:
        scaled = Pose(scale=p.scale * k, dx=p.dx, pivot=p.pivot)
        left, top = scaled.place(0, 0)
        right, bottom = scaled.place(1280, 720)
        assert left <= 0 and top <= 0 and right >= 1280 and bottom >= 720
    assert cover_factor([Pose(pivot=(640, 360))], size) == pytest.approx(1.0, abs=0.01)


def test_a_subject_cut_off_by_the_frame_never_shows_its_cut():
    box = (700, 100, 1200, 760)  # reaches 40 px below a 720 px canvas
    pivot = edge_pivot(box, (1280, 720))
    assert pivot == (950.0, 720.0)
    up = guard_edges(Pose(dy=-100, pivot=pivot), box, (1280, 720))
    assert up.place(0, 760)[1] >= 720
    shrunk = guard_edges(Pose(scale=0.5, pivot=pivot), box, (1280, 720))
    assert shrunk.place(0, 760)[1] >= 720


def test_keep_inside_shrinks_a_sweep_that_would_leave_the_frame():
    box = (40, 100, 600, 400)
    column = [Pose(dx=dx) for dx in (-80.0, 0.0, 80.0)]
    kept = keep_inside(column, box, (1280, 720), margin=0.0)
    assert [p.dx for p in kept] == pytest.approx([-40.0, 0.0, 40.0])
    kept = keep_inside(column, (100, 100, 600, 400), (1280, 720), margin=0.05)  # 64 px from the edge
    assert [p.dx for p in kept] == pytest.approx([-36.0, 0.0, 36.0])
    assert keep_inside(column, (-10, 100, 600, 400), (1280, 720)) == column  # already past an edge


def test_roles_background_subject_title_and_the_picture():
    design = Design(layers=[
        BackgroundLayer(id="bg", fill=Solid(color="#000000")),
        ShapeLayer(id="ring", shape="circle_ring", box=Box(x=0.1, y=0.1, w=0.3, h=0.5)),
        ImageLayer(id="person", slot="subject", asset="a.png", box=Box(x=0.5, y=0.1, w=0.4, h=0.9)),
        TextLayer(id="small", text="NEW", box=Box(x=0.8, y=0.05, w=0.1, h=0.1)),
        TextLayer(id="big", text="Big words", box=Box(x=0.05, y=0.5, w=0.5, h=0.4)),
        ImageLayer(id="logo", slot="logo", asset="l.png", box=Box(x=0.9, y=0.9, w=0.08, h=0.08)),
    ])
    roles = {lr.layer.id: lr for lr in layer_roles(design)}
    assert [roles[i].role for i in ("bg", "ring", "person", "small", "big", "logo")] == [
        "background", "graphic", "subject", "text", "title", "graphic"]
    assert [roles[i].picture for i in ("bg", "ring", "person", "small", "big", "logo")] == [
        True, True, True, False, False, False]
