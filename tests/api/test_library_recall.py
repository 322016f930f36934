"""Search quality of the template library: recall@3 over starter + uploaded templates.

The labelled set (tests/fixtures/library/recall.json) holds 40 "uploads": starter designs
re-rendered with rotated palettes and new titles, each with an administrator's category, tags
and description, plus 45 queries phrased the way users ask, each with the template slugs a
human would accept. The uploads become templates the way the admin upload does: when
``routix.vision.dna.analyse_dna`` and ``routix.templates.skeleton.build_template`` exist, the
rendered image is analysed and a skeleton built from its DNA; otherwise the recoloured starter
design is used directly. Rendered images are cached in the pytest cache.

Metrics (printed): recall@3 = share of queries with at least one relevant template in the top 3
(the house definition, as in tests/test_templates_recall.py), gate >= 0.9; and the stricter
capped recall@3 = mean of |relevant ∩ top 3| / min(|relevant|, 3), gate >= 0.8. Analysed
templates are cached too, keyed by the image and the source of the DNA/skeleton code.
"""

from __future__ import annotations

import colorsys
import hashlib
import json
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from routix.design import Design, TextLayer
from routix.embed import get_embedder
from routix.library.embedding import searchable_text, template_vector
from routix.library.search import library_index
from routix.library.starter import ensure_starter, flat_columns
from routix.store.models import TemplateRecord
from routix.templates import STARTER_TEMPLATES, Template

DATA = Path(__file__).resolve().parents[1] / "fixtures" / "library" / "recall.json"
GATE = 0.9
CAPPED_GATE = 0.8
_HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


def rotate_hue(hex_colour: str, degrees: float) -> str:
    """``hex_colour`` with its HLS hue turned by ``degrees`` (greys unchanged)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb((h + degrees / 360) % 1.0, l, s)
    return "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in (r, g, b)))


def recoloured(base: Template, spec: dict) -> Template:
    """The starter design with every colour's hue rotated, under the upload's slug and metadata."""
    shift = spec["hue_shift"]
    design_json = _HEX.sub(lambda m: rotate_hue(m.group(0), shift),
                           json.dumps(base.design.model_dump(mode="json", by_alias=True)))
    dna = base.dna.model_copy(update={"palette": [rotate_hue(c, shift) for c in base.dna.palette]})
    return Template(
        id=spec["slug"], name=spec["name"], category=spec["category"], tags=spec["tags"],
        description=spec["description"], dna=dna, design=Design.model_validate(json.loads(design_json)),
    )


def _admin_pipeline():
    """(analyse_dna, build_template): what an admin upload goes through."""
    from routix.templates.skeleton import build_template
    from routix.vision.dna import analyse_dna

    return analyse_dna, build_template


def _slot_assets(photo_path: Path) -> dict[str, Image.Image]:
    from routix.vision import extract_subjects

    logo = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((8, 8, 248, 248), fill=(240, 240, 240, 255))
    return {"slot:subject": extract_subjects(photo_path).subjects[0].image, "slot:logo": logo}


def rendered(template: Template, title: str, cache: Path, assets: dict) -> Image.Image:
    """The filled design at 1280x720 (cached as PNG under ``cache``, keyed by design + title)."""
    from routix.render import render

    design = template.design.model_copy(deep=True)
    key = hashlib.sha256((design.model_dump_json() + title).encode()).hexdigest()[:24]
    path = cache / f"{template.id}-{key}.png"
    if path.exists():
        return Image.open(path).convert("RGB")
    texts = {"{title}": title, "{subtitle}": "FULL STORY", "{badge}": "NEW"}
    for layer in design.layers:
        if isinstance(layer, TextLayer) and layer.text in texts:
            layer.text = texts[layer.text]
    if not assets:
        assets.update(_slot_assets(Path(__file__).resolve().parents[2] / "src/routix/samples/grace_hopper.jpg"))
    image = render(design, (1280, 720), assets.__getitem__).image.convert("RGB")
    image.save(path)
    return image


def _code_version() -> str:
    """SHA-256 of the DNA analysis and skeleton builder sources (an analysis cache key part)."""
    import routix.templates.skeleton as skeleton
    import routix.vision.dna as dna

    digest = hashlib.sha256()
    for path in sorted(Path(dna.__file__).parent.glob("*.py")) + [Path(skeleton.__file__)]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def analysed(template: Template, spec: dict, cache: Path, assets: dict, pipeline) -> Template:
    """The upload's template as the admin upload builds it: render, analyse_dna, build_template."""
    analyse_dna, build_template = pipeline
    key = hashlib.sha256((json.dumps(spec, sort_keys=True) + template.design.model_dump_json()
                          + _code_version()).encode()).hexdigest()[:24]
    path = cache / f"{spec['slug']}-{key}.json"
    if path.exists():
        return Template.model_validate_json(path.read_text())
    image = rendered(template, spec["title"], cache, assets)
    built = build_template(
        analyse_dna(image, ocr=False), slug=spec["slug"], name=spec["name"], category=spec["category"],
        tags=spec["tags"], description=spec["description"],
    )
    path.write_text(built.model_dump_json(by_alias=True))
    return built


