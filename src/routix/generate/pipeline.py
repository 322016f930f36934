"""The generation pipeline: analyze -> search -> compose -> generate -> finalize.

Two phases: :func:`make_thumbnail` runs every stage up to the 1280x720 thumbnail (what a user
looks at first); :func:`routix.generate.extras.make_extras` makes the rest from the design
alone (cover, PSDs, variants, the OCR legibility check). :func:`generate` runs both.

``generate`` takes its ports (planner, template index, designer, algorithm, asset store, output
sink) as arguments, so the CLI, the API worker and the tests run this very code. Progress is
reported through a callback as ``Progress(stage, percent 0-100, message)``; percent never
goes down.

Outputs put into the sink (names are stable; the service stores them as files or blobs):

* ``thumbnail.jpg`` 1280x720 JPEG under 2 MB, ``cover.jpg`` 3000x3000 JPEG under 2 MB
* ``design.psd`` layered PSD at 1280x720, ``design-1x1.psd`` at 1080x1080 (the 1:1 boxes),
  ``design.json`` the design document
* ``quality.json`` the quality report, ``variant-<k>.jpg`` and ``variant-<k>.png`` 1280x720 for
  k = 1..variants and ``variant-<k>.json`` its design document
* ``assets/<name>.png`` every image the design refers to (cutouts, logo)
* with ``stages=True``, while the run goes on: ``stage-backdrop.jpg`` (the painted background
  alone) and ``stage-composed.jpg`` (background, subjects, hero and shapes, before the title),
  both 1280x720, put as soon as the art is painted, long before the finished files
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PIL import Image

from routix.brief.models import Brief, Planner
from routix.design.models import SIZES, Design, TextLayer
from routix.errors import InvalidInput
from routix.generate.brand import Brand, apply_brand, brand_brief
from routix.generate.extras import Rendered, make_extras
from routix.generate.hero import keep_look_motif
from routix.generate.inputs import Input, clear_badge_corner, follow_references, prepare_inputs, use_scene
from routix.generate.layout import layout_request
from routix.generate.ports import (
    Algorithm,
    AssetStore,
    Designer,
    OfflineDesigner,
    Progress,
    ProgressCallback,
)
from routix.generate.presets import (
    PHOTO_REALISM,
    apply_preset,
    get_preset,
    preset_brief,
    scene_grade,
)
from routix.generate.renders import face_boxes

if TYPE_CHECKING:  # the quality package loads OCR and OpenCV: imported where a run needs it
    from routix.quality.report import QualityReport

MAX_VARIANTS = 8
#: Realism of a request without a preset or realism: a scene photo is the background.
DEFAULT_REALISM = 60


class OutputSink(Protocol):
    """Port: where finished files go (a staging directory, a blob store ...)."""

    def put(self, name: str, data: bytes, content_type: str) -> None: ...


class TemplateSearch(Protocol):
    """Port: the part of a template index the pipeline uses (see routix.templates)."""

    def search(self, query: str, filters=None, k: int = 5, min_score: float | None = None) -> list: ...

    def get(self, template_id: str): ...


#: Aspects a request may add to the default outputs (16:9 thumbnail, 1:1 cover).
EXTRA_ASPECTS = ("9:16",)


@dataclass
class GenerationRequest:
    """One request. ``inputs`` are already-validated images (see routix.vision.load_image), each
    with its role or None to guess it (:mod:`routix.generate.inputs`). ``faces`` and ``logo``
    are the older spelling: each face is an input whose role is guessed, the logo one with role
    ``logo``; they come after ``inputs``."""

    prompt: str
    faces: Sequence[Image.Image] = ()
    logo: Image.Image | None = None
    inputs: Sequence[Input] = ()
    #: a style preset name (:data:`routix.generate.presets.PRESETS`) and realism 0..100
    #: (None: the preset's, else 60)
    style_preset: str | None = None
    realism: int | None = None
    #: a brand kit (:mod:`routix.generate.brand`): its colours lead the palette, its font and
    #: title style go on the title (after the preset); its logo is passed as ``logo``
    brand: Brand | None = None
    title: str | None = None
    template_id: str | None = None
    seed: int | None = None
    variants: int = 0
    #: extra aspects to output besides the 16:9 thumbnail and the 1:1 cover: ``"9:16"`` adds
    #: ``short.jpg`` (1080x1920, the design's 9:16 layout)
    aspects: Sequence[str] = ()
    #: key of the opaque ``template_ref`` (HMAC-SHA256): the service passes one derived from its
    #: secret, so a user cannot recover which template a reference names from its seed
    ref_key: bytes = b""

    def all_inputs(self) -> list[Input]:
        """``inputs``, then ``faces`` (role guessed), then ``logo`` (role logo)."""
        logo = [Input(self.logo, "logo")] if self.logo is not None else []
        return [*self.inputs, *(Input(face) for face in self.faces), *logo]

    def resolved_seed(self) -> int:
        """The explicit seed, or a stable one derived from prompt and title (same request -> same art)."""
        if self.seed is not None:
            return self.seed
        digest = hashlib.sha256(f"{self.prompt}\x00{self.title or ''}".encode()).digest()
        return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


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


@dataclass
class Thumbnail:
    """The first phase's result (:func:`make_thumbnail`): everything :class:`GenerationResult`
    holds but the variants, plus the 1280x720 render the second phase may reuse. ``quality`` is
    checked without OCR (the second phase reads the title at feed size)."""

    brief: Brief
    design: Design
    quality: QualityReport
    template_id: str
    template_score: float
    alternatives: list[tuple[str, float]]
    notes: list[str]
    rendered: Rendered
    timings: dict[str, float] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


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
    stages: bool = False,
) -> GenerationResult:
    """Run the whole pipeline for one request and put every output into ``sink``: the first
    phase (:func:`make_thumbnail`), then the second (:func:`routix.generate.extras.make_extras`).

    ``designer`` refines the composed design before the algorithm paints (default
    :class:`OfflineDesigner`: the template's design unchanged).

    ``png`` adds ``thumbnail.png``: the same 1280x720 render as ``thumbnail.jpg``, lossless
    (zlib level 1, for speed). ``stages`` puts the stage images (module docstring) into the
    sink as soon as each is made, for clients that show the work as it goes. ``ocr``: read the
    title at feed size for the quality report's legibility check.

    Raises InvalidInput (empty prompt, too many variants, unknown template id via NotFound)
    before anything is put into the sink.
    """
    first = make_thumbnail(request, planner=planner, index=index, algorithm=algorithm, assets=assets, sink=sink,
                           progress=progress, designer=designer, stages=stages)
    report = _Reporter(progress)
    report("finalizing", 80, "Exporting the cover, PSD and variants")
    extras = make_extras(first.design, assets, first.quality, sink.put, variants=request.variants,
                         aspects=request.aspects, png=png, ocr=ocr, rendered=first.rendered)
    report("finalizing", 95, "Checked contrast, margins and small-size legibility")
    report("completed", 100, "Done")
    return GenerationResult(
        brief=first.brief, design=first.design, variants=extras.variants, quality=extras.quality,
        template_id=first.template_id, template_score=first.template_score, alternatives=first.alternatives,
        notes=first.notes, timings={**first.timings, "finalize": first.timings.get("finalize", 0.0)
                                    + extras.timings["extras"]},
        outputs=list(dict.fromkeys([*first.outputs, *extras.names])),
    )


def make_thumbnail(
    request: GenerationRequest,
    *,
    planner: Planner,
    index: TemplateSearch,
    algorithm: Algorithm,
    assets: AssetStore,
    sink: OutputSink,
    progress: ProgressCallback | None = None,
    designer: Designer | None = None,
    stages: bool = False,
) -> Thumbnail:
    """The first phase: analyze, search, compose, paint and render, then put ``thumbnail.jpg``
    (first, the moment it is encoded), ``design.json`` and ``assets/<name>.png`` into ``sink``
    (``quality.json`` is the second phase's). Progress ends at 75 % ("finalizing").

    Raises InvalidInput (empty prompt, too many variants, unknown aspect, unknown template id
    via NotFound) before anything is put into the sink.
    """
    from routix.quality import assess, fix_contrast, with_file_size
    from routix.render import render, render_passes, to_jpeg
    if not 0 <= request.variants <= MAX_VARIANTS:
        raise InvalidInput(f"variants must be between 0 and {MAX_VARIANTS}, got {request.variants}")
    unknown = [a for a in request.aspects if a not in EXTRA_ASPECTS]
    if unknown:
        raise InvalidInput(f"aspects must be among {', '.join(EXTRA_ASPECTS)}, got {', '.join(unknown)}")
    report = _Reporter(progress)
    timings: dict[str, float] = {}
    clock = time.perf_counter
    seed = request.resolved_seed()

    # 1. analyze: intent + people in the photos
    t0 = clock()
    report("analyzing", 2, "Reading your request")
    brief = planner.analyze(request.prompt, title=request.title)
    preset = get_preset(request.style_preset) if request.style_preset else None
    if preset is not None:
        brief = preset_brief(brief, preset)
    if request.brand is not None:
        brief = brand_brief(brief, request.brand)
    realism = request.realism if request.realism is not None else (preset.realism if preset else DEFAULT_REALISM)
    report("analyzing", 10, f"Looks like a {brief.category} thumbnail, {brief.mood} mood")
    prepared = prepare_inputs(
        request.all_inputs(),
        lambda done, total: report("analyzing", 10 + 15 * done // total, f"Read photo {done} of {total}"),
    )
    if prepared.scene is not None and realism < PHOTO_REALISM and not prepared.subjects:
        prepared.as_card()  # an illustrated look: the scene photo is a framed card on the art
    subjects, notes = prepared.subjects, prepared.notes
    reference = follow_references(prepared.references)
    if reference is not None:
        brief = brief.model_copy(update={
            "energy": reference.energy,
            "color_hints": list(dict.fromkeys([*brief.color_hints[:1], *reference.palette]))[:5],
        })
        notes.append("Followed the reference's palette and energy"
                     + (f" and its {reference.composition} layout." if reference.composition else "."))
    timings["analyze"] = clock() - t0

    # 2. search: the best template for the brief; without a person, a hero plan picks the layout
    # 3. compose: fill the slots
    t0 = clock()
    report("searching", 27, "Searching the template library")
    laid = layout_request(brief, index=index, assets=assets, seed=seed, template_id=request.template_id,
                          subjects=[s.image for s in subjects], logo=prepared.logo, ref_key=request.ref_key,
                          preset=preset, composition=reference.composition if reference else None)
    template, score, alternatives, design, hero = laid.template, laid.score, laid.alternatives, laid.design, laid.hero
    design = clear_badge_corner(design, prepared.objects, assets)
    notes.extend(design.meta.notes)
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
    design = algorithm.fill_background(design, brief, seed=seed, assets=assets, references=prepared.references)
    if preset is not None:
        design = apply_preset(design, preset)
        notes.append(f"Style preset: {preset.label} (realism {realism}).")
    if request.brand is not None:
        design = apply_brand(design, request.brand)
        notes.append(f"Brand kit {request.brand.name}: its colours, font and logo.")
    if prepared.scene is not None:
        design = use_scene(design, prepared.scene, assets, strength=scene_grade(realism))
        notes.append("Your scene photo is the background, graded to the design's colours.")
    if hero is not None and _has_slot(design, "hero"):  # a library template without a hero keeps its art
        design = keep_look_motif(design, hero.look, brief.category)
    design = Design.model_validate(design.model_dump(by_alias=True))  # re-validate after edits
    size = SIZES["youtube"]
    # one render, three passes: the thumbnail, what the text sits on (the contrast fix only
    # touches text layers, so it stays valid) and the painted art alone
    passes = render_passes(design, size, assets.get)
    rendered, backdrop = passes.result, passes.backdrop
    if stages:
        sink.put("stage-backdrop.jpg", to_jpeg(passes.background), "image/jpeg")
        sink.put("stage-composed.jpg", to_jpeg(backdrop), "image/jpeg")
    faces = face_boxes(design, rendered.boxes, subjects, assets)
    quality = assess(
        rendered.image, design, rendered.boxes, backdrop=backdrop, face_boxes=faces, notes=notes, ocr=False
    )
    fixed = fix_contrast(design, quality)
    refixed = fixed != design
    if refixed:
        fixed_notes = [*fixed.meta.notes, "Text contrast was low; added an outline, shadow or backdrop."]
        design = fixed.model_copy(update={"meta": fixed.meta.model_copy(update={"notes": fixed_notes})})
        rendered = render(design, size, assets.get)
    report("generating", 70, "Rendered 1280x720")
    timings["generate"] = clock() - t0

    # 5. finalize (first part): the thumbnail first, then what the second phase builds on
    t0 = clock()
    thumbnail = to_jpeg(rendered.image)
    sink.put("thumbnail.jpg", thumbnail, "image/jpeg")
    if refixed:  # the report of the fixed design
        quality = assess(rendered.image, design, rendered.boxes, backdrop=backdrop, file_size=len(thumbnail),
                         notes=notes, face_boxes=faces, ocr=False)
    else:
        quality = with_file_size(quality, len(thumbnail))
    outputs = {"design.json": (design.to_json().encode(), "application/json")}
    for ref, data in assets.encoded().items():
        outputs[ref] = (data, "image/png")
    for name, (data, content_type) in outputs.items():
        sink.put(name, data, content_type)
    timings["finalize"] = clock() - t0
    report("finalizing", 75, "Your thumbnail is ready")
    return Thumbnail(
        brief=brief, design=design, quality=quality, template_id=template.id, template_score=score,
        alternatives=alternatives, notes=notes, rendered=Rendered(rendered.image, rendered.boxes), timings=timings,
        outputs=["thumbnail.jpg", *outputs],
    )


def _has_slot(design: Design, slot: str) -> bool:
    return any(layer.slot == slot for layer in design.layers)


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
