"""The starter library: every skeleton validates and follows the slot and layout conventions."""

from __future__ import annotations

from collections import Counter

import pytest
from pydantic import ValidationError

from routix.brief.models import CATEGORIES
from routix.design import (
    Aspect,
    BackgroundLayer,
    Box,
    Design,
    ImageLayer,
    ProceduralFill,
    TextLayer,
)
from routix.templates import (
    SLOTS,
    STARTER_TEMPLATES,
    Template,
    face_box,
    layout_issues,
    starter_templates,
)
from routix.templates.conventions import SAFE_MARGIN, TIMESTAMP_CORNER
from routix.templates.models import NO_FACE

IDS = [t.id for t in STARTER_TEMPLATES]


def test_library_size_and_unique_ids() -> None:
    assert len(STARTER_TEMPLATES) >= 18
    assert len(set(IDS)) == len(IDS)
    assert starter_templates() == STARTER_TEMPLATES
    assert starter_templates() is not STARTER_TEMPLATES


def test_category_coverage() -> None:
    counts = Counter(t.category for t in STARTER_TEMPLATES)
    print("templates per category:", dict(sorted(counts.items())))
    assert len(counts) >= 12
    for category, wanted in {"gaming": 2, "tech": 2, "reaction": 2, "podcast": 2}.items():
        assert counts[category] >= wanted, category
    for category in ("vlog", "tutorial", "finance", "fitness", "travel", "food", "education", "news", "music",
                     "beauty"):
        assert counts[category] >= 1, category


def test_compositions_are_varied() -> None:
    compositions = {t.dna.composition for t in STARTER_TEMPLATES}
    assert compositions == {
        "subject_left", "subject_right", "subject_center", "split", "text_only",
        "hero_center", "hero_side", "hero_number", "hero_versus", "hero_grid",
    }
    assert {t.category for t in STARTER_TEMPLATES if t.dna.composition == "split"} >= {"podcast", "reaction"}


@pytest.mark.parametrize("template", STARTER_TEMPLATES, ids=IDS)
def test_template_round_trips_through_json(template: Template) -> None:
    again = Template.model_validate_json(template.model_dump_json(by_alias=True))
    assert again == template
    assert Design.from_json(template.design.to_json()) == template.design


@pytest.mark.parametrize("template", STARTER_TEMPLATES, ids=IDS)
def test_slot_conventions(template: Template) -> None:
    design, dna = template.design, template.dna
    background = design.layers[0]
    assert isinstance(background, BackgroundLayer) and background.id == "background"
    if dna.background == "procedural":
        assert background.fill == ProceduralFill(motif=dna.motifs[0], palette=dna.palette, seed=0,
                                                 intensity=background.fill.intensity)
    assert all(layer.box_square is not None for layer in design.layers[1:])
    slots = [layer.slot for layer in design.layers if layer.slot]
    assert set(slots) <= set(SLOTS)
    assert slots.count("title") == 1
    assert (slots.count("subject") == 1) == dna.has_face
    assert ("subject" not in slots) == (dna.composition in NO_FACE)
    if dna.composition.startswith("hero_"):
        assert "hero" in slots, "a hero layout has a hero slot"
    assert (slots.count("logo") == 1) == dna.has_logo
    title = design.layer("title")
    assert isinstance(title, TextLayer) and title.text == "{title}"
    assert 0.12 <= title.max_size <= 0.3 and 1 <= title.max_lines <= 3
    assert title.stroke or title.highlight or title.shadow, "title needs a legibility aid"
    if dna.has_face:
        subject = design.layer("subject")
        assert isinstance(subject, ImageLayer) and subject.asset == "slot:subject"
        assert subject.outline is not None and subject.shadow is not None
        for box in (subject.box, subject.box_square):
            assert 0.7 <= box.h <= 1.05
            assert box.y + box.h >= 0.99, "subject stands on (or bleeds off) the bottom edge"
    for slot in ("subtitle", "badge"):
        if slot in slots:
            assert design.layer(slot).text == "{" + slot + "}"
    if dna.has_logo:
        logo = design.layer("logo")
        for box in (logo.box, logo.box_square):
            assert box.w <= 0.15 and box.h <= 0.15
            assert not (box.cx > 0.5 and box.cy > 0.5), "logo must not sit in the bottom-right corner"


