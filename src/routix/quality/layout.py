"""Layout rules: the safe area and YouTube's duration-badge corner.

**Safe area.** Key content (title ink, faces) stays inside a margin of 4 % of the canvas
width on the left/right and 4 % of its height on the top/bottom. YouTube's creator guidance
is to keep key content away from the edges: the feed rounds the thumbnail's corners, hover
previews and watch-later/queue buttons overlay the edges, and some surfaces crop slightly.
4 % is Routix's figure (about 51 px x 29 px at 1280x720), close to broadcast "action safe".

**Duration badge.** YouTube draws the video length in a dark badge at the bottom-right of
every thumbnail (about 8 px from the corner and roughly 100x40 px at 1280x720 for a short
"12:34"; longer for "1:02:33", and proportionally larger at small feed sizes). Routix keeps
the normalised rectangle ``x >= 0.80 W, y >= 0.84 H`` (1024..1280 x 605..720 px at
1280x720) free of title ink, faces and the logo. Square canvases (podcast/album covers) have
no badge, so the rule applies to 16:9 only.
"""

from __future__ import annotations

from dataclasses import dataclass

PxBox = tuple[int, int, int, int]

#: Safe-area margin on each side, fraction of canvas width (left/right) and height (top/bottom).
SAFE_MARGIN = 0.04
#: The duration-badge corner: everything right of x0 and below y0 (fractions of width/height).
BADGE_CORNER = (0.80, 0.84)


@dataclass(frozen=True)
class Element:
    """A piece of key content: a human label ("title", "face 1", "logo") and its px box."""

    label: str
    box: PxBox


def box_area(box: PxBox) -> int:
    """Area in px² of ``(left, top, right, bottom)``; 0 for an empty box."""
    return max(0, box[2] - box[0]) * max(0, box[3] - box[1])


def intersection(a: PxBox, b: PxBox) -> PxBox:
    """The overlap of two px boxes (may be empty: check with :func:`box_area`)."""
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def safe_area(size: tuple[int, int], margin: float = SAFE_MARGIN) -> PxBox:
    """The safe rectangle in px for a canvas ``(width, height)``."""
    width, height = size
    return round(margin * width), round(margin * height), round((1 - margin) * width), round((1 - margin) * height)


def badge_corner(size: tuple[int, int]) -> PxBox:
    """The duration-badge corner rectangle in px for a canvas ``(width, height)``."""
    width, height = size
    return round(BADGE_CORNER[0] * width), round(BADGE_CORNER[1] * height), width, height


def outside_fraction(box: PxBox, area: PxBox) -> float:
    """Fraction (0..1) of ``box``'s area that lies outside ``area``; 0 for an empty box."""
    total = box_area(box)
    if total == 0:
        return 0.0
    return 1.0 - box_area(intersection(box, area)) / total


def worst_outside(elements: list[Element], size: tuple[int, int]) -> tuple[float, Element | None]:
    """The element with the largest fraction of its box outside the safe area, and that
    fraction; ``(0.0, None)`` without elements."""
    area = safe_area(size)
    scored = [(outside_fraction(element.box, area), element) for element in elements]
    if not scored:
        return 0.0, None
    return max(scored, key=lambda pair: pair[0])


def badge_overlaps(elements: list[Element], size: tuple[int, int]) -> list[tuple[Element, float]]:
    """Elements that overlap the badge corner, each with the fraction (0..1) of the corner
    they cover, largest first."""
    corner = badge_corner(size)
    corner_area = box_area(corner)
    hits = [(element, box_area(intersection(element.box, corner)) / corner_area) for element in elements]
    return sorted([hit for hit in hits if hit[1] > 0], key=lambda hit: -hit[1])
