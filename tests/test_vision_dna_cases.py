"""Rendered thumbnails with known properties, shared by the design-DNA and skeleton tests.

No tests here: this module builds designs with a known background (solid, gradient, photo,
stripes), a real person cutout (Grace Hopper, cut out with routix.vision.person_matte) at a
known box, a title at a known box and optionally a logo in a corner, renders them at 1280x720
and records where the face, the title ink and the logo ink ended up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from routix.design import (
    BackgroundLayer,
    Box,
    ColorStop,
    Design,
    Highlight,
    ImageFill,
    ImageLayer,
    LinearGradient,
    ProceduralFill,
    ShapeLayer,
    Solid,
    Stroke,
    TextLayer,
)
from routix.render import render
from routix.vision import detect_faces, load_image, person_matte
from routix.vision.dna import StyleDNA, analyse_dna
from routix.vision.dna.colour import delta_e  # noqa: F401  (re-exported for the DNA tests)
from routix.vision.dna.regions import iou  # noqa: F401  (re-exported for the DNA tests)

ROOT = Path(__file__).resolve().parents[1]
GRACE = ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg"
FIXTURES = ROOT / "tests" / "fixtures"
SIZE = (1280, 720)
NBox = tuple[float, float, float, float]

#: Where the person cutout (512x600 px, its own aspect, so "contain" fills it) is placed.
SUBJECT_BOX = Box(x=0.52, y=0.1, w=648 * 512 / 600 / 1280, h=0.9)
TITLE_BOX = Box(x=0.05, y=0.2, w=0.42, h=0.5)
LOGO_BOX = Box(x=0.05, y=0.05, w=0.08, h=0.08 * 16 / 9)


def contains(outer: NBox | list[float], inner: NBox | list[float], tol: float = 0.01) -> bool:
    return (outer[0] - tol <= inner[0] and outer[1] - tol <= inner[1]
            and inner[0] + inner[2] <= outer[0] + outer[2] + tol and inner[1] + inner[3] <= outer[1] + outer[3] + tol)


def px_to_norm(box: tuple[int, int, int, int], size: tuple[int, int] = SIZE) -> NBox:
    left, top, right, bottom = box
    return (left / size[0], top / size[1], (right - left) / size[0], (bottom - top) / size[1])


@lru_cache(maxsize=1)
def grace_cutout() -> Image.Image:
    """Grace Hopper as an RGBA cutout (512x600, alpha from the person matte)."""
    photo = load_image(GRACE)
    alpha = (np.clip(person_matte(photo), 0, 1) * 255).astype(np.uint8)
    cut = photo.convert("RGBA")
    cut.putalpha(Image.fromarray(alpha))
    return cut


@lru_cache(maxsize=1)
def expected_face() -> NBox:
    """Grace Hopper's face box mapped into SUBJECT_BOX on the 1280x720 canvas (normalised)."""
    face = detect_faces(load_image(GRACE))[0]
    left, top, right, bottom = SUBJECT_BOX.to_px(*SIZE)
    scale = (right - left) / 512
    x0, y0, x1, y1 = face.box
    return px_to_norm((round(left + x0 * scale), round(top + y0 * scale), round(left + x1 * scale),
                       round(top + y1 * scale)))


def logo_image() -> Image.Image:
    """A round white emblem with a red dot (a typical channel logo)."""
    im = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    draw.ellipse((10, 10, 190, 190), fill=(255, 255, 255, 255))
    draw.ellipse((60, 60, 140, 140), fill=(230, 30, 60, 255))
    return im


def assets(ref: str) -> Image.Image:
    if ref == "cut":
        return grace_cutout().copy()
    if ref == "coffee":
        return load_image(FIXTURES / "coffee.jpg")
    if ref == "logo":
        return logo_image()
    raise KeyError(ref)


def _design(background, *, title_color: str = "#FFD400", text: str = "BIG NEWS TODAY", logo: bool = False,
            subject: bool = True, extra: list | None = None, stroke: str = "#000000") -> Design:
    layers: list = [BackgroundLayer(id="background", fill=background), *(extra or [])]
    if subject:
        layers.append(ImageLayer(id="subject", asset="cut", box=SUBJECT_BOX, fit="contain", anchor_y=1.0))
    layers.append(TextLayer(id="title", text=text, fill=Solid(color=title_color),
                            stroke=Stroke(color=stroke, width=0.08), box=TITLE_BOX, max_lines=3, max_size=0.2))
    if logo:
        layers.append(ImageLayer(id="logo", asset="logo", box=LOGO_BOX, fit="contain", anchor_x=0, anchor_y=0))
    return Design(layers=layers)


