"""A request's inputs by role: people and objects become subjects, a logo the logo, a scene
the background.

Each :class:`Input` is one image and the role it plays (``person``, ``object``, ``logo``,
``scene``, ``reference``); a missing role is guessed (:func:`routix.vision.guess_role`).

* ``person`` / ``object``: cut out (:func:`routix.vision.extract_subjects`); every person
  of a photo is a subject, the host first. An object whose photo has no clear subject is used
  as a framed card (the whole photo with rounded corners), never a blob.
* ``logo``: its own transparency (or its plain-background cut-out) fills the logo slot; the
  first logo wins, later ones are reported.
* ``scene``: the photo becomes the background, graded to the design's palette
  (:func:`grade_scene`); the first scene wins.
* ``reference``: its design DNA is followed (:func:`follow_references`); its pixels are
  never drawn. ``Prepared.references`` (``(image, mode)`` pairs) is also what a
  provider-backed algorithm's ``fill_background(..., references=...)`` sends to the image
  model as style references, after the creator's cut-outs (:mod:`routix.providers.references`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from routix.design.models import BackgroundLayer, Design, ImageFill, ImageLayer
from routix.generate.ports import AssetStore

if TYPE_CHECKING:  # the vision models load OpenCV, MediaPipe and onnxruntime: imported where used
    from routix.vision import Role, Subject

#: Roles that put a cut-out into the subject slot.
SUBJECT_ROLES = ("person", "object")


@dataclass(frozen=True)
class Input:
    """One input image (already validated by ``load_image``) and its role; None = guess it."""

    image: Image.Image
    role: Role | None = None
    #: references only: ``style_only`` or ``style_and_composition``
    mode: str | None = None


@dataclass
class Prepared:
    """The inputs sorted by role. ``subjects``: cut-outs, host first; ``objects``: the ids
    (``id()``) of subjects that are objects or framed cards rather than people; ``roles``:
    the role each input played, in input order; ``notes``: sentences for the report."""

    subjects: list[Subject] = field(default_factory=list)
    objects: set[int] = field(default_factory=set)
    logo: Image.Image | None = None
    scene: Image.Image | None = None
    references: list[tuple[Image.Image, str]] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_card(self) -> None:
        """Turn the scene photo into a framed card (the whole photo, rounded corners) in the
        subject slot, kept out of the badge corner like an object."""
        from routix.vision.cutout import rgba, rounded_rect_alpha
        from routix.vision.subjects import FRAME_RADIUS, Subject

        if self.scene is None:
            return
        scene, self.scene = self.scene, None
        alpha = rounded_rect_alpha(scene.width, scene.height, FRAME_RADIUS * min(scene.size), 1.0)
        card = Subject(rgba(np.asarray(scene), alpha), "framed", (0, 0, scene.width, scene.height))
        self.subjects.append(card)
        self.objects.add(id(card.image))
        self.notes.append("The scene photo is a framed card on illustrated art (realism below 50).")


def prepare_inputs(inputs: Sequence[Input], progress: Callable[[int, int], None] | None = None) -> Prepared:
    """Sort ``inputs`` by role (guessing missing roles) and cut out the subjects.

    ``progress(done, total)`` is called after each input. Raises routix.vision's
    ModelUnavailable if a model cannot load.
    """
    from routix.vision import extract_subjects, guess_role

    out = Prepared()
    for i, item in enumerate(inputs):
        found = extract_subjects(item.image) if item.role in (None, *SUBJECT_ROLES) else None
        role: Role = item.role or guess_role(item.image, found).role
        if item.role is None:
            out.notes.append(f"Photo {i + 1} looks like {_article(role)} {role}; used it as one.")
        out.roles.append(role)
        if role in SUBJECT_ROLES and found is not None:
            host = found.host
            ordered = sorted(found.subjects, key=lambda s: s is not host)  # host first, then left to right
            out.subjects.extend(ordered)
            out.objects.update(id(s.image) for s in ordered if s.kind != "person")
            out.notes.extend(found.notes)
        elif role == "logo":
            if out.logo is None:
                out.logo = _logo_image(item.image)
            else:
                out.notes.append(f"Photo {i + 1} is a second logo; only the first one is placed.")
        elif role == "scene":
            if out.scene is None:
                out.scene = item.image.convert("RGB")
            else:
                out.notes.append(f"Photo {i + 1} is a second scene; only the first one is the background.")
        else:
            out.references.append((item.image, item.mode or "style_only"))
        if progress:
            progress(i + 1, len(inputs))
    return out


@dataclass(frozen=True)
class ReferenceStyle:
    """What the references ask for: ``palette`` (hex, dominant first), ``energy`` 1..10 and,
    for ``style_and_composition``, the ``composition`` to prefer (else None)."""

    palette: tuple[str, ...]
    energy: int
    composition: str | None


def follow_references(references: Sequence[tuple[Image.Image, str]]) -> ReferenceStyle | None:
    """The style of the first reference (design DNA, :func:`routix.vision.dna.analyse_dna`
    without OCR): its palette and energy; its composition too when its mode is
    ``style_and_composition``. None without references."""
    if not references:
        return None
    from routix.templates.skeleton import composition_of
    from routix.vision.dna import analyse_dna

    image, mode = references[0]
    dna = analyse_dna(image, ocr=False)
    composition = composition_of(dna) if mode == "style_and_composition" else None
    return ReferenceStyle(tuple(c.hex for c in dna.palette[:3]), dna.energy, composition)


def _article(role: str) -> str:
    return "an" if role[0] in "aeiou" else "a"


def _logo_image(image: Image.Image) -> Image.Image:
    """A logo with its own alpha is used as is; an opaque one is cut off its plain field when
    it has one, else used whole."""
    from routix.vision import extract_subjects

    if image.mode == "RGBA":
        return image
    found = extract_subjects(image)
    subject = found.subjects[0]
    return subject.image if subject.kind == "subject" else image.convert("RGBA")


def grade_scene(image: Image.Image, palette: Sequence[str], strength: float = 0.35) -> Image.Image:
    """``image`` (RGB) graded towards the design's look: a luminance-keeping tint by the
    palette's first two colours (shadows take the second, highlights the first), ``strength``
    0..1 of the way, and a gentle S-curve for punch. Returns a new RGB image of the same size."""
    rgb = np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0
    luma = rgb @ np.array([0.299, 0.587, 0.114], np.float32)
    hi = _hex(palette[0] if palette else "#FFFFFF")
    lo = _hex(palette[1] if len(palette) > 1 else "#000000")
    tint = lo[None, None] * (1 - luma[..., None]) + hi[None, None] * luma[..., None]
    tint_luma = tint @ np.array([0.299, 0.587, 0.114], np.float32)
    tint = np.clip(tint + (luma - tint_luma)[..., None], 0, 1)  # keep the photo's light
    graded = (1 - strength) * rgb + strength * tint
    graded = graded + 0.35 * (graded - 0.5) * (1 - np.abs(2 * graded - 1))  # S-curve
    return Image.fromarray(np.clip(graded * 255 + 0.5, 0, 255).astype(np.uint8), "RGB")


def _hex(colour: str) -> np.ndarray:
    value = colour.lstrip("#")
    return np.array([int(value[k : k + 2], 16) for k in (0, 2, 4)], np.float32) / 255.0


def use_scene(design: Design, scene: Image.Image, assets: AssetStore, *, darken: float = 0.2,
              strength: float = 0.35) -> Design:
    """``design`` with its background layer showing ``scene`` (graded to the design's palette
    by ``strength`` 0..1, covering the canvas, darkened by ``darken`` 0..1 so the title reads)."""
    graded = grade_scene(scene, design.palette, strength)
    ref = assets.put(graded, hint="scene")
    layers = list(design.layers)
    for i, layer in enumerate(layers):
        if isinstance(layer, BackgroundLayer):
            layers[i] = layer.model_copy(update={"fill": ImageFill(asset=ref, fit="cover", darken=darken)})
            break
    return design.model_copy(update={"layers": layers})


def clear_badge_corner(design: Design, objects: set[int], assets: AssetStore) -> Design:
    """Subject layers holding an object or a framed card (``objects``: ``id()`` of their
    images) are kept out of the 16:9 duration-badge corner: a box reaching into it is either
    narrowed to end left of the corner or shortened to end above it, whichever leaves the
    contained image larger. People are not moved (they stand on the bottom edge); the quality
    report warns when they reach into the corner."""
    from routix.quality.layout import BADGE_CORNER

    x0, y0 = BADGE_CORNER
    layers = list(design.layers)
    for i, layer in enumerate(layers):
        if not isinstance(layer, ImageLayer) or layer.slot != "subject":
            continue
        image = assets.get(layer.asset)
        if id(image) not in objects:
            continue
        box = layer.box
        if box.x + box.w <= x0 or box.y + box.h <= y0:
            continue
        aspect = image.width / max(1, image.height) * 9 / 16  # image width/height in canvas units
        narrow = box.model_copy(update={"w": max(0.05, x0 - box.x - 0.01)})
        short = box.model_copy(update={"h": max(0.05, y0 - box.y - 0.01)})
        new = max((narrow, short), key=lambda b: min(b.w, b.h * aspect))
        layers[i] = layer.model_copy(update={"box": new})
    return design.model_copy(update={"layers": layers})