@pytest.mark.parametrize("template", STARTER_TEMPLATES, ids=IDS)
@pytest.mark.parametrize("aspect", [Aspect.WIDE, Aspect.SQUARE, Aspect.TALL], ids=["16x9", "1x1", "9x16"])
def test_layout_keeps_important_layers_safe(template: Template, aspect: Aspect) -> None:
    assert layout_issues(template.design, aspect) == []


def test_layout_issues_flags_timestamp_corner_and_margin() -> None:
    template = STARTER_TEMPLATES[0]
    cx, cy = TIMESTAMP_CORNER
    cornered = template.design.model_copy(deep=True)
    cornered.layer("title").box = Box(x=cx - 0.1, y=cy - 0.05, w=0.14, h=0.1)
    assert any("timestamp" in issue for issue in layout_issues(cornered, Aspect.WIDE))
    edge = template.design.model_copy(deep=True)
    edge.layer("title").box_square = Box(x=SAFE_MARGIN / 2, y=0.3, w=0.5, h=0.2)
    assert any("safe margin" in issue for issue in layout_issues(edge, Aspect.SQUARE))
    assert layout_issues(edge, Aspect.WIDE) == layout_issues(template.design, Aspect.WIDE)


def test_face_box_is_upper_middle_of_subject() -> None:
    face = face_box(Box(x=0.5, y=0.0, w=0.4, h=1.0))
    assert face.x > 0.5 and face.x + face.w < 0.9 and face.y + face.h <= 0.5


def test_searchable_text_carries_words_of_every_field() -> None:
    template = next(t for t in STARTER_TEMPLATES if t.category == "gaming")
    text = template.searchable_text()
    for word in (template.name, "gaming", template.tags[0], template.dna.mood, template.dna.style,
                 template.dna.motifs[0].replace("_", " "), template.description):
        assert word in text


def _mutated(template: Template, **design_changes) -> dict:
    data = template.model_dump(by_alias=True)
    data["design"].update(design_changes)
    return data


def test_template_rejects_broken_skeletons() -> None:
    base = next(t for t in STARTER_TEMPLATES if t.dna.has_face)
    layers = base.model_dump(by_alias=True)["design"]["layers"]

    no_square = [dict(layer) for layer in layers]
    no_square[-1]["boxes"] = {k: v for k, v in no_square[-1]["boxes"].items() if k != "1:1"}
    with pytest.raises(ValidationError, match="box_square"):
        Template.model_validate(_mutated(base, layers=no_square))

    without_subject = [layer for layer in layers if layer["id"] != "subject"]
    with pytest.raises(ValidationError, match="subject"):
        Template.model_validate(_mutated(base, layers=without_subject))

    renamed = [dict(layer, id="headline") if layer["id"] == "title" else layer for layer in layers]
    with pytest.raises(ValidationError, match="must have id 'title'"):
        Template.model_validate(_mutated(base, layers=renamed))

    with pytest.raises(ValidationError, match="palette"):
        Template.model_validate(_mutated(base, palette=["#000000", "#FFFFFF", "#FF0000"]))

    data = base.model_dump(by_alias=True)
    with pytest.raises(ValidationError, match="category"):
        Template.model_validate(dict(data, category="cooking"))
    with pytest.raises(ValidationError, match="mood"):
        Template.model_validate(dict(data, dna=dict(data["dna"], mood="grumpy")))
    with pytest.raises(ValidationError, match="text_only"):
        Template.model_validate(dict(data, dna=dict(data["dna"], composition="text_only")))
    assert set(CATEGORIES) >= {t.category for t in STARTER_TEMPLATES}
