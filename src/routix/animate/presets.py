"""The presets: how each group of layers moves over the clip.

A preset does two things: it names the *group* of every layer (consecutive layers of the same
group become one plate, rendered once), and it gives every plate's :class:`Pose` at clip
progress ``u`` (0 = first frame, 1 = last).

* ``zoom`` - Ken Burns: the picture (background, subject and what is behind it) zooms in
  (1 -> 1.12) or out towards the subject's face; the title and graphics stay still and crisp.
* ``pan`` - the picture, enlarged 10 %, glides across (right, left, up or down); overlay still.
* ``fade_in`` - background, then subject, then title, then the other graphics fade in, each
  rising a little into place.
* ``parallax`` - a camera slide with push-in: every layer moves and grows at a rate set by its
  depth (0.15 + 0.85 x depth: background slowest, subject and title fastest).
* ``title_reveal`` - the title types in character by character, slides in (with overshoot)
  or pops in; the other texts and graphics follow.
* ``subject_pop`` - each subject pops up from its base with overshoot, then the title rises in.

Loop mode: motion presets go there and back (parallax orbits on a sine), entrance presets
enter, hold, and leave in reverse, so the last frame equals the first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from routix.animate.easing import ease
from routix.animate.models import Animation
from routix.animate.plates import Plate, union
from routix.animate.poses import REST, Pose, edge_pivot, keep_inside
from routix.animate.roles import LayerRole
from routix.errors import InvalidInput


@dataclass(frozen=True)
class Scene:
    """What a preset knows about the clip: output ``size`` and the plates at rest."""

    size: tuple[int, int]
    plates: list[Plate]

    @property
    def subject_box(self):
        return union([b for p in self.plates for b in p.subject_boxes])

    def focus(self) -> tuple[float, float]:
        """Where a camera zoom aims: the top of the subject (its face), else the canvas centre."""
        w, h = self.size
        box = self.subject_box
        if box is None:
            return w / 2, h / 2
        l, t, r, b = box
        x = min(max((l + r) / 2, 0.0), float(w))
        y = min(max(t + 0.28 * (min(b, h) - t), 0.0), float(h))
        return x, y

    def pivot(self, plate: Plate) -> tuple[float, float]:
        w, h = self.size
        if plate.opaque or plate.box is None:
            return w / 2, h / 2
        return edge_pivot(plate.box, self.size)


def _clamp(x: float) -> float:
    return 0.0 if x <= 0 else 1.0 if x >= 1 else x


def phase(anim: Animation, u: float) -> float:
    """Eased progress of a motion preset; in loop mode it goes 0 -> 1 -> 0."""
    if anim.loop:
        u = 1 - abs(2 * u - 1)
    return ease(anim.curve, u)


def entrance(anim: Animation, u: float) -> float:
    """Entrance timeline 0..1 (1 = everything in): entrances play over the first 80 % of the
    clip; in loop mode over the first 45 %, then hold, then the last 25 % plays them backwards."""
    if not anim.loop:
        return _clamp(u / 0.8)
    if u <= 0.75:
        return _clamp(u / 0.45)
    return _clamp((1 - u) / 0.25)


def window(v: float, start: float, end: float) -> float:
    """Progress 0..1 of a step that plays while the timeline goes from ``start`` to ``end``."""
    return _clamp((v - start) / (end - start))


class Preset:
    """Base: group names and poses. Subclasses override :meth:`group` and :meth:`pose_all`."""

    name = ""

    def group(self, lr: LayerRole, anim: Animation) -> str:
        raise NotImplementedError

    def check(self, roles: list[LayerRole], anim: Animation) -> None:
        """Refuse designs the preset cannot animate (default: any design works)."""

    def typing(self, anim: Animation) -> str | None:
        """The group whose plate types in character by character, if any."""
        return None

    def pose_all(self, scene: Scene, anim: Animation, u: float) -> list[Pose]:
        raise NotImplementedError

    def settle(self, scene: Scene, frames: list[list[Pose]]) -> None:
        """Adjust every frame's poses (``frames[i][plate]``) once all are known; in place."""


