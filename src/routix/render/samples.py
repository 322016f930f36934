"""Sample designs and assets for demos, benchmarks and tests (no files needed but the bundled
public-domain photo ``routix/samples/grace_hopper.jpg``).

``typical_design()`` is the reference workload: gradient background, one RGBA subject with
outline and shadow, a two-line title with stroke and shadow, an arrow, a vignette.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

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
    RadialGradient,
    Shadow,
    ShapeLayer,
    Solid,
    Stroke,
    TextLayer,
)
from routix.render.assets import AssetResolver

PHOTO = Path(__file__).resolve().parent.parent / "samples" / "grace_hopper.jpg"


@lru_cache(maxsize=1)
def sample_subject() -> Image.Image:
    """A 600x700 RGBA cut-out-like figure (head and shoulders, soft shading), deterministic."""
    w, h, k = 600, 700, 4
    alpha = Image.new("L", (w * k, h * k), 0)
    d = ImageDraw.Draw(alpha)
    d.ellipse((170 * k, 40 * k, 430 * k, 340 * k), fill=255)                 # head
    d.rounded_rectangle((250 * k, 300 * k, 350 * k, 420 * k), 30 * k, fill=255)  # neck
    d.ellipse((40 * k, 380 * k, 560 * k, 980 * k), fill=255)                  # shoulders
    alpha = alpha.reduce(k)
    shade = Image.linear_gradient("L").resize((w, h)).rotate(30, resample=Image.Resampling.BILINEAR,
                                                           fillcolor=128)
    skin = Image.merge("RGB", (shade.point(lambda v: 150 + v // 3), shade.point(lambda v: 95 + v // 4),
                               shade.point(lambda v: 70 + v // 5)))
    shirt = Image.new("RGB", (w, h), (30, 110, 220))
    body = Image.new("L", (w, h), 0)
    ImageDraw.Draw(body).rectangle((0, 400, w, h), fill=255)
    rgb = Image.composite(shirt, skin, body.filter(ImageFilter.GaussianBlur(6)))
    rgb.putalpha(alpha)
    return rgb


def sample_assets() -> AssetResolver:
    """Resolver for ``"subject"`` (:func:`sample_subject`) and ``"photo"`` (the bundled photo)."""
    def resolve(ref: str) -> Image.Image:
        if ref == "subject":
            return sample_subject().copy()
        if ref == "photo":
            return Image.open(PHOTO)
        raise KeyError(ref)
    return resolve


def typical_design(seed: int = 7) -> Design:
    """The reference design described in the module docstring."""
    return Design(seed=seed, layers=[
        BackgroundLayer(id="bg", name="Background", fill=LinearGradient(angle=35, stops=[
            ColorStop(offset=0, color="#14002E"), ColorStop(offset=0.55, color="#7A1FA2"),
            ColorStop(offset=1, color="#FF6A00")])),
        ImageLayer(id="subject", name="Subject", slot="subject", asset="subject",
                   box=Box(x=0.56, y=0.08, w=0.42, h=0.92),
                   outline=Stroke(color="#FFFFFF", width=0.012),
                   shadow=Shadow(opacity=0.55, dx=0.01, dy=0.012, blur=0.018)),
        TextLayer(id="title", name="Title", slot="title", text="I built a secret base",
                  box=Box(x=0.04, y=0.1, w=0.54, h=0.62), font="anton", max_lines=2,
                  fill=Solid(color="#FFE600"), stroke=Stroke(color="#000000", width=0.09),
                  shadow=Shadow(opacity=0.85, dx=0.006, dy=0.01, blur=0.004),
                  accent_words=["secret"], accent_color="#FFFFFF"),
        ShapeLayer(id="arrow", name="Arrow", shape="arrow", fill="#FF2D2D",
                   stroke=Stroke(color="#FFFFFF", width=0.008), rotation=-20,
                   box=Box(x=0.36, y=0.66, w=0.2, h=0.26)),
    ], adjustments=Adjustments(vignette=0.35))


def showcase_designs() -> dict[str, Design]:
    """A few contrasting designs exercising every layer kind (for looking at the output)."""
    photo_bg = Design(seed=3, layers=[
        BackgroundLayer(id="bg", name="Photo", fill=ImageFill(asset="photo", blur=0.012, darken=0.35,
                                                               focus_y=0.3)),
        ShapeLayer(id="burst", name="Burst", shape="burst", fill="#FFD400", points=16, rotation=8,
                   stroke=Stroke(color="#000000", width=0.006), box=Box(x=0.7, y=0.05, w=0.26, h=0.42)),
        TextLayer(id="badge", name="Badge", text="NEW!", font="bangers", fill=Solid(color="#E10600"),
                  box=Box(x=0.74, y=0.16, w=0.18, h=0.2), rotation=12, max_lines=1),
        TextLayer(id="title", name="Title", text="She invented the compiler", font="montserrat-black",
                  box=Box(x=0.05, y=0.55, w=0.9, h=0.38), max_lines=2, align="center",
                  fill=LinearGradient(angle=90, stops=[ColorStop(offset=0, color="#FFFFFF"),
                                                       ColorStop(offset=1, color="#9FE8FF")]),
                  stroke=Stroke(color="#001A33", width=0.06),
                  shadow=Shadow(opacity=0.9, dx=0.0, dy=0.012, blur=0.012),
                  glow=Glow(color="#00C8FF", radius=0.03, strength=0.6)),
    ], adjustments=Adjustments(contrast=1.1, saturation=1.15, vignette=0.4, sharpen=0.3))
    radial = Design(seed=5, layers=[
        BackgroundLayer(id="bg", fill=RadialGradient(cx=0.3, cy=0.45, radius=0.8, stops=[
            ColorStop(offset=0, color="#00E5A0"), ColorStop(offset=1, color="#002B36")])),
        ShapeLayer(id="ring", name="Ring", shape="circle_ring", fill="#FF2D2D", ring_width=0.12,
                   box=Box(x=0.08, y=0.12, w=0.34, h=0.62)),
        ImageLayer(id="subject", name="Subject", asset="subject", box=Box(x=0.1, y=0.17, w=0.3, h=0.93),
                   outline=Stroke(color="#FFE600", width=0.01), rotation=-6,
                   glow=Glow(color="#FFFFFF", radius=0.04, strength=0.7)),
        ShapeLayer(id="tag", name="Tag", shape="rectangle", fill="#111111", corner_radius=0.25,
                   box=Box(x=0.5, y=0.08, w=0.4, h=0.14), stroke=Stroke(color="#00E5A0", width=0.005)),
        TextLayer(id="tagtext", text="Tutorial", font="oswald", box=Box(x=0.52, y=0.095, w=0.36, h=0.11),
                  align="center", max_lines=1),
        TextLayer(id="title", name="Title", text="10x faster python", font="bebas", align="left",
                  box=Box(x=0.48, y=0.3, w=0.48, h=0.6), max_lines=3, fill=Solid(color="#FFFFFF"),
                  highlight=Highlight(color="#E10600", padding=0.12, radius=0.1),
                  accent_words=["10x"], accent_color="#FFE600",
                  shadow=Shadow(opacity=0.7, dx=0.008, dy=0.008, blur=0.0)),
    ], adjustments=Adjustments(saturation=1.1))
    return {"typical": typical_design(), "photo": photo_bg, "radial": radial}
