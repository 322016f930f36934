"""The hero of a design without a photo: its plan, its drawable content, its look's motif."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PIL import Image

from routix.brief.models import Brief
from routix.design.models import BackgroundLayer, Design, ProceduralFill
from routix.generate.compose import HeroContent
from routix.icons import get_icon_index, plan_hero, tone_image

if TYPE_CHECKING:
    from routix.icons.hero import HeroPlan
    from routix.render.art.looks import Look


def plan_hero_for(brief: Brief, title: str, seed: int) -> HeroPlan:
    """The hero plan of a design without a photo (:func:`routix.icons.plan_hero`)."""

    return plan_hero(brief, title, seed=seed)


def hero_content(plan: HeroPlan, brief: Brief, seed: int) -> HeroContent:
    """A hero plan made drawable: the plan's icons toned by the brief's look, its texts."""
    from routix.render.art.looks import look_for

    look = look_for(brief.category, brief.mood, brief.prompt, seed)
    images = [toned_icon(name, look.tone).copy() for name in plan.icons]
    return HeroContent(kind=plan.kind, images=images, look=look, number=plan.number, labels=plan.sides,
                       question=plan.question)


@functools.lru_cache(maxsize=16)
def toned_icon(name: str, tone: str) -> Image.Image:
    """Icon ``name`` with the treatment ``tone`` (:func:`routix.icons.tone_image`), kept for the
    next design that draws it (16 at most, ~2.4 MB each): do not modify the image returned."""
    return tone_image(get_icon_index().image(name), tone)


def keep_look_motif(design: Design, look: Look, category: str) -> Design:
    """Keep a no-photo design's art true to its look: when the algorithm painted a procedural
    motif that neither belongs to the look nor suits the brief's category (a named element can
    pull in, say, a bright landscape for a horror story), the look's own motif is painted."""
    from routix.render.art import MOTIFS

    layers = list(design.layers)
    for i, layer in enumerate(layers):
        if isinstance(layer, BackgroundLayer) and isinstance(layer.fill, ProceduralFill):
            motif = layer.fill.motif
            if motif not in look.motifs and category not in getattr(MOTIFS.get(motif), "categories", ()):
                layers[i] = layer.model_copy(update={"fill": layer.fill.model_copy(update={"motif": look.motifs[0]})})
            break
    return design.model_copy(update={"layers": layers})
