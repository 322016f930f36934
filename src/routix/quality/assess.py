"""``assess``: run every thumbnail check on a rendered image and its design.

Checks, in report order (rules and sources in :mod:`routix.quality.checks`):

==================  ======================================================  ==========================
name                rule                                                    severity when failed
==================  ======================================================  ==========================
title_contrast      WCAG contrast of the title >= 4.5:1                     error < 3:1, else warning
subtitle_contrast   same for the subtitle slot (only when there is one)     error < 3:1, else warning
safe_margins        title ink and faces inside the 4 % safe area            warning
timestamp_corner    title, faces, subjects, logo off the badge (16:9)       error for the title, else warning
file_size           encoded file <= 2,000,000 bytes                         error
legibility_small    OCR at 168x94 reads the title (similarity >= 0.6)       warning
title_size          title letter height at 168x94 >= 7 px                  error < 5 px, else warning
==================  ======================================================  ==========================
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image

from routix.design import Design
from routix.errors import InvalidImage, InvalidInput
from routix.quality.checks import (
    badge_check,
    contrast_check,
    file_size_check,
    legibility_check,
    letter_height_check,
    margin_check,
)
from routix.quality.contrast import PxBox, layer_box_px, slot_text_layer, title_layer
from routix.quality.layout import Element
from routix.quality.legibility import read_title_at_feed_size
from routix.quality.report import Check, QualityReport


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
    """Check a rendered thumbnail; returns a :class:`QualityReport`.

    ``image``: the render (any PIL mode; read as RGB). ``design``: the design it came from.
    ``boxes``: ink box per layer id in px ``(left, top, right, bottom)`` of ``image`` (the
    renderer's ``RenderResult.boxes``); layers missing from it fall back to their design box.
    ``backdrop``: the same design rendered without the title layer, same size as ``image``
    (without it the title contrast is estimated from ``image``, dropping title-coloured pixels).
    ``face_boxes``: face boxes in px of ``image``. ``file_size``: encoded size in bytes (the
    file-size check is skipped without it). ``notes``: copied to the report. ``ocr``: run the
    OCR legibility check (~0.1-0.3 s; the first call also loads the models, ~1 s); when false
    that check is skipped, not failed.

    Raises InvalidImage when ``image`` is not a PIL image, InvalidInput when ``backdrop`` and
    ``image`` differ in size.
    """
    if not isinstance(image, Image.Image):
        raise InvalidImage(f"assess needs a PIL image, got {type(image).__name__}")
    if backdrop is not None and backdrop.size != image.size:
        raise InvalidInput(
            f"backdrop is {backdrop.width}x{backdrop.height} px but the image is {image.width}x{image.height} px"
        )
    image = image.convert("RGB")
    size = image.size
    title = title_layer(design)
    title_box = layer_box_px(title.id, design, boxes, size) if title else None
    title_element = [Element("title", title_box)] if title_box else []
    faces = [Element(f"face {i + 1}", _int_box(box)) for i, box in enumerate(face_boxes)]

    checks = [contrast_check("title_contrast", "Title", title, title_box, image, backdrop)]
    subtitle = slot_text_layer(design, "subtitle")
    if subtitle is not None and subtitle is not title:
        subtitle_box = layer_box_px(subtitle.id, design, boxes, size)
        # the backdrop still holds the subtitle, so it is read like a full render
        checks.append(contrast_check("subtitle_contrast", "Subtitle", subtitle, subtitle_box, backdrop or image, None))
    checks.append(margin_check(title_element + faces, size))
    corner_others = faces + _slot_elements(design, boxes, size, "subject") + _slot_elements(design, boxes, size, "logo")
    checks.append(badge_check(title_element, corner_others, size))
    checks.append(file_size_check(file_size))
    ocr_text = read_title_at_feed_size(image, title_box) if ocr and title and title_box else None
    legibility = legibility_check(title if title_box else None, ocr_text, size)
    checks.append(legibility)
    checks.append(letter_height_check(title, title_box, image, backdrop))

    return QualityReport(
        passed=all(check.passed or check.severity != "error" for check in checks),
        checks=checks,
        contrast_ratio=checks[0].value,
        file_size_bytes=file_size,
        legible_at_small=None if legibility.skipped else legibility.passed,
        ocr_text=ocr_text,
        notes=list(notes),
    )


def with_file_size(report: QualityReport, file_size: int) -> QualityReport:
    """``report`` with its file-size check run on ``file_size`` (bytes of the encoded file)
    and the verdict recomputed: what :func:`assess` would say given that size."""
    return _replace_check(report, file_size_check(file_size), file_size_bytes=file_size)


def with_legibility(report: QualityReport, image: Image.Image, design: Design,
                    boxes: dict[str, tuple[int, int, int, int]]) -> QualityReport:
    """``report`` with its small-size legibility check run: OCR reads the title of ``image``
    (the 1280x720 render of ``design``, ``boxes`` its ink boxes in px) at feed size. A report
    made with ``ocr=False`` becomes the one ``assess(..., ocr=True)`` makes."""
    if not isinstance(image, Image.Image):
        raise InvalidImage(f"with_legibility needs a PIL image, got {type(image).__name__}")
    image = image.convert("RGB")
    title = title_layer(design)
    title_box = layer_box_px(title.id, design, boxes, image.size) if title else None
    ocr_text = read_title_at_feed_size(image, title_box) if title and title_box else None
    legibility = legibility_check(title if title_box else None, ocr_text, image.size)
    return _replace_check(report, legibility, legible_at_small=None if legibility.skipped else legibility.passed,
                          ocr_text=ocr_text)


def _replace_check(report: QualityReport, check: Check, **fields: object) -> QualityReport:
    checks = [check if item.name == check.name else item for item in report.checks]
    if all(item.name != check.name for item in report.checks):
        checks.append(check)
    passed = all(item.passed or item.severity != "error" for item in checks)
    return report.model_copy(update={"checks": checks, "passed": passed, **fields})


def _int_box(box: Sequence[float]) -> PxBox:
    left, top, right, bottom = (int(round(v)) for v in box)
    return left, top, right, bottom


def _slot_elements(design: Design, boxes: dict[str, PxBox], size: tuple[int, int], slot: str) -> list[Element]:
    """Boxes of the visible layers in ``slot`` (``subject``: every cut-out, ``logo``), labelled
    by the slot (numbered when there are several)."""
    found = [layer_box_px(layer.id, design, boxes, size) for layer in design.by_slot(slot) if layer.visible]
    found_boxes = [box for box in found if box is not None]
    if len(found_boxes) == 1:
        return [Element(slot, found_boxes[0])]
    return [Element(f"{slot} {i + 1}", box) for i, box in enumerate(found_boxes)]
