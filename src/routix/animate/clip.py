"""Design + assets + :class:`Animation` -> a :class:`Clip`: its plates, poses and frames.

Building a clip groups the layers into plates by the preset, works out how large each plate
ever gets on screen (the scales of a preset do not depend on where the layers are), paints each
group once at that scale with the thumbnail's own painters, composites the plates at rest for
the poster and the contrast pivot, bakes the design's colour adjustments in, and computes every
frame's poses, keeping the canvas covered: a background plate is enlarged just enough that its
edge never shows, and a subject cut off by the frame never shows its cut. After that a frame
costs one warp and one blend per plate.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from math import ceil, floor

import cv2
import numpy as np
from PIL import Image

from routix.animate.composite import compose, draw
from routix.animate.models import Animation
from routix.animate.plates import (
    LayerPixels,
    Plate,
    bake_adjustments,
    footprint,
    in_paint,
    merge,
    paint_layer,
    photo_background,
    reveal_order,
    union,
)
from routix.animate.poses import REST, Pose, cover_factor, guard_edges
from routix.animate.presets import Preset, Scene, get_preset
from routix.animate.roles import LayerRole, layer_roles
from routix.design import (
    Aspect,
    BackgroundLayer,
    Design,
    ImageFill,
    Layer,
    ProceduralFill,
    Solid,
    TextLayer,
    aspect_of,
    with_tall_layout,
)
from routix.errors import InvalidInput
from routix.render import render
from routix.render.adjust import contrast_mean, vignette_gain
from routix.render.assets import AssetResolver

#: Plates are never rendered larger than this many times the output size.
MAX_SUPERSAMPLE = 2.0


class Clip:
    """A design animated: ``count`` frames of ``size`` (w, h) px at ``fps``.

    ``size`` / ``fps`` default to the animation's; a GIF passes its own smaller size and lower
    rate (the text is then laid out at that size, never scaled). Raises :class:`InvalidInput`
    when the preset cannot animate this design, :class:`routix.errors.RenderError` for a
    missing asset.
    """

    def __init__(self, design: Design, assets: AssetResolver, animation: Animation, *,
                 size: tuple[int, int] | None = None, fps: int | None = None) -> None:
        self.animation = animation
        self.size = size or animation.size
        self.fps = fps or animation.fps
        self.count = animation.frame_count(self.fps)
        self.preset: Preset = get_preset(animation.preset)
        if aspect_of(*self.size) is Aspect.TALL:
            design = with_tall_layout(design)
        roles = layer_roles(design)
        if not roles:
            raise InvalidInput("the design has no visible layer to animate")
        self.preset.check(roles, animation)
        self._design, self._assets = design, assets
        groups = self._groups(roles)
        typing = self.preset.typing(animation)

        # 1. how large each group ever gets on screen (scales do not depend on where layers are)
        sizing = [Plate(key=key, layer_ids=(), roles=tuple(lr.role for lr in members),
                        depth=max(lr.depth for lr in members), pixels=np.zeros((1, 1, 4), np.uint8), origin=(0, 0),
                        scale_xy=(1.0, 1.0), box=None, opaque=j == 0 and _opaque_bottom(members[0].layer))
                  for j, (key, members) in enumerate(groups)]
        poses = self._all_poses(sizing)
        scales = [min(MAX_SUPERSAMPLE, max(1.0, max(frame[j].scale for frame in poses)))
                  for j in range(len(groups))]

        # 2. every group painted once, at that scale (frames only ever shrink its pixels)
        parts: dict[int, LayerPixels] = {}
        self.plates = []
        for (key, members), s in zip(groups, scales, strict=True):
            canvas = (round(self.size[0] * s), round(self.size[1] * s)) if s > 1.001 else self.size
            painted = [paint_layer(lr.layer, canvas, assets) for lr in members]
            parts.update({lr.index: p for lr, p in zip(members, painted, strict=True)})
            self.plates.append(self._plate(key, members, painted, typing, canvas))

        # 3. the contrast pivot from the plates at rest; then the adjustments baked in
        rest = [REST] * len(self.plates)
        w, h = self.size
        flat = Image.fromarray(np.ascontiguousarray(compose(np.empty((h, w, 4), np.uint8), self.plates, rest,
                                                            None)[:, :, :3]), "RGB")
        adj = design.adjustments
        mean = contrast_mean(flat, adj)
        self.plates = [replace(p, pixels=bake_adjustments(p.pixels, adj, mean, round(h * p.scale_xy[1])))
                       for p in self.plates]
        self._vignette = None
        if adj.vignette > 0:
            gain = vignette_gain(self.size, adj.vignette)
            self._vignette = np.dstack([gain, np.full(gain.shape[:2], 255, np.uint8)])

        # 4. every frame's poses, now that the plates' places are known
        self._poses = self._all_poses(self.plates)
        if photo_background(design):
            self._fill_behind_subjects(groups)

    # ------------------------------------------------------------------ building

    def _groups(self, roles: list[LayerRole]) -> list[tuple[str, list[LayerRole]]]:
        groups: list[tuple[str, list[LayerRole]]] = []
        for lr in roles:
            key = self.preset.group(lr, self.animation)
            if groups and groups[-1][0] == key:
                groups[-1][1].append(lr)
            else:
                groups.append((key, [lr]))
        return groups

    def _plate(self, key: str, members: list[LayerRole], parts: list[LayerPixels], typing: str | None,
               canvas: tuple[int, int]) -> Plate:
        """One group's plate from its layers painted on ``canvas``; boxes in output px."""
        pixels, origin, opaque = merge(parts, canvas)
        sx, sy = canvas[0] / self.size[0], canvas[1] / self.size[1]

        def out_box(b):
            return None if b is None else (floor(b[0] / sx), floor(b[1] / sy), ceil(b[2] / sx), ceil(b[3] / sy))

        boxes = [out_box(p.box) for p in parts]
        plate = Plate(
            key=key, layer_ids=tuple(lr.layer.id for lr in members), roles=tuple(lr.role for lr in members),
            depth=max(lr.depth for lr in members), pixels=pixels, origin=origin, scale_xy=(sx, sy),
            box=union(boxes), opaque=opaque,
            subject_boxes=[b for lr, b in zip(members, boxes, strict=True) if lr.role == "subject" and b],
        )
        if key == typing and len(parts) == 1 and isinstance(members[0].layer, TextLayer) and parts[0].layout:
            plate.order, plate.chars = reveal_order(members[0].layer, parts[0].layout, origin, pixels.shape[:2])
        return plate

    def _all_poses(self, plates: list[Plate]) -> list[list[Pose]]:
        """Every frame's pose of every plate: the preset's, settled, with the canvas kept covered."""
        scene = Scene(self.size, plates)
        frames = [self.preset.pose_all(scene, self.animation, self.progress(i)) for i in range(self.count)]
        self.preset.settle(scene, frames)
        self._keep_covered(plates, frames)
        return frames

    def _keep_covered(self, plates: list[Plate], frames: list[list[Pose]]) -> None:
        """Enlarge a full-canvas bottom plate just enough that no edge ever shows, and keep
        every other plate's cut-off sides past the canvas edges."""
        for j, plate in enumerate(plates):
            column = [poses[j] for poses in frames]
            if plate.opaque and j == 0:
                if any(not p.is_rest for p in column):
                    k = cover_factor(column, self.size)
                    if k > 1.001 + 1e-6:
                        for poses in frames:
                            poses[j] = replace(poses[j], scale=poses[j].scale * k)
            elif plate.box is not None:
                for poses in frames:
                    poses[j] = guard_edges(poses[j], plate.box, self.size)

    def _fill_behind_subjects(self, groups: list[tuple[str, list[LayerRole]]]) -> None:
        """A photo background may show the person the subject cut-out came from: where a
        subject moves apart from the background, fill its footprint on the background plate
        (in-painted and blurred), so neither a double nor a hole shows."""
        bottom = self.plates[0]
        if not bottom.opaque:
            return
        movers = [p for p, (_, members) in zip(self.plates[1:], groups[1:], strict=True)
                  if any(lr.role == "subject" for lr in members)]
        if not movers:
            return
        w, h = self.size
        cover = np.zeros((h, w, 4), np.uint8)
        for plate in movers:
            draw(cover, plate, REST)
        mask = footprint(cover[:, :, 3], grow=0.015 * h)
        if not mask.any():
            return
        ph, pw = bottom.pixels.shape[:2]
        ox, oy = bottom.origin
        sx, sy = bottom.scale_xy
        # the mask in the plate's own pixel grid
        m = np.array([[sx, 0.0, -ox], [0.0, sy, -oy]], dtype=np.float64)
        big = cv2.warpAffine(mask, m, (pw, ph), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
        pixels = bottom.pixels.copy()
        in_paint(pixels, big)
        self.plates[0] = replace(bottom, pixels=pixels)

    # ------------------------------------------------------------------ frames

    def progress(self, i: int) -> float:
        """Clip progress of frame ``i``: 0 at the first frame, 1 at the last (in loop mode the
        last frame is the first again)."""
        if self.animation.loop and i == self.count - 1:
            return 0.0
        return i / (self.count - 1)

    def poses(self, i: int) -> list[Pose]:
        """Every plate's pose at frame ``i`` (same order as :attr:`plates`)."""
        return list(self._poses[i])

    def frame_rgba(self, i: int, out: np.ndarray | None = None) -> np.ndarray:
        """Frame ``i`` as an h x w x 4 array (RGB + a scratch channel), drawn into ``out`` when given."""
        w, h = self.size
        canvas = out if out is not None else np.empty((h, w, 4), np.uint8)
        return compose(canvas, self.plates, self._poses[i], self._vignette)

    def frame(self, i: int) -> Image.Image:
        """Frame ``i`` as an RGB image."""
        return Image.fromarray(self.frame_rgba(i)[:, :, :3].copy(), "RGB")

    def frames_rgba(self) -> Iterator[np.ndarray]:
        """Every frame in order, each a new h x w x 4 array (see :meth:`frame_rgba`)."""
        for i in range(self.count):
            yield self.frame_rgba(i)

    def poster(self) -> Image.Image:
        """The design at rest at the clip's size, exactly as the thumbnail renders it (a
        player's poster, a cover still)."""
        return poster_image(self._design, self._assets, self.size)

    @property
    def duration(self) -> float:
        return self.count / self.fps


def poster_image(design: Design, assets: AssetResolver, size: tuple[int, int]) -> Image.Image:
    """The design rendered at ``size`` (w, h): the thumbnail itself, the clip's poster."""
    return render(design, size, assets).image


def _opaque_bottom(layer: Layer) -> bool:
    """Whether a bottom layer surely covers the canvas opaquely (known before painting it)."""
    if not isinstance(layer, BackgroundLayer) or layer.opacity < 1:
        return False
    fill = layer.fill
    if isinstance(fill, (ImageFill, ProceduralFill)):
        return True
    colours = [fill.color] if isinstance(fill, Solid) else [stop.color for stop in fill.stops]
    return all(len(c) == 7 or c[7:].upper() == "FF" for c in colours)


def build_clip(design: Design, assets: AssetResolver, animation: Animation, *, size: tuple[int, int] | None = None,
               fps: int | None = None) -> Clip:
    """:class:`Clip` of ``design`` (see there)."""
    return Clip(design, assets, animation, size=size, fps=fps)


__all__ = ["MAX_SUPERSAMPLE", "Clip", "build_clip", "poster_image"]
