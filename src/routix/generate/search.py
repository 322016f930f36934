"""Template search for a brief: the best match that fits the photo, the hero kind, the style
preset and a reference's layout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from routix.brief.models import Brief
from routix.generate.presets import StylePreset, family_first
from routix.templates import TemplateFilter
from routix.templates.models import HERO_COMPOSITIONS

if TYPE_CHECKING:
    from routix.generate.pipeline import TemplateSearch


#: How much lower (cosine) a side-by-side template may score and still win for 2+ people.
SPLIT_PREFERENCE = 0.15
#: Cosine subtracted from a hero layout's score per step between its energy and the brief's.
ENERGY_PENALTY = 0.03


def pick_template(index: TemplateSearch, brief: Brief, template_id: str | None, *, people: int,
                   hero: str | None = None, preset: StylePreset | None = None, composition: str | None = None):
    """The requested template, or the best match for the brief among templates that fit the photo.

    Templates with a subject slot are searched when there are people, text-only ones otherwise.
    Without people, ``hero`` (a hero kind: icon, number, versus, grid) moves the templates whose
    composition shows that kind (``routix.templates.models.HERO_COMPOSITIONS``) ahead of the
    others, best match first (less ``ENERGY_PENALTY`` per step of energy between layout and
    brief); a library without such templates keeps the plain ranking.
    With two or more people a side-by-side ("split") template wins if it scores within
    SPLIT_PREFERENCE of the best match, so nobody is squeezed into a one-person slot.
    A ``preset`` moves its family's best template ahead (:func:`routix.generate.presets.family_first`);
    a reference's ``composition`` moves the templates of that composition ahead of all others.
    """

    if template_id:
        return index.get(template_id), 1.0, []
    query = brief_query(brief)
    matches = index.search(query, TemplateFilter(has_face=people > 0), k=50)
    if not matches:  # no template of that kind: relax the face filter
        matches = index.search(query, None, k=50)
    if hero and people == 0:
        fitting = [m for m in matches if m.template.dna.composition in HERO_COMPOSITIONS.get(hero, ())]
        if not fitting and hero != "icon":  # no layout for that kind: an icon layout still shows a hero
            fitting = [m for m in matches if m.template.dna.composition in HERO_COMPOSITIONS["icon"]]
        # a calm request should not get the loudest layout: ENERGY_PENALTY per step of energy apart
        fitting.sort(key=lambda m: -(m.score - ENERGY_PENALTY * abs(m.template.dna.energy - brief.energy)))
        if fitting:
            matches = [*fitting, *(m for m in matches if m not in fitting)]
    if preset is not None:
        matches = family_first(matches, preset)
    if composition is not None:  # a reference's layout: its composition first, best match first
        same = [m for m in matches if m.template.dna.composition == composition]
        matches = [*same, *(m for m in matches if m not in same)]
    if people >= 2:
        split = [m for m in matches if m.template.dna.composition == "split"]
        if split and split[0].score >= matches[0].score - SPLIT_PREFERENCE:
            matches = [split[0], *(m for m in matches if m is not split[0])]
    best = matches[0]
    return best.template, float(best.score), [(m.template.id, float(m.score)) for m in matches[1:4]]


def brief_query(brief: Brief) -> str:
    """The text the template search embeds for a brief: category, mood, style, elements, prompt."""
    parts = [f"{brief.category} thumbnail", f"{brief.mood} mood", f"{brief.style} style", *brief.visual_elements]
    return ", ".join(parts) + ". " + brief.prompt
