"""The generation pipeline: analyze -> search -> compose -> generate -> finalize.

``generate`` takes its ports (planner, template index, designer, algorithm, asset store, output
sink) as arguments, so the CLI, the API worker and the tests run this very code. Progress is
reported through a callback as ``Progress(stage, percent 0-100, message)``; percent never
goes down.

Outputs put into the sink (names are stable; the service stores them as files or blobs):

* ``thumbnail.jpg`` 1280x720 JPEG under 2 MB, ``cover.jpg`` 3000x3000 JPEG under 2 MB
* ``design.psd`` layered PSD at 1280x720, ``design-1x1.psd`` at 1080x1080 (the 1:1 boxes),
  ``design.json`` the design document
* ``quality.json`` the quality report, ``variant-<k>.jpg`` 1280x720 for k = 1..variants and
  ``variant-<k>.json`` its design document
* ``assets/<name>.png`` every image the design refers to (cutouts, logo)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PIL import Image

from routix.brief.models import Brief, Planner
from routix.design.models import SIZES, BackgroundLayer, Design, ImageLayer, ProceduralFill, TextLayer
from routix.errors import InvalidInput
from routix.generate.compose import HeroContent, compose, derive_title
from routix.generate.ports import (
    Algorithm,
    AssetStore,
    Designer,
    OfflineDesigner,
    Progress,
    ProgressCallback,
)
from routix.generate.variants import make_variants
from routix.icons import get_icon_index, plan_hero, tone_image
from routix.kit.memory import release_memory
from routix.templates import TemplateFilter
from routix.templates.models import HERO_COMPOSITIONS

if TYPE_CHECKING:  # the quality package loads OCR and OpenCV: imported where a run needs it
    from routix.icons.hero import HeroPlan
    from routix.quality.report import QualityReport
    from routix.render.art.looks import Look
    from routix.templates.models import Template

MAX_VARIANTS = 8


class OutputSink(Protocol):
    """Port: where finished files go (a staging directory, a blob store ...)."""

    def put(self, name: str, data: bytes, content_type: str) -> None: ...


class TemplateSearch(Protocol):
    """Port: the part of a template index the pipeline uses (see routix.templates)."""

    def search(self, query: str, filters=None, k: int = 5, min_score: float | None = None) -> list: ...

    def get(self, template_id: str): ...


@dataclass
class GenerationRequest:
    """One request. ``faces``/``logo`` are already-validated images (see routix.vision.load_image)."""

    prompt: str
    faces: Sequence[Image.Image] = ()
    logo: Image.Image | None = None
    title: str | None = None
    template_id: str | None = None
    seed: int | None = None
    variants: int = 0
    #: key of the opaque ``template_ref`` (HMAC-SHA256): the service passes one derived from its
    #: secret, so a user cannot recover which template a reference names from its seed
    ref_key: bytes = b""

    def resolved_seed(self) -> int:
        """The explicit seed, or a stable one derived from prompt and title (same request -> same art)."""
        if self.seed is not None:
            return self.seed
        digest = hashlib.sha256(f"{self.prompt}\x00{self.title or ''}".encode()).digest()
        return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


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
) -> Layout:
    """Search and compose for one brief: the pipeline's stages 2 and 3 (no progress, no art).

    Without ``subjects`` the hero plan (:func:`routix.icons.plan_hero`) picks the kind of
    layout and fills its hero slots; a number layout shows the counted number in its own layer
    and the rest of the title in the title. Raises NotFound for an unknown ``template_id``.
    """
    t0 = time.perf_counter()
    title = derive_title(brief)  # the planner already put an explicit title into brief.title
    plan = None if subjects else plan_hero_for(brief, title, seed)
    template, score, alternatives = _pick_template(
        index, brief, template_id, people=len(subjects), hero=plan.kind if plan else None,
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


@dataclass
class GenerationResult:
    brief: Brief
    design: Design
    variants: list[Design]
    quality: QualityReport
    template_id: str
    template_score: float
    alternatives: list[tuple[str, float]]
    notes: list[str]
    timings: dict[str, float] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


class _Reporter:
    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.percent = 0

    def __call__(self, stage: str, percent: int, message: str) -> None:
        self.percent = max(self.percent, min(100, percent))
        if self.callback:
            self.callback(Progress(stage, self.percent, message))


def generate(
    request: GenerationRequest,
    *,
    planner: Planner,
    index: TemplateSearch,
    algorithm: Algorithm,
    assets: AssetStore,
    sink: OutputSink,
    progress: ProgressCallback | None = None,
    ocr: bool = True,
    png: bool = False,
    designer: Designer | None = None,
) -> GenerationResult:
    """Run the whole pipeline for one request and put every output into ``sink``.

    ``designer`` refines the composed design before the algorithm paints (default
    :class:`OfflineDesigner`: the template's design unchanged).

    ``png`` adds ``thumbnail.png``: the same 1280x720 render as ``thumbnail.jpg``, lossless
    (zlib level 1, for speed).

    Raises InvalidInput (empty prompt, too many variants, unknown template id via NotFound)
    before anything is put into the sink.
    """
    from routix.quality import assess, fix_contrast
    from routix.render import render, to_jpeg, to_png
    from routix.vision import extract_subjects

    if not 0 <= request.variants <= MAX_VARIANTS:
        raise InvalidInput(f"variants must be between 0 and {MAX_VARIANTS}, got {request.variants}")
    report = _Reporter(progress)
    timings: dict[str, float] = {}
    clock = time.perf_counter
    seed = request.resolved_seed()

    # 1. analyze: intent + people in the photos
    t0 = clock()
    report("analyzing", 2, "Reading your request")
    brief = planner.analyze(request.prompt, title=request.title)
    report("analyzing", 10, f"Looks like a {brief.category} thumbnail, {brief.mood} mood")
    subjects, notes = [], []
    for i, face in enumerate(request.faces):
        found = extract_subjects(face)
        host = found.host
        subjects.extend(sorted(found.subjects, key=lambda s: s is not host))  # host first, then left to right
        notes.extend(found.notes)
        report("analyzing", 10 + 15 * (i + 1) // len(request.faces), f"Cut out photo {i + 1} of {len(request.faces)}")
    timings["analyze"] = clock() - t0

    # 2. search: the best template for the brief; without a person, a hero plan picks the layout
    # 3. compose: fill the slots
    t0 = clock()
    report("searching", 27, "Searching the template library")
    laid = layout_request(brief, index=index, assets=assets, seed=seed, template_id=request.template_id,
                          subjects=[s.image for s in subjects], logo=request.logo, ref_key=request.ref_key)
    template, score, alternatives, design, hero = laid.template, laid.score, laid.alternatives, laid.design, laid.hero
    report("searching", 35, f"Matched a layout ({score:.2f})")  # never name the template (secrecy)
    report("composing", 42, "Laid out the hero and title" if hero else "Laid out subject and title")
    timings["search"] = laid.search_seconds
    t0 += laid.search_seconds
    designer = designer or OfflineDesigner()
    if designer.name != "offline":
        design = designer.refine(design, brief)
        report("composing", 45, "Refined the layout, colours and title")
    timings["compose"] = clock() - t0

    # 4. generate: the algorithm paints the art, then render and check
    t0 = clock()
    report("generating", 50, f"Painting the background with {algorithm.name}")
    design = algorithm.fill_background(design, brief, seed=seed, assets=assets)
    if hero is not None and _has_slot(design, "hero"):  # a library template without a hero keeps its art
        design = keep_look_motif(design, hero.look, brief.category)
    design = Design.model_validate(design.model_dump(by_alias=True))  # re-validate after edits
    size = SIZES["youtube"]
    rendered = render(design, size, assets.get)
    # what the text sits on; the contrast fix only touches text layers, so it stays valid
    backdrop = _backdrop(design, size, assets)
    faces = _face_boxes(design, rendered.boxes, subjects, assets)
    quality = assess(
        rendered.image, design, rendered.boxes, backdrop=backdrop, face_boxes=faces, notes=notes, ocr=False
    )
    fixed = fix_contrast(design, quality)
    if fixed != design:
        fixed_notes = [*fixed.meta.notes, "Text contrast was low; added an outline, shadow or backdrop."]
        design = fixed.model_copy(update={"meta": fixed.meta.model_copy(update={"notes": fixed_notes})})
        rendered = render(design, size, assets.get)
    report("generating", 70, "Rendered 1280x720")
    timings["generate"] = clock() - t0

    # 5. finalize: exports, cover, PSD, variants, quality report
    t0 = clock()
    report("finalizing", 75, "Exporting JPEG, cover and PSD")
    variants = make_variants(design, request.variants)
    # One worker renders the big files one after another (cover, then PSD and variants) while
    # this thread encodes the thumbnail; OCR starts once the cover's 3000x3000 buffers are
    # freed, so the OCR models and the cover never sit in memory together.
    with ThreadPoolExecutor(max_workers=1) as pool:
        cover = pool.submit(_render_cover, design, assets)
        rest = pool.submit(_render_small_files, design, variants, assets)
        thumbnail = to_jpeg(rendered.image)
        outputs = {"thumbnail.jpg": (thumbnail, "image/jpeg")}
        if png:
            outputs["thumbnail.png"] = (to_png(rendered.image, compress_level=1), "image/png")
        outputs["cover.jpg"] = cover.result()
        release_memory()
        quality = assess(
            rendered.image, design, rendered.boxes, backdrop=backdrop, file_size=len(thumbnail), notes=notes,
            face_boxes=faces, ocr=ocr,
        )
        outputs.update(rest.result())
    report("finalizing", 95, "Checked contrast, margins and small-size legibility")
    outputs["design.json"] = (design.to_json().encode(), "application/json")
    outputs["quality.json"] = (quality.model_dump_json(indent=2).encode(), "application/json")
    for ref, data in assets.encoded().items():
        outputs[ref] = (data, "image/png")
    for name, (data, content_type) in outputs.items():
        sink.put(name, data, content_type)
    timings["finalize"] = clock() - t0
    report("completed", 100, "Done")
    return GenerationResult(
        brief=brief, design=design, variants=variants, quality=quality, template_id=template.id,
        template_score=score, alternatives=alternatives, notes=notes, timings=timings,
        outputs=list(outputs),
    )


#: How much lower (cosine) a side-by-side template may score and still win for 2+ people.
SPLIT_PREFERENCE = 0.15
#: Cosine subtracted from a hero layout's score per step between its energy and the brief's.
ENERGY_PENALTY = 0.03


def _pick_template(index: TemplateSearch, brief: Brief, template_id: str | None, *, people: int,
                   hero: str | None = None):
    """The requested template, or the best match for the brief among templates that fit the photo.

    Templates with a subject slot are searched when there are people, text-only ones otherwise.
    Without people, ``hero`` (a hero kind: icon, number, versus, grid) moves the templates whose
    composition shows that kind (``routix.templates.models.HERO_COMPOSITIONS``) ahead of the
    others, best match first (less ``ENERGY_PENALTY`` per step of energy between layout and
    brief); a library without such templates keeps the plain ranking.
    With two or more people a side-by-side ("split") template wins if it scores within
    SPLIT_PREFERENCE of the best match, so nobody is squeezed into a one-person slot.
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
    if people >= 2:
        split = [m for m in matches if m.template.dna.composition == "split"]
        if split and split[0].score >= matches[0].score - SPLIT_PREFERENCE:
            matches = [split[0], *(m for m in matches if m is not split[0])]
    best = matches[0]
    return best.template, float(best.score), [(m.template.id, float(m.score)) for m in matches[1:4]]


def plan_hero_for(brief: Brief, title: str, seed: int) -> HeroPlan:
    """The hero plan of a design without a photo (:func:`routix.icons.plan_hero`)."""

    return plan_hero(brief, title, seed=seed)


def hero_content(plan: HeroPlan, brief: Brief, seed: int) -> HeroContent:
    """A hero plan made drawable: the plan's icons toned by the brief's look, its texts."""
    from routix.render.art.looks import look_for

    look = look_for(brief.category, brief.mood, brief.prompt, seed)
    icons = get_icon_index()
    images = [tone_image(icons.image(name), look.tone) for name in plan.icons]
    return HeroContent(kind=plan.kind, images=images, look=look, number=plan.number, labels=plan.sides,
                       question=plan.question)


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


def _has_slot(design: Design, slot: str) -> bool:
    return any(layer.slot == slot for layer in design.layers)


def _render_cover(design: Design, assets: AssetStore) -> tuple[bytes, str]:
    """cover.jpg: the design at 3000x3000."""
    from routix.render import render, to_jpeg

    return to_jpeg(render(design, SIZES["cover"], assets.get).image), "image/jpeg"


def _render_small_files(design: Design, variants: list[Design], assets: AssetStore) -> dict[str, tuple[bytes, str]]:
    """design.psd (1280x720), design-1x1.psd (1080x1080), variant-k.jpg (1280x720) and
    variant-k.json (its design)."""
    from routix.render import render, to_jpeg, to_psd

    size = SIZES["youtube"]
    files = {"design.psd": (to_psd(design, size, assets.get), "image/vnd.adobe.photoshop"),
             "design-1x1.psd": (to_psd(design, SIZES["square_psd"], assets.get), "image/vnd.adobe.photoshop")}
    for k, variant_design in enumerate(variants, start=1):
        files[f"variant-{k}.jpg"] = (to_jpeg(render(variant_design, size, assets.get).image), "image/jpeg")
        files[f"variant-{k}.json"] = (variant_design.to_json().encode(), "application/json")
    return files


def brief_query(brief: Brief) -> str:
    """The text the template search embeds for a brief: category, mood, style, elements, prompt."""
    parts = [f"{brief.category} thumbnail", f"{brief.mood} mood", f"{brief.style} style", *brief.visual_elements]
    return ", ".join(parts) + ". " + brief.prompt


def opaque_ref(template_id: str, seed: int, key: bytes = b"") -> str:
    """A per-generation reference that does not reveal the template id: ``tpl_`` + 12 hex of
    HMAC-SHA256(``key``, "<template id>:<seed>"). Without the key, knowing the seed and the
    template ids does not lead back to the template (the service's key comes from its secret)."""
    return "tpl_" + hmac.new(key, f"{template_id}:{seed}".encode(), hashlib.sha256).hexdigest()[:12]


def _backdrop(design: Design, size: tuple[int, int], assets: AssetStore) -> Image.Image:
    """The design rendered without its text layers: what the title sits on."""
    from routix.render import render

    layers = [layer for layer in design.layers if not isinstance(layer, TextLayer)]
    return render(design.model_copy(update={"layers": layers}), size, assets.get).image


def _face_boxes(design: Design, boxes: dict, subjects: Sequence, assets: AssetStore) -> list:
    """Face boxes in canvas px: each subject's face box mapped through where its cutout was drawn.

    The renderer reports the placed cutout's opaque bbox; cutouts are trimmed to their alpha,
    so that bbox is the cutout's rectangle scaled by the fit.
    """
    faces = {id(s.image): s for s in subjects if s.face_box is not None}
    out = []
    for layer in design.layers:
        if not isinstance(layer, ImageLayer) or layer.slot != "subject" or layer.id not in boxes:
            continue
        subject = faces.get(id(assets.get(layer.asset)))
        if subject is None:
            continue
        left, top, right, bottom = boxes[layer.id]
        sx = (right - left) / subject.image.width
        sy = (bottom - top) / subject.image.height
        fl, ft, fr, fb = subject.face_box
        out.append((round(left + fl * sx), round(top + ft * sy), round(left + fr * sx), round(top + fb * sy)))
    return out


def result_summary(result: GenerationResult) -> str:
    """A JSON summary of a result (used by the CLI's --json)."""
    titles = (layer.text for layer in result.design.layers if isinstance(layer, TextLayer) and layer.slot == "title")
    return json.dumps(
        {
            "category": result.brief.category,
            "mood": result.brief.mood,
            "energy": result.brief.energy,
            "title": next(titles, None),
            "template_score": round(result.template_score, 3),
            "quality_passed": result.quality.passed,
            "outputs": result.outputs,
            "timings": {k: round(v, 3) for k, v in result.timings.items()},
            "notes": result.notes,
        },
        indent=2,
    )