class Zoom(Preset):
    name = "zoom"

    def group(self, lr: LayerRole, anim: Animation) -> str:
        return "picture" if lr.picture else "overlay"

    def pose_all(self, scene: Scene, anim: Animation, u: float) -> list[Pose]:
        z = 0.12 * anim.intensity
        p = phase(anim, u)
        s = 1 + z * (p if anim.heading == "in" else 1 - p)
        focus = scene.focus()
        return [Pose(scale=s, pivot=focus) if plate.key == "picture" else REST for plate in scene.plates]


class Pan(Preset):
    name = "pan"

    def group(self, lr: LayerRole, anim: Animation) -> str:
        return "picture" if lr.picture else "overlay"

    def pose_all(self, scene: Scene, anim: Animation, u: float) -> list[Pose]:
        w, h = scene.size
        m = 0.10 * anim.intensity
        p = phase(anim, u)
        horizontal = anim.heading in ("left", "right")
        travel = (m / 2) * (w if horizontal else h) * 0.9
        d = travel * (1 - 2 * p) * (1 if anim.heading in ("right", "down") else -1)
        pose = Pose(scale=1 + m, pivot=(w / 2, h / 2), dx=d if horizontal else 0.0, dy=0.0 if horizontal else d)
        return [pose if plate.key == "picture" else REST for plate in scene.plates]


_FADE_STAGE = {"background": 0, "subject": 1, "title": 2}


class FadeIn(Preset):
    name = "fade_in"

    def group(self, lr: LayerRole, anim: Animation) -> str:
        if lr.role == "background":
            return "stage0"
        if lr.picture:
            return "stage1"
        return f"stage{_FADE_STAGE.get(lr.role, 3)}"

    def pose_all(self, scene: Scene, anim: Animation, u: float) -> list[Pose]:
        h = scene.size[1]
        stages = sorted({plate.key for plate in scene.plates})
        n = len(stages)
        length = 0.5 if n <= 2 else 0.45
        starts = {key: (i * (1 - length) / (n - 1) if n > 1 else 0.0) for i, key in enumerate(stages)}
        v = entrance(anim, u)
        poses = []
        for plate in scene.plates:
            q = window(v, starts[plate.key], starts[plate.key] + length)
            e = ease(anim.curve, q)
            rise = 0.0 if plate.key == "stage0" else (1 - e) * 0.03 * h * anim.intensity
            poses.append(Pose(opacity=_clamp(e), dy=rise, pivot=scene.pivot(plate)))
        return poses


class Parallax(Preset):
    name = "parallax"

    def group(self, lr: LayerRole, anim: Animation) -> str:
        return f"depth{lr.depth:.3f}"

    @staticmethod
    def rate(depth: float) -> float:
        """How fast a layer at ``depth`` (0 far .. 1 near) moves, relative to the nearest."""
        return 0.15 + 0.85 * depth

    def pose_all(self, scene: Scene, anim: Animation, u: float) -> list[Pose]:
        w, _ = scene.size
        amp = 0.035 * w * anim.intensity
        push = 0.06 * anim.intensity
        if anim.loop:
            c, z = math.sin(2 * math.pi * u), (1 - math.cos(2 * math.pi * u)) / 2
        else:
            p = ease(anim.curve, u)
            c, z = 2 * p - 1, p
        sign = -1 if anim.heading == "right" else 1
        poses = []
        for plate in scene.plates:
            r = self.rate(plate.depth)
            poses.append(Pose(scale=1 + push * r * z, dx=sign * amp * r * c, pivot=scene.pivot(plate)))
        return poses

    def settle(self, scene: Scene, frames: list[list[Pose]]) -> None:
        """Titles and graphics that sit inside the frame stay inside it: their sweep shrinks
        if it would carry them over an edge."""
        for j, plate in enumerate(scene.plates):
            if plate.opaque or plate.box is None:
                continue
            column = keep_inside([poses[j] for poses in frames], plate.box, scene.size)
            for poses, pose in zip(frames, column, strict=True):
                poses[j] = pose


