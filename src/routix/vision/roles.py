"""Guess what an uploaded image is for: a person, an object, a logo or a scene.

The roles a request can give an input are ``person``, ``object``, ``logo``, ``scene`` and
``reference``. Only the first four are guessed, from what :func:`extract_subjects` found:

* a face found -> ``person``;
* real transparency without a face, no larger than :data:`LOGO_MAX_SIDE` px -> ``logo``;
* the photo was framed whole (nothing stands out, or the foreground is scattered) -> ``scene``;
* a flat graphic (few colours) no larger than :data:`LOGO_MAX_SIDE` px -> ``logo``;
* otherwise one clear subject was cut out (plain-background or salient object) -> ``object``.

``reference`` (a thumbnail to imitate) is a user's intent, not something a photo shows, so it
is never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image

from routix.vision.subjects import SubjectSet, extract_subjects

Role = Literal["person", "object", "logo", "scene", "reference"]
ROLES: tuple[Role, ...] = ("person", "object", "logo", "scene", "reference")

#: A logo is no larger than this on its long side (px); larger graphics are objects or scenes.
LOGO_MAX_SIDE = 1600
#: A flat graphic: this share of its pixels falls into its FLAT_COLOURS most common colours.
FLAT_SHARE = 0.8
FLAT_COLOURS = 8


@dataclass(frozen=True)
class RoleGuess:
    """``role``: the guessed role; ``reason``: one sentence for the report and the studio."""

    role: Role
    reason: str


def guess_role(image: Image.Image, found: SubjectSet | None = None) -> RoleGuess:
    """The role of ``image`` (a clean image from ``load_image``); ``found`` is its
    :func:`extract_subjects` result when the caller already has it (else it is computed).

    Raises routix.vision.runtime.ModelUnavailable if a model cannot load.
    """
    found = found if found is not None else extract_subjects(image)
    if any(s.kind == "person" for s in found.subjects) or found.faces:
        return RoleGuess("person", "A face was found.")
    small = max(image.size) <= LOGO_MAX_SIDE
    if small and image.mode == "RGBA" and np.asarray(image.getchannel("A")).min() < 250:
        return RoleGuess("logo", "A transparent graphic without a face.")
    if all(s.kind == "framed" for s in found.subjects):
        return RoleGuess("scene", "No clear subject stands out; the photo works as a scene.")
    if small and _flat_graphic(image):
        return RoleGuess("logo", "A flat graphic: a few colours on a plain field.")
    return RoleGuess("object", "One clear subject was cut out.")


def _flat_graphic(image: Image.Image) -> bool:
    """Most pixels share a handful of colours (quantised to 32 levels per channel)."""
    small = image.convert("RGB")
    small.thumbnail((128, 128))
    q = (np.asarray(small) // 8).reshape(-1, 3).astype(np.int32)
    codes = (q[:, 0] << 10) | (q[:, 1] << 5) | q[:, 2]
    counts = np.sort(np.bincount(codes))[::-1]
    return float(counts[:FLAT_COLOURS].sum()) >= FLAT_SHARE * len(codes)
