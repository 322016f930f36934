"""Stages 2 and 3 of the pipeline, search and compose: a brief laid out on its best template,
with the hero plan of a design without a photo; and the opaque per-generation template
reference."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image

from routix.brief.models import Brief
from routix.design.models import Design
from routix.generate.compose import HeroContent, compose, derive_title
from routix.generate.hero import hero_content, plan_hero_for
from routix.generate.ports import AssetStore
from routix.generate.presets import StylePreset
from routix.generate.search import pick_template

if TYPE_CHECKING:
    from routix.generate.pipeline import TemplateSearch
    from routix.icons.hero import HeroPlan
    from routix.templates.models import Template


@dataclass
class Layout:
    """A request laid out: the template chosen (with its score and the next best), the composed
    design (art not painted yet) and, without a photo, the hero plan and content."""

    template: Template
    score: float
    alternatives: list[tuple[str, float]]
    design: Design
    plan: HeroPlan | None = None
    hero: HeroContent | None = None
    search_seconds: float = 0.0


def layout_request(
    brief: Brief,
    *,
    index: TemplateSearch,
    assets: AssetStore,
    seed: int,
    template_id: str | None = None,
    subjects: Sequence[Image.Image] = (),
    logo: Image.Image | None = None,
    ref_key: bytes = b"",
    preset: StylePreset | None = None,
    composition: str | None = None,
) -> Layout:
    """Search and compose for one brief: the pipeline's stages 2 and 3 (no progress, no art).

    Without ``subjects`` the hero plan (:func:`routix.icons.plan_hero`) picks the kind of
    layout and fills its hero slots; a number layout shows the counted number in its own layer
    and the rest of the title in the title. Raises NotFound for an unknown ``template_id``.
    """
    t0 = time.perf_counter()
    title = derive_title(brief)  # the planner already put an explicit title into brief.title
    plan = None if subjects else plan_hero_for(brief, title, seed)
    template, score, alternatives = pick_template(
        index, brief, template_id, people=len(subjects), hero=plan.kind if plan else None, preset=preset,
        composition=composition,
    )
    searched = time.perf_counter() - t0
    hero = hero_content(plan, brief, seed) if plan else None
    if plan and plan.kind == "number" and plan.rest and _has_slot(template.design, "number"):
        title = plan.rest  # the number leads in its own layer; the title carries the rest
    design = compose(
        template.design, brief, title=title, subjects=subjects, logo=logo, assets=assets, seed=seed,
        template_ref=opaque_ref(template.id, seed, ref_key), hero=hero,
    )
    return Layout(template, float(score), alternatives, design, plan, hero, searched)


def opaque_ref(template_id: str, seed: int, key: bytes = b"") -> str:
    """A per-generation reference that does not reveal the template id: ``tpl_`` + 12 hex of
    HMAC-SHA256(``key``, "<template id>:<seed>"). Without the key, knowing the seed and the
    template ids does not lead back to the template (the service's key comes from its secret)."""
    return "tpl_" + hmac.new(key, f"{template_id}:{seed}".encode(), hashlib.sha256).hexdigest()[:12]


def _has_slot(design: Design, slot: str) -> bool:
    return any(layer.slot == slot for layer in design.layers)


__all__ = ["Layout", "layout_request", "opaque_ref"]