@pytest.fixture(scope="module")
def labelled(request, tmp_path_factory) -> dict:
    """The labelled set with each variation's Template (built once per session, images cached
    in the pytest cache, or in a temporary folder when the cache plugin is off)."""
    data = json.loads(DATA.read_text())
    starters = {t.id: t for t in STARTER_TEMPLATES}
    cache_plugin = getattr(request.config, "cache", None)
    cache = Path(cache_plugin.mkdir("library-recall")) if cache_plugin else tmp_path_factory.mktemp("library-recall")
    pipeline = _admin_pipeline()
    assets: dict = {}
    templates = []
    for spec in data["variations"]:
        template = recoloured(starters[spec["base"]], spec)
        templates.append(analysed(template, spec, cache, assets, pipeline))
    data["templates"] = templates
    data["mode"] = "analyse_dna + build_template"
    return data


def _store(services, templates: list[Template]) -> None:
    embedder = get_embedder()
    with services.db.session() as session:
        for template in templates:
            session.add(TemplateRecord(
                slug=template.id, source="upload", name=template.name, category=template.category,
                tags=list(template.tags), description=template.description, status="analyzed",
                searchable_text=searchable_text(template), embedding=template_vector(template, embedder),
                **flat_columns(template),
            ))


def test_labelled_set_is_well_formed(labelled):
    slugs = {t.id for t in STARTER_TEMPLATES} | {t.id for t in labelled["templates"]}
    assert len(slugs) >= 60 and len(labelled["queries"]) >= 40
    for item in labelled["queries"]:
        assert item["relevant"] and set(item["relevant"]) <= slugs, item
        for template in [*STARTER_TEMPLATES, *labelled["templates"]]:  # queries are not copies of template text
            assert item["query"].lower() not in template.searchable_text().lower()


def test_recall_at_3(services, labelled, capsys):
    ensure_starter(services)
    _store(services, labelled["templates"])
    index = library_index(services)
    misses, hits, capped = [], 0, 0.0
    for item in labelled["queries"]:
        top = [m.template.id for m in index.search(item["query"], k=3)]
        relevant = set(item["relevant"])
        found = len(relevant & set(top))
        hits += found > 0
        capped += found / min(len(relevant), 3)
        if found < min(len(relevant), 3):
            misses.append(f"  {item['query']!r}: top3={top} relevant={sorted(relevant)}")
    n = len(labelled["queries"])
    line = (f"library search quality ({index.backend}, {labelled['mode']}, {n} queries, "
            f"{len(STARTER_TEMPLATES) + len(labelled['templates'])} templates): "
            f"recall@3 = {hits / n:.3f} (capped recall@3 = {capped / n:.3f})")
    with capsys.disabled():
        print("\n" + line + ("\n" + "\n".join(misses) if misses else ""))
    assert hits / n >= GATE, line
    assert capped / n >= CAPPED_GATE, line