def _with_subtitle_and_badge() -> Design:
    design = _design(Solid(color="#111827"), title_color="#FFFFFF", text="I QUIT MY JOB")
    extra = [
        TextLayer(id="subtitle", text="the full story behind it", font="montserrat", fill=Solid(color="#F59E0B"),
                  box=Box(x=0.05, y=0.74, w=0.42, h=0.08), max_lines=1, max_size=0.06),
        TextLayer(id="badge", text="NEW", font="montserrat-black", fill=Solid(color="#FFFFFF"),
                  highlight=Highlight(color="#DC2626", padding=0.3, radius=0.2),
                  box=Box(x=0.06, y=0.06, w=0.12, h=0.08), max_lines=1, max_size=0.06, align="center"),
    ]
    return design.model_copy(update={"layers": [*design.layers, *extra]})


def _stripes() -> list[ShapeLayer]:
    return [ShapeLayer(id=f"stripe-{i}", shape="rectangle", fill="#E11D48", box=Box(x=i / 12, y=0, w=1 / 24, h=1))
            for i in range(12)]


#: name -> (design builder, known colours {hex: minimum share the palette must give it})
DESIGNS = {
    "solid": lambda: _design(Solid(color="#1E3A8A")),
    "gradient": lambda: _design(LinearGradient(angle=90, stops=[ColorStop(offset=0, color="#FF5E3A"),
                                                                 ColorStop(offset=1, color="#3A0CA3")]),
                                title_color="#FFFFFF"),
    "photo": lambda: _design(ImageFill(asset="coffee"), title_color="#FFFFFF"),
    "logo": lambda: _design(Solid(color="#0F766E"), logo=True),
    "pattern": lambda: _design(Solid(color="#FFFFFF"), title_color="#111111", text="STRIPES", subject=False,
                               extra=_stripes(), stroke="#FFFFFF"),
    "calm": lambda: _design(LinearGradient(angle=0, stops=[ColorStop(offset=0, color="#F5E6E8"),
                                                           ColorStop(offset=1, color="#E3EAF5")]),
                            title_color="#9AA5B8", text="slow morning", subject=False),
    "slots": _with_subtitle_and_badge,
    "busy": lambda: _design(ProceduralFill(motif="fire_burst", palette=["#FF6A00", "#FFD000", "#B3001B", "#140404"],
                                           intensity=1.0), title_color="#00FF3C", text="INSANE WIN!!"),
}


@dataclass
class Case:
    """A rendered design: the image, the ink boxes (normalised) of its layers, and its DNA."""

    name: str
    image: Image.Image
    ink: dict[str, NBox] = field(default_factory=dict)
    dna: StyleDNA | None = None


@cache
def case(name: str) -> Case:
    """Render the design ``name`` of :data:`DESIGNS` at 1280x720 and analyse it (cached)."""
    result = render(DESIGNS[name](), SIZE, assets)
    ink = {k: px_to_norm(v) for k, v in result.boxes.items() if k != "background"}
    return Case(name, result.image, ink, analyse_dna(result.image))


@cache
def square_case(name: str) -> Case:
    """The design ``name`` rendered as a 720x720 cover (its derived 1:1 boxes) and analysed."""
    result = render(DESIGNS[name](), (720, 720), assets)
    ink = {k: px_to_norm(v, (720, 720)) for k, v in result.boxes.items() if k != "background"}
    return Case(f"{name}-square", result.image, ink, analyse_dna(result.image))


@lru_cache(maxsize=1)
def host_and_guest() -> Image.Image:
    """Grace Hopper (left) and Eileen Collins (right) side by side (from test_vision_faces)."""
    from test_vision_faces import host_and_guest as duo

    return duo()


@cache
def photo_dna(name: str) -> StyleDNA:
    """DNA of a real photograph: 'grace_hopper', 'astronaut', 'chelsea', 'coffee' or 'duo'."""
    if name == "duo":
        return analyse_dna(host_and_guest())
    path = GRACE if name == "grace_hopper" else FIXTURES / f"{name}.jpg"
    return analyse_dna(load_image(path))