class TitleReveal(Preset):
    name = "title_reveal"

    def group(self, lr: LayerRole, anim: Animation) -> str:
        if lr.role == "title":
            return "title"
        return "static" if lr.picture else "extras"

    def check(self, roles: list[LayerRole], anim: Animation) -> None:
        if not any(lr.role == "title" for lr in roles):
            raise InvalidInput("title_reveal needs a text layer to reveal; this design has none "
                               "(try zoom, pan or parallax)")

    def typing(self, anim: Animation) -> str | None:
        return "title" if anim.style == "type" else None

    def pose_all(self, scene: Scene, anim: Animation, u: float) -> list[Pose]:
        w, h = scene.size
        v = entrance(anim, u)
        poses = []
        for plate in scene.plates:
            if plate.key == "title":
                poses.append(self._title(plate, scene, anim, v))
            elif plate.key == "extras":
                q = window(v, 0.6, 0.9)
                e = ease("ease_out_cubic", q)
                poses.append(Pose(opacity=e, dy=(1 - e) * 0.02 * h, pivot=scene.pivot(plate)))
            else:
                poses.append(REST)
        return poses

    def _title(self, plate: Plate, scene: Scene, anim: Animation, v: float) -> Pose:
        w, _ = scene.size
        pivot = scene.pivot(plate) if plate.box is None else ((plate.box[0] + plate.box[2]) / 2,
                                                               (plate.box[1] + plate.box[3]) / 2)
        if anim.style == "type":
            q = window(v, 0.05, 0.7)
            return Pose(reveal=plate.chars * q, pivot=pivot)
        q = window(v, 0.05, 0.6)
        e = ease(anim.curve, q)
        if anim.style == "pop":
            return Pose(scale=max(0.05, 0.35 + 0.65 * e), opacity=_clamp(q * 3), pivot=pivot)
        l, _, r, _ = plate.box or (0, 0, w, 0)
        from_left = (l + r) / 2 <= w / 2
        dist = (r + 0.03 * w) if from_left else (w - l + 0.03 * w)
        return Pose(dx=(-1 if from_left else 1) * (1 - e) * dist * anim.intensity, opacity=_clamp(q * 2.5),
                    pivot=pivot)


class SubjectPop(Preset):
    name = "subject_pop"

    def group(self, lr: LayerRole, anim: Animation) -> str:
        if lr.role == "subject":
            return f"subject:{lr.layer.id}"
        if lr.role == "title":
            return "title"
        return "static" if lr.picture else "extras"

    def check(self, roles: list[LayerRole], anim: Animation) -> None:
        if not any(lr.role == "subject" for lr in roles):
            raise InvalidInput("subject_pop needs a subject (a person or product image layer); this design "
                               "has none (try title_reveal or parallax)")

    def pose_all(self, scene: Scene, anim: Animation, u: float) -> list[Pose]:
        h = scene.size[1]
        v = entrance(anim, u)
        subjects = [p.key for p in scene.plates if p.key.startswith("subject:")]
        poses = []
        for plate in scene.plates:
            if plate.key.startswith("subject:"):
                i = subjects.index(plate.key)
                q = window(v, 0.12 * i, 0.12 * i + 0.45)
                e = ease(anim.curve, q)
                poses.append(Pose(scale=max(0.05, 0.25 + 0.75 * e), opacity=_clamp(q * 4),
                                  pivot=scene.pivot(plate)))
            elif plate.key == "title":
                q = window(v, 0.45, 0.8)
                e = ease(anim.curve, q)
                poses.append(Pose(dy=(1 - e) * 0.06 * h * anim.intensity, opacity=_clamp(q * 2),
                                  pivot=scene.pivot(plate)))
            elif plate.key == "extras":
                q = window(v, 0.65, 0.95)
                poses.append(Pose(opacity=ease("ease_out_cubic", q), pivot=scene.pivot(plate)))
            else:
                poses.append(REST)
        return poses


PRESETS: dict[str, Callable[[], Preset]] = {
    "zoom": Zoom, "pan": Pan, "fade_in": FadeIn, "parallax": Parallax, "title_reveal": TitleReveal,
    "subject_pop": SubjectPop,
}


def get_preset(name: str) -> Preset:
    """The preset called ``name`` (an :data:`routix.animate.models.PRESETS` name)."""
    return PRESETS[name]()


__all__ = ["PRESETS", "Preset", "Scene", "entrance", "get_preset", "phase", "window"]
