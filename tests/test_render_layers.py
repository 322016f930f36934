"""Every layer kind draws the right thing in the right place (pixel checks on small canvases)."""

import numpy as np
import pytest
from PIL import Image

import routix.render.art as art
from routix.design import (
    Adjustments,
    BackgroundLayer,
    Box,
    ColorStop,
    Design,
    Glow,
    Highlight,
    ImageFill,
    ImageLayer,
    LinearGradient,
    ProceduralFill,
    RadialGradient,
    Shadow,
    ShapeLayer,
    Solid,
    Stroke,
    TextLayer,
)
from routix.errors import InvalidInput, RenderError
from routix.render import background, composite, render, render_layers
from routix.render.adjust import apply_adjustments

W, H = 320, 180
GREY = "#404040"


def halves(left=(255, 0, 0), right=(0, 0, 255), size=(100, 100), alpha=255):
    im = Image.new("RGBA", size, left + (alpha,))
    im.paste(right + (alpha,), (size[0] // 2, 0, size[0], size[1]))
    return im


ASSETS = {
    "red": Image.new("RGBA", (100, 100), (255, 0, 0, 255)),
    "halves": halves(),
    "left_clear": Image.new("L", (100, 100), 255),
}
ASSETS["left_clear"].paste(0, (0, 0, 50, 100))
ASSETS["empty"] = Image.new("RGBA", (0, 0))  # a cut-out trimmed to nothing
ASSETS["tall"] = Image.new("RGBA", (100, 400), (255, 0, 0, 255))  # red top half, blue bottom half
ASSETS["tall"].paste((0, 0, 255, 255), (0, 200, 100, 400))


def assets(ref):
    return ASSETS[ref].copy()


def bg(color=GREY):
    return BackgroundLayer(id="bg", fill=Solid(color=color))


NO_ADJUSTMENTS = Adjustments()


def draw(*layers, size=(W, H), adjustments=NO_ADJUSTMENTS):
    design = Design(layers=list(layers), adjustments=adjustments)
    return render(design, size, assets)


def px(result, x, y):
    return result.image.getpixel((x, y))


def close(a, b, tol=6):
    return all(abs(int(p) - int(q)) <= tol for p, q in zip(a, b, strict=False))


# --------------------------------------------------------------------------- backgrounds

def test_solid_background_fills_canvas():
    r = draw(bg("#12AB34"))
    assert r.image.size == (W, H) and r.image.mode == "RGB"
    assert set(r.image.getdata()) == {(0x12, 0xAB, 0x34)}
    assert r.boxes == {"bg": (0, 0, W, H)}


@pytest.mark.parametrize("angle, first, last", [
    (0, (2, H // 2), (W - 3, H // 2)),       # left -> right
    (90, (W // 2, 2), (W // 2, H - 3)),      # top -> bottom
    (180, (W - 3, H // 2), (2, H // 2)),     # right -> left
])
def test_linear_gradient_direction(angle, first, last):
    fill = LinearGradient(angle=angle, stops=[ColorStop(offset=0, color="#000000"),
                                              ColorStop(offset=1, color="#FFFFFF")])
    r = draw(BackgroundLayer(id="bg", fill=fill))
    a, b = px(r, *first)[0], px(r, *last)[0]
    assert a < 20 and b > 235
    mid = px(r, W // 2, H // 2)[0]
    assert 100 < mid < 156


def test_radial_gradient_centre_to_edge():
    fill = RadialGradient(cx=0.25, cy=0.5, radius=0.5, stops=[
        ColorStop(offset=0, color="#FF0000"), ColorStop(offset=1, color="#0000FF")])
    r = draw(BackgroundLayer(id="bg", fill=fill))
    assert close(px(r, W // 4, H // 2), (255, 0, 0), 8)
    assert close(px(r, W - 1, 0), (0, 0, 255), 8)


def test_image_fill_cover_keeps_layout_and_darken():
    r = draw(BackgroundLayer(id="bg", fill=ImageFill(asset="halves")))
    assert close(px(r, 5, H // 2), (255, 0, 0)) and close(px(r, W - 5, H // 2), (0, 0, 255))
    dark = draw(BackgroundLayer(id="bg", fill=ImageFill(asset="halves", darken=0.5)))
    assert close(px(dark, 5, H // 2), (128, 0, 0), 2)


def test_image_fill_focus_moves_the_crop():
    top = draw(BackgroundLayer(id="bg", fill=ImageFill(asset="tall", focus_y=0.0)))
    bottom = draw(BackgroundLayer(id="bg", fill=ImageFill(asset="tall", focus_y=1.0)))
    assert close(px(top, W // 2, H // 2), (255, 0, 0)) and close(px(bottom, W // 2, H // 2), (0, 0, 255))


def test_image_fill_contain_shows_whole_image():
    r = draw(BackgroundLayer(id="bg", fill=ImageFill(asset="halves", fit="contain")))
    # the square image is centred: its left and right halves at the canvas centre +- 40 px
    assert close(px(r, W // 2 - 40, H // 2), (255, 0, 0)) and close(px(r, W // 2 + 40, H // 2), (0, 0, 255))
    # outside it, a darker blurred copy fills the sides (no bare black bars, no full colour)
    side = px(r, 3, H // 2)
    assert 0 < max(side) < 200


def test_image_fill_blur_softens_the_edge():
    sharp = draw(BackgroundLayer(id="bg", fill=ImageFill(asset="halves")))
    soft = draw(BackgroundLayer(id="bg", fill=ImageFill(asset="halves", blur=0.05)))
    x = W // 2
    assert px(sharp, x - 3, 90)[0] > 240
    assert px(soft, x - 3, 90)[0] < 200  # blue bleeds into red near the seam


@pytest.fixture
def fresh_art_cache():
    background._art.cache_clear()
    yield
    background._art.cache_clear()


def test_procedural_fill_calls_art_paint(monkeypatch, fresh_art_cache):
    calls = []

    def fake_paint(motif, size, palette, seed, intensity):
        calls.append((motif, size, palette, seed, intensity))
        return Image.new("RGB", size, (1, 2, 3))

    monkeypatch.setattr(art, "paint", fake_paint, raising=False)
    fill = ProceduralFill(motif="neon_grid", palette=["#FF00FF", "#00FFFF"], seed=9, intensity=0.4)
    r = draw(BackgroundLayer(id="bg", fill=fill))
    assert calls == [("neon_grid", (W, H), ["#FF00FF", "#00FFFF"], 9, 0.4)]
    assert px(r, 10, 10) == (1, 2, 3)
    draw(BackgroundLayer(id="bg", fill=fill))
    assert len(calls) == 1  # same arguments: the pure result is reused


def test_procedural_fill_renders_real_art_deterministically():
    fill = ProceduralFill(motif=sorted(art.MOTIFS)[0], palette=["#FF3D00", "#1A0033"], seed=3)
    first = draw(BackgroundLayer(id="bg", fill=fill)).image
    background._art.cache_clear()
    second = draw(BackgroundLayer(id="bg", fill=fill)).image
    assert first.tobytes() == second.tobytes()
    assert len(set(first.getdata())) > 50  # art, not a flat fill


# --------------------------------------------------------------------------- image layers

def test_image_layer_contain_and_anchor():
    box = Box(x=0.25, y=0.25, w=0.5, h=0.5)  # 160x90 px at (80, 45): the square fits as 90x90
    left = draw(bg(), ImageLayer(id="img", asset="red", box=box, anchor_x=0.0))
    right = draw(bg(), ImageLayer(id="img", asset="red", box=box, anchor_x=1.0))
    assert left.boxes["img"] == (80, 45, 170, 135)
    assert right.boxes["img"] == (150, 45, 240, 135)
    assert close(px(left, 100, 90), (255, 0, 0)) and close(px(left, 220, 90), (64, 64, 64))
    assert close(px(right, 220, 90), (255, 0, 0)) and close(px(right, 100, 90), (64, 64, 64))


def test_image_layer_cover_fills_box_only():
    box = Box(x=0.25, y=0.25, w=0.5, h=0.5)
    r = draw(bg(), ImageLayer(id="img", asset="halves", box=box, fit="cover"))
    assert r.boxes["img"] == (80, 45, 240, 135)
    assert close(px(r, 85, 90), (255, 0, 0)) and close(px(r, 235, 90), (0, 0, 255))
    assert close(px(r, 60, 90), (64, 64, 64))


@pytest.mark.parametrize("fit", ["contain", "cover"])
def test_empty_image_draws_nothing(fit):
    r = draw(bg(), ImageLayer(id="img", asset="empty", box=Box(x=0.25, y=0.25, w=0.5, h=0.5), fit=fit))
    assert {colour[:3] for _, colour in r.image.getcolors()} == {(64, 64, 64)}


def test_image_layer_flip_and_mask():
    box = Box(x=0.25, y=0.0, w=0.5, h=1.0)
    flipped = draw(bg(), ImageLayer(id="img", asset="halves", box=box, flip=True))
    assert close(px(flipped, 120, 90), (0, 0, 255)) and close(px(flipped, 200, 90), (255, 0, 0))
    masked = draw(bg(), ImageLayer(id="img", asset="halves", mask="left_clear", box=box))
    assert close(px(masked, 120, 90), (64, 64, 64)) and close(px(masked, 200, 90), (0, 0, 255))


def test_image_layer_outline_shadow_glow():
    box = Box(x=0.25, y=0.25, w=0.5, h=0.5)  # image at x 115..205, y 45..135
    base = {"id": "img", "asset": "red", "box": box, "anchor_x": 0.5}
    outlined = draw(bg(), ImageLayer(**base, outline=Stroke(color="#00FF00", width=0.05)))  # 9 px
    assert close(px(outlined, 110, 90), (0, 255, 0))
    assert close(px(outlined, 125, 90), (255, 0, 0))
    assert outlined.boxes["img"] == (106, 36, 214, 144)  # the box includes the outline
    shadowed = draw(bg(), ImageLayer(**base, shadow=Shadow(opacity=1.0, dx=0.05, dy=0.05, blur=0.0)))
    assert px(shadowed, 210, 140)[0] < 10            # below-right: shadow
    assert close(px(shadowed, 110, 40), (64, 64, 64))  # above-left: untouched
    assert shadowed.boxes["img"] == (115, 45, 205, 135)  # shadows are not part of the box
    glowing = draw(bg(), ImageLayer(**base, glow=Glow(color="#FFFFFF", radius=0.05, strength=1.0)))
    assert px(glowing, 110, 90)[1] > 120             # bright halo next to the edge


def test_image_layer_rotation_grows_its_box():
    box = Box(x=0.25, y=0.25, w=0.5, h=0.5)
    r = draw(bg(), ImageLayer(id="img", asset="red", box=box, rotation=45))
    l, t, rr, b = r.boxes["img"]
    assert 124 <= rr - l <= 132  # 90 px square turned 45 degrees: 90 * sqrt(2) = 127
    assert close(px(r, 160, 90), (255, 0, 0))
    assert close(px(r, 118, 48), (64, 64, 64))  # the unrotated corner is now background


def test_missing_asset_is_render_error():
    with pytest.raises(RenderError, match="'nope'"):
        draw(bg(), ImageLayer(id="img", asset="nope"))
    with pytest.raises(RenderError, match="'nomask'"):
        draw(bg(), ImageLayer(id="img", asset="red", mask="nomask"))
    with pytest.raises(RenderError, match="layer 'bg'"):
        draw(BackgroundLayer(id="bg", fill=ImageFill(asset="missing")))


# --------------------------------------------------------------------------- text layers

def colour_count(image, color, tol=10):
    a = np.asarray(image).astype(int)
    return int((np.abs(a - np.array(color)).max(axis=2) <= tol).sum())


def test_text_fill_stroke_and_box():
    t = TextLayer(id="t", text="HELLO", box=Box(x=0.1, y=0.1, w=0.8, h=0.8),
                  fill=Solid(color="#FFFF00"), stroke=Stroke(color="#FF0000", width=0.1))
    r = draw(bg(), t)
    lay = r.text_layouts["t"]
    assert r.boxes["t"] == lay.ink_bbox
    l, tp, rr, b = lay.ink_bbox
    crop = r.image.crop(lay.ink_bbox)
    assert colour_count(crop, (255, 255, 0)) > 500 and colour_count(crop, (255, 0, 0)) > 300
    # nothing outside the ink box (no shadow or glow here)
    outside = np.asarray(r.image).copy()
    outside[tp:b, l:rr] = (64, 64, 64)
    assert (np.abs(outside.astype(int) - 64) <= 1).all()


def test_text_pixels_stay_inside_the_reported_box():
    t = TextLayer(id="t", text="Quick brown fox jumps", box=Box(x=0.05, y=0.05, w=0.6, h=0.5),
                  stroke=Stroke(width=0.12), max_lines=2, font="montserrat-black")
    (rl,) = render_layers(Design(layers=[t]), (W, H), assets)
    alpha = np.asarray(rl.image.getchannel("A"))
    ys, xs = np.nonzero(alpha > 0)
    drawn = (xs.min() + rl.offset[0], ys.min() + rl.offset[1], xs.max() + 1 + rl.offset[0],
             ys.max() + 1 + rl.offset[1])
    lay = rl.text_layout
    assert drawn[0] >= lay.ink_bbox[0] - 1 and drawn[1] >= lay.ink_bbox[1] - 1
    assert drawn[2] <= lay.ink_bbox[2] + 1 and drawn[3] <= lay.ink_bbox[3] + 1
    assert lay.box[0] <= lay.ink_bbox[0] and lay.ink_bbox[2] <= lay.box[2]


def test_text_gradient_fill_runs_top_to_bottom():
    fill = LinearGradient(angle=90, stops=[ColorStop(offset=0, color="#FF0000"),
                                           ColorStop(offset=1, color="#0000FF")])
    r = draw(bg(), TextLayer(id="t", text="I", box=Box(x=0.3, y=0.05, w=0.4, h=0.9), fill=fill))
    l, t, rr, b = r.boxes["t"]
    cx = (l + rr) // 2
    top, bottom = px(r, cx, t + 3), px(r, cx, b - 4)
    assert top[0] > 200 and top[2] < 60 and bottom[2] > 200 and bottom[0] < 60


def test_text_accent_words_and_highlight():
    t = TextLayer(id="t", text="big WIN", box=Box(x=0.1, y=0.2, w=0.8, h=0.6), max_lines=1,
                  fill=Solid(color="#FFFFFF"), accent_words=["win"], accent_color="#00FF00",
                  highlight=Highlight(color="#0000FF", padding=0.3, radius=0.0))
    r = draw(bg(), t)
    l, tp, rr, b = r.boxes["t"]
    left_half = r.image.crop((l, tp, (l + rr) // 2 - 5, b))
    right_part = r.image.crop((rr - (rr - l) // 3, tp, rr, b))
    assert colour_count(left_half, (255, 255, 255)) > 100 and colour_count(left_half, (0, 255, 0)) == 0
    assert colour_count(right_part, (0, 255, 0)) > 100
    pad = round(0.3 * r.text_layouts["t"].font_size)
    assert close(px(r, l - pad // 2, tp - pad // 2), (0, 0, 255))  # inside the padded box
    assert close(px(r, l - pad - 3, tp - pad - 3), (64, 64, 64))   # outside it


def test_text_shadow_falls_down_right():
    t = TextLayer(id="t", text="I", box=Box(x=0.4, y=0.1, w=0.2, h=0.8), fill=Solid(color="#FFFFFF"),
                  shadow=Shadow(color="#000000", opacity=1, dx=0.03, dy=0.03, blur=0))
    r = draw(bg(), t)
    l, tp, rr, b = r.boxes["t"]
    assert px(r, rr + 2, b + 2)[0] < 10
    assert close(px(r, l - 3, tp - 3), (64, 64, 64))


def test_text_rotation_turns_the_block():
    base = {"id": "t", "text": "LONG TITLE", "box": Box(x=0.1, y=0.3, w=0.8, h=0.4), "max_lines": 1}
    flat = draw(bg(), TextLayer(**base)).boxes["t"]
    turned = draw(bg(), TextLayer(**base, rotation=20)).boxes["t"]
    assert (turned[3] - turned[1]) > (flat[3] - flat[1]) + 20


# --------------------------------------------------------------------------- shapes

def test_rectangle_fill_stroke_and_corner_radius():
    s = ShapeLayer(id="s", shape="rectangle", fill="#00FF00", box=Box(x=0.25, y=0.25, w=0.5, h=0.5),
                   corner_radius=0.5, stroke=Stroke(color="#FFFFFF", width=0.02))
    r = draw(bg(), s)
    assert close(px(r, 160, 90), (0, 255, 0))
    assert close(px(r, 160, 44), (255, 255, 255))  # stroke just outside the top edge (y 45)
    assert close(px(r, 82, 47), (64, 64, 64))      # rounded corner cut away
    assert r.boxes["s"] == (76, 41, 244, 139)      # 4 px stroke outside the 160x90 box


def test_circle_ring_is_hollow():
    s = ShapeLayer(id="s", shape="circle_ring", fill="#FF0000", ring_width=0.2,
                   box=Box(x=0.25, y=0.0, w=0.5625, h=1.0))  # 180x180 px circle
    r = draw(bg(), s)
    assert close(px(r, 170, 90), (64, 64, 64))   # centre
    assert close(px(r, 170, 8), (255, 0, 0))     # on the ring (radius 90, thickness 18)
    assert close(px(r, 170 + 85, 90), (255, 0, 0))


def test_burst_has_spikes():
    s = ShapeLayer(id="s", shape="burst", fill="#FFFF00", points=8, box=Box(x=0.25, y=0.0, w=0.5625, h=1.0))
    r = draw(bg(), s)
    assert close(px(r, 170, 90), (255, 255, 0))
    assert close(px(r, 170, 4), (255, 255, 0))          # first spike points up
    a = np.radians(90 + 360 / 16)                        # between two spikes: a notch
    x, y = 170 + 80 * np.cos(a), 90 - 80 * np.sin(a)
    assert close(px(r, int(x), int(y)), (64, 64, 64))


@pytest.mark.parametrize("rotation, head, tail", [
    (0, (110, 90), (20, 90)), (90, (90, 70), (90, 160)), (180, (70, 90), (160, 90)),
    (-90, (90, 110), (90, 20)),
])
def test_arrow_points_along_rotation(rotation, head, tail):
    """The head is wider than the shaft: compare the filled extent across the axis at the head's
    base and on the shaft (box 180 px; the head's base sits ~100 px from the tail end)."""
    s = ShapeLayer(id="s", shape="arrow", fill="#FF0000", rotation=rotation,
                   box=Box(x=0.0, y=0.0, w=0.5625, h=1.0))  # a 180x180 px box
    r = draw(bg(), s, size=(W, H))
    red = (np.abs(np.asarray(r.image).astype(int) - (255, 0, 0)).max(axis=2) < 40)

    def extent(x, y):
        line = red[:, x] if rotation % 180 == 0 else red[y, :]
        return int(line.sum())

    assert extent(*head) > 1.6 * extent(*tail) > 0


def test_shape_without_fill_draws_only_its_stroke():
    s = ShapeLayer(id="s", shape="rectangle", fill=None, stroke=Stroke(color="#FFFFFF", width=0.03),
                   box=Box(x=0.25, y=0.25, w=0.5, h=0.5))
    r = draw(bg(), s)
    assert close(px(r, 160, 90), (64, 64, 64))
    assert close(px(r, 160, 42), (255, 255, 255))


# --------------------------------------------------------------------------- opacity, visibility

def test_opacity_and_visibility():
    half = ShapeLayer(id="s", shape="rectangle", fill="#FF0000", opacity=0.5,
                      box=Box(x=0.25, y=0.25, w=0.5, h=0.5))
    r = draw(bg("#000000"), half)
    assert close(px(r, 160, 90), (128, 0, 0), 2)
    hidden = half.model_copy(update={"visible": False})
    r2 = draw(bg("#000000"), hidden)
    assert px(r2, 160, 90) == (0, 0, 0)
    assert "s" not in r2.boxes
    assert [rl.layer_id for rl in render_layers(Design(layers=[bg(), hidden]), (W, H), assets)] == ["bg"]


def test_opaque_background_at_partial_opacity_and_the_art_cache_untouched(fresh_art_cache, monkeypatch):
    monkeypatch.setattr(art, "paint", lambda motif, size, palette, seed, intensity:
                        Image.new("RGB", size, (200, 100, 40)), raising=False)
    fill = ProceduralFill(motif="neon_grid", palette=["#FF00FF"], seed=1)
    layer = BackgroundLayer(id="bg", fill=fill, opacity=0.5)
    (rl,) = render_layers(Design(layers=[layer]), (W, H), assets)
    assert rl.image.mode == "RGB" and rl.image.size == (W, H)  # opaque art: no RGBA copy
    assert close(px(draw(layer), 10, 10), (100, 50, 20), 1)  # half over black
    full = draw(layer.model_copy(update={"opacity": 1.0}), ShapeLayer(
        id="s", shape="rectangle", fill="#00FF00", box=Box(x=0, y=0, w=0.5, h=1)))
    assert px(full, 10, 10) == (0, 255, 0) and px(full, 300, 10) == (200, 100, 40)
    # compositing never writes into the memoised art
    assert background._art("neon_grid", (W, H), ("#FF00FF",), 1, 0.7).getpixel((10, 10)) == (200, 100, 40)


def test_later_layers_paint_over_earlier_ones():
    box = Box(x=0.25, y=0.25, w=0.5, h=0.5)
    a = ShapeLayer(id="a", shape="rectangle", fill="#FF0000", box=box)
    b = ShapeLayer(id="b", shape="rectangle", fill="#0000FF", box=box)
    assert close(px(draw(bg(), a, b), 160, 90), (0, 0, 255))
    assert close(px(draw(bg(), b, a), 160, 90), (255, 0, 0))


# --------------------------------------------------------------------------- adjustments

def scene(**adj):
    fill = LinearGradient(angle=0, stops=[ColorStop(offset=0, color="#203040"),
                                          ColorStop(offset=1, color="#E0A060")])
    return draw(BackgroundLayer(id="bg", fill=fill),
                ShapeLayer(id="s", shape="burst", fill="#22CC88", box=Box(x=0.3, y=0.2, w=0.3, h=0.6)),
                adjustments=Adjustments(**adj))


def test_neutral_adjustments_are_identity():
    r = scene()
    assert apply_adjustments(r.image, Adjustments()) is r.image
    layers = render_layers(Design(layers=[bg()]), (W, H), assets)
    assert np.array_equal(np.asarray(composite(layers, (W, H))), np.asarray(draw(bg()).image))


def test_adjustments_change_pixels_as_documented():
    base = np.asarray(scene().image).astype(float)
    darker = np.asarray(scene(brightness=0.5).image).astype(float)
    assert abs(darker.mean() - base.mean() / 2) < 1.5
    gray = np.asarray(scene(saturation=0.0).image).astype(int)
    assert (np.abs(gray[..., 0] - gray[..., 1]) <= 1).all()
    punchy = np.asarray(scene(contrast=1.5).image).astype(float)
    assert punchy.std() > base.std() * 1.3
    vig = np.asarray(scene(vignette=0.8).image).astype(float)
    assert (vig[0, 0] < base[0, 0] * 0.5).all() and np.abs(vig[90, 160] - base[90, 160]).max() <= 1
    sharp = np.asarray(scene(sharpen=1.0).image).astype(float)
    assert np.abs(np.diff(sharp, axis=1)).mean() > np.abs(np.diff(base, axis=1)).mean()


def test_render_layers_composite_equals_render():
    design = Design(layers=[
        bg(), ImageLayer(id="img", asset="halves", box=Box(x=0.1, y=0.1, w=0.4, h=0.8),
                         outline=Stroke(color="#FFFFFF", width=0.02), shadow=Shadow(), opacity=0.8),
        TextLayer(id="t", text="Hello there", box=Box(x=0.5, y=0.1, w=0.45, h=0.5), stroke=Stroke(width=0.1)),
    ], adjustments=Adjustments(contrast=1.2, vignette=0.3, sharpen=0.2))
    layers = render_layers(design, (W, H), assets)
    assert [rl.layer_id for rl in layers] == ["bg", "img", "t"]
    assert [rl.opacity for rl in layers] == [1.0, 0.8, 1.0]
    flat = apply_adjustments(composite(layers, (W, H)), design.adjustments)
    assert np.array_equal(np.asarray(flat), np.asarray(render(design, (W, H), assets).image))


@pytest.mark.parametrize("size", [(0, 10), (10, 100000), ("a", 3)])
def test_bad_size_is_invalid_input(size):
    with pytest.raises(InvalidInput):
        render(Design(layers=[bg()]), size, assets)


def test_render_passes_equal_separate_renders_of_their_layers():
    from routix.render import render_passes

    design = Design(
        adjustments=Adjustments(brightness=1.1, saturation=1.2),
        layers=[
            BackgroundLayer(id="bg", fill=LinearGradient(angle=30, stops=[ColorStop(color="#112244", offset=0.0),
                                                                          ColorStop(color="#aa3355", offset=1.0)])),
            ShapeLayer(id="box", shape="rectangle", box=Box(x=0.1, y=0.5, w=0.5, h=0.3), fill="#ffcc00"),
            TextLayer(id="title", text="PASSES", box=Box(x=0.05, y=0.05, w=0.9, h=0.4), fill=Solid(color="#ffffff")),
            ShapeLayer(id="badge", shape="burst", box=Box(x=0.7, y=0.6, w=0.2, h=0.3), fill="#00aaff"),
        ],
    )
    passes = render_passes(design, (W, H), {}.__getitem__)
    full = render(design, (W, H), {}.__getitem__)
    no_text = render(design.model_copy(update={"layers": [la for la in design.layers if la.kind != "text"]}),
                     (W, H), {}.__getitem__)
    art_only = render(design.model_copy(update={"layers": design.layers[:1]}), (W, H), {}.__getitem__)
    assert np.array_equal(np.asarray(passes.result.image), np.asarray(full.image))
    assert passes.result.boxes == full.boxes and set(passes.result.text_layouts) == {"title"}
    assert np.array_equal(np.asarray(passes.backdrop), np.asarray(no_text.image))  # the badge above the title stays
    assert np.array_equal(np.asarray(passes.background), np.asarray(art_only.image))
    assert not np.array_equal(np.asarray(passes.backdrop), np.asarray(passes.result.image))
