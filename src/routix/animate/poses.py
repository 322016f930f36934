"""Where a plate is at one frame: a :class:`Pose` (scale about a pivot, shift, opacity, how
many characters are typed), and the guards that keep the canvas covered.

A point ``q`` of a plate at rest (output px) is drawn at ``pivot + scale (q - pivot) + (dx, dy)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from routix.render.sprite import PxBox


@dataclass(frozen=True)
class Pose:
    """A plate's transform at one frame; the default is the rest pose (as designed)."""

    scale: float = 1.0
    dx: float = 0.0
    dy: float = 0.0
    pivot: tuple[float, float] = (0.0, 0.0)
    opacity: float = 1.0
    reveal: float | None = None

    def place(self, x: float, y: float) -> tuple[float, float]:
        """Where the rest point (x, y) goes."""
        px, py = self.pivot
        return px + self.scale * (x - px) + self.dx, py + self.scale * (y - py) + self.dy

    @property
    def is_rest(self) -> bool:
        return self.scale == 1.0 and self.dx == 0.0 and self.dy == 0.0


REST = Pose()


def affine(pose: Pose, origin: tuple[int, int], scale_xy: tuple[float, float]) -> np.ndarray:
    """2x3 matrix from plate pixel (x, y) (plate rendered at ``scale_xy`` x the output size,
    placed at ``origin``) to output px: plate px -> rest output px -> posed output px."""
    sx, sy = scale_xy
    px, py = pose.pivot
    s = pose.scale
    return np.array([
        [s / sx, 0.0, px * (1 - s) + s * origin[0] / sx + pose.dx],
        [0.0, s / sy, py * (1 - s) + s * origin[1] / sy + pose.dy],
    ])


def cover_factor(poses: list[Pose], size: tuple[int, int]) -> float:
    """The smallest extra scale k >= 1 (about each pose's pivot) with which a full-canvas plate
    covers the whole canvas at every pose (no edge ever shows)."""
    w, h = size
    k = 1.0
    for p in poses:
        px, py = p.pivot
        s = p.scale
        for pivot, d, extent in ((px, p.dx, w), (py, p.dy, h)):
            # near edge: pivot + s k (0 - pivot) + d <= 0 ; far edge: pivot + s k (extent - pivot) + d >= extent
            if pivot > 1e-9:
                k = max(k, (pivot + d) / (s * pivot))
            if extent - pivot > 1e-9:
                k = max(k, (extent - pivot - d) / (s * (extent - pivot)))
    return k * 1.001 + 1e-6


def guard_edges(pose: Pose, box: PxBox, size: tuple[int, int]) -> Pose:
    """Shift ``pose`` so that every side of ``box`` (the plate's body at rest) that lies past a
    canvas edge stays past it: a subject cut off by the frame never shows its cut."""
    w, h = size
    l, t, r, b = box
    dx, dy = pose.dx, pose.dy
    nl, nt = pose.place(l, t)
    nr, nb = pose.place(r, b)
    if b >= h > nb:
        dy += h - nb
    elif t <= 0 < nt:
        dy -= nt
    if r >= w > nr:
        dx += w - nr
    elif l <= 0 < nl:
        dx -= nl
    if dx == pose.dx and dy == pose.dy:
        return pose
    return replace(pose, dx=dx, dy=dy)


def keep_inside(column: list[Pose], box: PxBox, size: tuple[int, int], margin: float = 0.02) -> list[Pose]:
    """``column`` (one plate's poses over the clip) with its shifts scaled down by one common
    factor, just enough that ``box`` (the plate's body at rest, inside the canvas) stays inside
    at every pose, ``margin`` (fraction of the canvas side) from the edges where it was at
    least that far at rest: the motion keeps its shape, only smaller. Boxes already past an
    edge at rest are returned unchanged (see :func:`guard_edges` for those)."""
    w, h = size
    l, t, r, b = box
    if l < 0 or t < 0 or r > w or b > h:
        return column
    mx, my = min(margin * w, l, w - r), min(margin * h, t, h - b)
    f = 1.0
    for p in column:
        scaled = replace(p, dx=0.0, dy=0.0)
        sl, st = scaled.place(l, t)
        sr, sb = scaled.place(r, b)
        for lo, hi, d, m, extent in ((sl, sr, p.dx, mx, w), (st, sb, p.dy, my, h)):
            if d < 0 and lo + d < m:
                f = min(f, max(0.0, lo - m) / -d)
            elif d > 0 and hi + d > extent - m:
                f = min(f, max(0.0, extent - m - hi) / d)
    if f >= 1.0:
        return column
    return [replace(p, dx=p.dx * f, dy=p.dy * f) for p in column]


def edge_pivot(box: PxBox, size: tuple[int, int]) -> tuple[float, float]:
    """A pivot for scaling a plate: the centre of its body box, moved onto any canvas edge the
    body crosses (so that side stays past the edge while the plate grows or shrinks)."""
    w, h = size
    l, t, r, b = box
    x, y = (l + r) / 2, (t + b) / 2
    if b >= h:
        y = float(h)
    elif t <= 0:
        y = 0.0
    if r >= w and l > 0:
        x = float(w)
    elif l <= 0 and r < w:
        x = 0.0
    return x, y


__all__ = ["REST", "Pose", "affine", "cover_factor", "edge_pivot", "guard_edges", "keep_inside"]
