"""One function per quality rule, each returning a :class:`~routix.quality.report.Check`.

Thresholds (module constants) and their sources:

* contrast: 4.5:1 is WCAG 2.x AA for normal text (https://www.w3.org/TR/WCAG21/#contrast-minimum).
  A thumbnail title is large on the canvas but is seen at 168x94 to ~360x202 px in the feed,
  where its letters are 7-20 px tall, i.e. normal text size. Below 3:1 (WCAG's floor even for
  large text) the failure is an error, between 3 and 4.5 a warning.
* file size: YouTube rejects custom thumbnails over 2 MB; Routix reads 2 MB as 2,000,000
  bytes (the stricter reading), so an accepted file is never rejected.
* safe margins and the duration badge: see :mod:`routix.quality.layout`.
* legibility and letter height at feed size: see :mod:`routix.quality.legibility`.
"""

from __future__ import annotations

from PIL import Image

from routix.design import Aspect, TextLayer, aspect_of
from routix.quality.contrast import PxBox, measure_text_contrast
from routix.quality.layout import SAFE_MARGIN, Element, badge_overlaps, worst_outside
from routix.quality.legibility import (
    LEGIBLE_SIMILARITY,
    feed_scale,
    feed_size,
    letter_height_px,
    text_similarity,
)
from routix.quality.report import Check

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

_AGAINST = {
    "highlight": "its highlight box",
    "stroke": "its outline",
    "outline_edge": "the outline's edge on the art",
    "backdrop": "the art behind it",
}


def contrast_check(
    name: str,
    label: str,
    layer: TextLayer | None,
    box: PxBox | None,
    image: Image.Image,
    backdrop: Image.Image | None,
) -> Check:
    """WCAG contrast of a text layer (``label``: "Title"/"Subtitle"); skipped without layer or box."""
    if layer is None or box is None:
        return Check(
            name=name, passed=True, skipped=True,
            message=f"{label} contrast was not checked: no visible {label.lower()} on the canvas.",
        )
    measure = measure_text_contrast(layer, image, box, backdrop)
    ratio = round(measure.ratio, 2)
    passed = ratio >= CONTRAST_TARGET
    advice = "" if passed else " Add a thick outline or a highlight box."
    return Check(
        name=name,
        passed=passed,
        severity="error" if ratio < CONTRAST_ERROR else "warning",
        value=ratio,
        threshold=CONTRAST_TARGET,
        layer_id=layer.id,
        message=(
            f"{label} contrast is {ratio:.2f}:1 ({measure.fill} on {measure.behind}, against "
            f"{_AGAINST[measure.against]}); WCAG AA asks for {CONTRAST_TARGET}:1.{advice}"
        ),
    )


def margin_check(elements: list[Element], size: tuple[int, int]) -> Check:
    """Share of the worst element's box outside the safe area (warning above 1 %)."""
    fraction, worst = worst_outside(elements, size)
    fraction = round(fraction, 4)
    passed = fraction <= MARGIN_TOLERANCE
    if worst is None:
        message = "No title or face to keep inside the safe area."
    elif passed:
        message = f"Title and faces sit inside the {SAFE_MARGIN:.0%} safe margin."
    else:
        message = (
            f"{fraction:.0%} of the {worst.label} lies in the {SAFE_MARGIN:.0%} edge margin, "
            "where the feed rounds and overlays the thumbnail."
        )
    return Check(
        name="safe_margins", passed=passed, severity="warning", value=fraction, threshold=MARGIN_TOLERANCE,
        message=message,
    )


def badge_check(title: list[Element], others: list[Element], size: tuple[int, int]) -> Check:
    """Largest share of the duration-badge corner covered by key content; an error when the
    title is under the badge, a warning for faces and the logo; skipped on square canvases."""
    if aspect_of(*size) is Aspect.SQUARE:
        return Check(
            name="timestamp_corner", passed=True, skipped=True, message="Square covers have no duration badge."
        )
    overlaps = badge_overlaps(title + others, size)
    covered = round(overlaps[0][1], 4) if overlaps else 0.0
    hits = [element.label for element, fraction in overlaps if fraction > BADGE_TOLERANCE]
    if not hits:
        return Check(
            name="timestamp_corner", passed=True, severity="error" if title else "warning", value=covered,
            threshold=BADGE_TOLERANCE, message="The bottom-right corner is clear for YouTube's duration badge.",
        )
    return Check(
        name="timestamp_corner",
        passed=False,
        severity="error" if "title" in hits else "warning",
        value=covered,
        threshold=BADGE_TOLERANCE,
        message=f"YouTube's duration badge in the bottom-right corner will cover part of: {', '.join(hits)}.",
    )


def file_size_check(file_size: int | None) -> Check:
    """Encoded size in bytes against YouTube's 2 MB limit (error); skipped without a size."""
    if file_size is None:
        return Check(
            name="file_size", passed=True, skipped=True, severity="error",
            message="File size was not checked: no encoded file given.",
        )
    passed = file_size <= MAX_FILE_SIZE
    verdict = "within" if passed else "over"
    return Check(
        name="file_size", passed=passed, severity="error", value=float(file_size), threshold=float(MAX_FILE_SIZE),
        message=f"The file is {file_size / 1e6:.2f} MB, {verdict} YouTube's 2 MB limit for custom thumbnails.",
    )


def legibility_check(title: TextLayer | None, ocr_text: str | None, canvas: tuple[int, int]) -> Check:
    """How much of the title OCR read at feed size (warning below 0.6); skipped when
    ``ocr_text`` is None (OCR off or no title)."""
    if title is None or ocr_text is None:
        reason = "the design has no visible title" if title is None else "OCR was turned off"
        return Check(
            name="legibility_small", passed=True, skipped=True,
            message=f"Small-size legibility was not checked: {reason}.",
        )
    similarity = round(text_similarity(title.text, ocr_text), 3)
    passed = similarity >= LEGIBLE_SIMILARITY
    size = "x".join(map(str, feed_size(canvas)))
    read = f"OCR read {ocr_text!r}" if ocr_text else "OCR read nothing"
    verdict = "readable" if passed else "not readable"
    return Check(
        name="legibility_small", passed=passed, severity="warning", value=similarity, threshold=LEGIBLE_SIMILARITY,
        layer_id=title.id, message=f"At {size} the title is {verdict}: {read} ({similarity:.0%} of {title.text!r}).",
    )


def letter_height_check(
    title: TextLayer | None, box: PxBox | None, image: Image.Image, backdrop: Image.Image | None
) -> Check:
    """Title letter height at feed size in px (warning below 7, error below 5); falls back to
    the ink-box height when the letters cannot be told from the art."""
    if title is None or box is None:
        return Check(
            name="title_size", passed=True, skipped=True,
            message="Title size was not checked: the design has no visible title.",
        )
    height = letter_height_px(title, image, box, backdrop)
    how = "letter height"
    if height is None:
        height, how = float(box[3] - box[1]), "ink-box height (letters not separable from the art)"
    feed = round(height * feed_scale(image.size)[1], 2)
    passed = feed >= LETTER_HEIGHT_TARGET
    size = "x".join(map(str, feed_size(image.size)))
    return Check(
        name="title_size",
        passed=passed,
        severity="error" if feed < LETTER_HEIGHT_ERROR else "warning",
        value=feed,
        threshold=LETTER_HEIGHT_TARGET,
        layer_id=title.id,
        message=f"The title's {how} is {feed:.1f} px at {size} ({'at least' if passed else 'below'} "
        f"{LETTER_HEIGHT_TARGET:.0f} px).",
    )
