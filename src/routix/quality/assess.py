"""``assess``: run every thumbnail check on a rendered image and its design.

Checks, in report order (thresholds are module constants):

==================  =========================================================  ==========
name                rule                                                       severity
==================  =========================================================  ==========
title_contrast      WCAG contrast of the title >= 4.5 (see below)              error < 3, else warning
subtitle_contrast   same for the subtitle slot, when there is one              error < 3, else warning
safe_margins        title ink and faces inside the 4 % safe area               warning
timestamp_corner    title, faces, logo clear of the duration badge (16:9)      error for the title, else warning
file_size           encoded file <= 2,000,000 bytes                            error
legibility_small    OCR at 168x94 reads the title (similarity >= 0.6)          warning
title_size          title letter height at 168x94 >= 7 px                     error < 5 px, else warning
==================  =========================================================  ==========

Why 4.5:1 and not WCAG's 3:1 for large text: a thumbnail title is large on the canvas but is
seen at 168x94 to ~360x202 px in the feed, where its letters are 7-20 px tall, i.e. normal
text size. WCAG 2.x AA asks 4.5:1 for normal text
(https://www.w3.org/TR/WCAG21/#contrast-minimum); below 3:1 even large text fails, so that is
an error.

File size: YouTube rejects custom thumbnails over 2 MB; Routix counts 2 MB as 2,000,000 bytes
(the stricter reading), so an accepted file is never rejected.
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image

from routix.design import Aspect, Design, TextLayer, aspect_of
from routix.errors import InvalidInput

from .contrast import PxBox, layer_box_px, measure_text_contrast, slot_text_layer, title_layer
from .layout import SAFE_MARGIN, Element, badge_overlaps, worst_outside
from .legibility import FEED_SIZE, LEGIBLE_SIMILARITY, feed_scale, letter_height_px, read_title_at_feed_size, text_similarity
from .report import Check, QualityReport

#: WCAG 2.x AA contrast for normal text; below it a contrast check fails.
CONTRAST_TARGET = 4.5
#: Below this contrast a failure is an error (WCAG AA minimum for large text).
CONTRAST_ERROR = 3.0
#: Largest fraction (0..1) of an element's box allowed outside the safe area.
MARGIN_TOLERANCE = 0.01
#: Largest fraction (0..1) of the badge corner an element may cover.
BADGE_TOLERANCE = 0.01
#: YouTube's custom thumbnail limit, read strictly, in bytes.
MAX_FILE_SIZE = 2_000_000
#: Title letter height at feed size (px): below the target a warning, below the floor an error.
LETTER_HEIGHT_TARGET = 7.0
LETTER_HEIGHT_ERROR = 5.0


def assess(
    image: Image.Image,
    design: Design,
    boxes: dict[str, tuple[int, int, int, int]],
    *,
    backdrop: Image.Image | None = None,
    face_boxes: Sequence[tuple[int, int, int, int]] = (),
    file_size: int | None = None,
    notes: Sequence[str] = (),
    ocr: bool = True,
) -> QualityReport:
    """Check a rendered thumbnail.

    ``image``: the render (any PIL mode; read as RGB). ``design``: the design it came from.
    ``boxes``: ink box per layer id in px ``(left, top, right, bottom)`` of ``image`` (the
    renderer's ``RenderResult.boxes``); layers missing from it fall back to their design box.
    ``backdrop``: the same design rendered without the title layer, same size as ``image``
    (without it the title contrast is estimated from ``image``, dropping title-coloured pixels).
    ``face_boxes``: face boxes in px of ``image``. ``file_size``: encoded size in bytes (the
    file-size check is skipped without it). ``notes``: copied to the report. ``ocr``: run the
    OCR legibility check (~0.1-0.3 s); when false that check is skipped, not failed.

    Raises InvalidInput when ``backdrop`` and ``image`` differ in size.
    """
    if backdrop is not None and backdrop.size != image.size:
        raise InvalidInput(f"backdrop is {backdrop.size[0]}x{backdrop.size[1]} px but the image is {image.width}x{image.height} px")
    image = image.convert("RGB")
    size = image.size
    title = title_layer(design)
    title_box = layer_box_px(title.id, design, boxes, size) if title else None
    faces = [Element(f"face {i + 1}", tuple(int(v) for v in box)) for i, box in enumerate(face_boxes)]  # type: ignore[misc]
    title_element = [Element("title", title_box)] if title_box else []

    checks = [_contrast_check("title_contrast", "Title", title, title_box, image, backdrop)]
    subtitle = slot_text_layer(design, "subtitle")
    if subtitle is not None and subtitle is not title:
        subtitle_box = layer_box_px(subtitle.id, design, boxes, size)
        # the backdrop still holds the subtitle, so it is read like a full render
        checks.append(_contrast_check("subtitle_contrast", "Subtitle", subtitle, subtitle_box, backdrop or image, None))
    checks.append(_margin_check(title_element + faces, size))
    checks.append(_badge_check(title_element, faces + _logo(design, boxes, size), size))
    checks.append(_file_size_check(file_size))
    ocr_text = None
    if ocr and title is not None and title_box is not None:
        ocr_text = read_title_at_feed_size(image, title_box)
        checks.append(_legibility_check(title, ocr_text))
    else:
        reason = "OCR was turned off" if not ocr else "the design has no visible title"
        checks.append(Check(name="legibility_small", passed=True, skipped=True, message=f"Small-size legibility was not checked: {reason}."))
    checks.append(_letter_height_check(title, title_box, image, backdrop))

    legibility = next(c for c in checks if c.name == "legibility_small")
    return QualityReport(
        passed=all(c.passed or c.severity != "error" for c in checks),
        checks=checks,
        contrast_ratio=checks[0].value,
        file_size_bytes=file_size,
        legible_at_small=None if legibility.skipped else legibility.passed,
        ocr_text=ocr_text,
        notes=list(notes),
    )


def _contrast_check(
    name: str, label: str, layer: TextLayer | None, box: PxBox | None, image: Image.Image, backdrop: Image.Image | None
) -> Check:
    if layer is None or box is None:
        return Check(name=name, passed=True, skipped=True, message=f"{label} contrast was not checked: no visible {label.lower()} on the canvas.")
    measure = measure_text_contrast(layer, image, box, backdrop)
    ratio = round(measure.ratio, 2)
    passed = ratio >= CONTRAST_TARGET
    what = {"highlight": "its highlight box", "stroke": "its outline", "backdrop": "the art behind it"}[measure.against]
    advice = "" if passed else " Add a thick outline or a highlight box."
    return Check(
        name=name,
        passed=passed,
        severity="error" if ratio < CONTRAST_ERROR else "warning",
        value=ratio,
        threshold=CONTRAST_TARGET,
        layer_id=layer.id,
        message=(
            f"{label} contrast is {ratio:.2f}:1 ({measure.fill} on {measure.behind}, against {what}); "
            f"WCAG AA asks for {CONTRAST_TARGET}:1.{advice}"
        ),
    )


def _margin_check(elements: list[Element], size: tuple[int, int]) -> Check:
    fraction, worst = worst_outside(elements, size)
    fraction = round(fraction, 4)
    passed = fraction <= MARGIN_TOLERANCE
    if worst is None:
        message = "No title or face to keep inside the safe area."
    elif passed:
        message = f"Title and faces sit inside the {SAFE_MARGIN:.0%} safe margin."
    else:
        message = f"{fraction:.0%} of the {worst.label} lies in the {SAFE_MARGIN:.0%} edge margin, where the feed rounds and overlays the thumbnail."
    return Check(name="safe_margins", passed=passed, severity="warning", value=fraction, threshold=MARGIN_TOLERANCE, message=message)


def _badge_check(title: list[Element], others: list[Element], size: tuple[int, int]) -> Check:
    if aspect_of(*size) is Aspect.SQUARE:
        return Check(name="timestamp_corner", passed=True, skipped=True, message="Square covers have no duration badge.")
    hits = [hit for hit in badge_overlaps(title + others, size) if hit[1] > BADGE_TOLERANCE]
    covered = round(max((hit[1] for hit in badge_overlaps(title + others, size)), default=0.0), 4)
    if not hits:
        return Check(
            name="timestamp_corner", passed=True, severity="error" if title else "warning", value=covered,
            threshold=BADGE_TOLERANCE, message="The bottom-right corner is clear for YouTube's duration badge.",
        )
    labels = ", ".join(element.label for element, _ in hits)
    title_hit = any(element.label == "title" for element, _ in hits)
    return Check(
        name="timestamp_corner",
        passed=False,
        severity="error" if title_hit else "warning",
        value=covered,
        threshold=BADGE_TOLERANCE,
        message=f"The {labels} reach{'es' if len(hits) == 1 else ''} into the bottom-right corner, where YouTube's duration badge will cover {'it' if len(hits) == 1 else 'them'}.",
    )


def _logo(design: Design, boxes: dict[str, PxBox], size: tuple[int, int]) -> list[Element]:
    logos = [layer for layer in design.by_slot("logo") if layer.visible]
    found = [layer_box_px(layer.id, design, boxes, size) for layer in logos]
    return [Element("logo", box) for box in found if box is not None]


def _file_size_check(file_size: int | None) -> Check:
    if file_size is None:
        return Check(name="file_size", passed=True, skipped=True, severity="error", message="File size was not checked: no encoded file given.")
    passed = file_size <= MAX_FILE_SIZE
    verdict = "within" if passed else "over"
    return Check(
        name="file_size", passed=passed, severity="error", value=float(file_size), threshold=float(MAX_FILE_SIZE),
        message=f"The file is {file_size / 1e6:.2f} MB, {verdict} YouTube's 2 MB limit for custom thumbnails.",
    )


def _legibility_check(title: TextLayer, ocr_text: str) -> Check:
    similarity = round(text_similarity(title.text, ocr_text), 3)
    passed = similarity >= LEGIBLE_SIMILARITY
    size = f"{FEED_SIZE[0]}x{FEED_SIZE[1]}"
    read = f"OCR read {ocr_text!r}" if ocr_text else "OCR read nothing"
    verdict = "readable" if passed else "not readable"
    return Check(
        name="legibility_small", passed=passed, severity="warning", value=similarity, threshold=LEGIBLE_SIMILARITY,
        layer_id=title.id, message=f"At {size} the title is {verdict}: {read} ({similarity:.0%} of {title.text!r}).",
    )


def _letter_height_check(
    title: TextLayer | None, box: PxBox | None, image: Image.Image, backdrop: Image.Image | None
) -> Check:
    if title is None or box is None:
        return Check(name="title_size", passed=True, skipped=True, message="Title size was not checked: the design has no visible title.")
    height = letter_height_px(title, image, box, backdrop)
    how = "letter height"
    if height is None:
        height, how = float(box[3] - box[1]), "ink-box height (letters not separable from the art)"
    feed = round(height * feed_scale(image.size), 2)
    passed = feed >= LETTER_HEIGHT_TARGET
    return Check(
        name="title_size",
        passed=passed,
        severity="error" if feed < LETTER_HEIGHT_ERROR else "warning",
        value=feed,
        threshold=LETTER_HEIGHT_TARGET,
        layer_id=title.id,
        message=(
            f"The title's {how} is {feed:.1f} px at {FEED_SIZE[0]}x{FEED_SIZE[1]}"
            f" ({'at least' if passed else 'below'} {LETTER_HEIGHT_TARGET:.0f} px)."
        ),
    )
