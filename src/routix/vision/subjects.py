"""Cut the subjects out of a photo: each person separately, else an object or a framed crop.

Decision order for one image:

1. The image has real transparency (a logo, an already cut-out PNG): keep its own alpha,
   trimmed to the visible pixels; ``kind="person"`` if a face is found in it, else
   ``"subject"``.
2. Faces found: the person matte (:func:`routix.vision.segment.person_matte`) is split
   between the faces (see ``_split_people``: matte components, then a seam along the
   strongest edges between neighbouring faces) and each person becomes one ``kind="person"``
   subject. Faces narrower than :data:`MIN_FACE_SHARE` of the largest (background bystanders)
   are ignored, at most :data:`MAX_PEOPLE` people are kept. A face with almost no matte around
   it (a painting, a mask the model misses) gets a soft crop around the head and shoulders
   (``kind="subject"``).
3. No face: an object on a plain background is cut off it
   (:func:`routix.vision.fallback.plain_object`, ``"subject"``); otherwise the salient-object
   model (:func:`routix.vision.salient.salient_cutout`) cuts out one clear subject (a pet, a
   product, a vehicle: ``"subject"``). A photo without a clear subject (a landscape, a star
   field) is never cut into a blob: it is the whole image with rounded corners
   (``"framed"``); the compositor uses it as the background or as a framed card.

Edge colours of every matte are decontaminated (:func:`routix.vision.cutout.estimate_foreground`)
so no background halo shows on a new background.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
from PIL import Image

from routix.vision.cutout import (
    alpha_bbox,
    estimate_foreground,
    expand_box,
    rgba,
    rounded_rect_alpha,
    shift_box,
)
from routix.vision.faces import Face, detect_faces
from routix.vision.fallback import plain_object
from routix.vision.io import downscaled_rgb, load_image
from routix.vision.salient import salient_cutout
from routix.vision.segment import person_matte

PxBox = tuple[int, int, int, int]
SubjectKind = Literal["person", "subject", "framed"]

#: Faces narrower than this share of the largest face's width are bystanders.
MIN_FACE_SHARE = 0.35
MAX_PEOPLE = 6
#: A photo whose best face scores below this (0..1) is treated as a photo without a person.
SURE_FACE_SCORE = 0.7
#: Mean matte inside a face box below this means segmentation missed that person.
MIN_FACE_MATTE = 0.3
#: Margin around a cutout's visible pixels, fraction of its longer side.
MARGIN = 0.03
#: Alpha below this (of 255) somewhere in the image counts as real transparency.
REAL_ALPHA_BELOW = 250
#: Feather of soft crops, fraction of the crop's short side; corner radius likewise.
CROP_FEATHER = 0.06
CROP_RADIUS = 0.12
FRAME_RADIUS = 0.05
#: Long side (px) of the copy the salient-object matte is computed on.
SALIENT_WORK_SIDE = 1024


@dataclass(frozen=True)
class Subject:
    """One cut-out subject.

    ``image``: RGBA cutout, cropped to the visible pixels plus a small margin.
    ``kind``: ``"person"`` (matte of a person), ``"subject"`` (an object, a logo, or a soft
    crop), ``"framed"`` (the whole photo with rounded corners).
    ``source_box``: ``(left, top, right, bottom)`` px of the cutout in the source image.
    ``face_box``: the face (brows to chin, no hair) in px of the cutout, or None; compositors
    scale subjects by its height.
    """

    image: Image.Image
    kind: SubjectKind
    source_box: PxBox
    face_box: PxBox | None = None


@dataclass
class SubjectSet:
    """The subjects of one photo, left to right by their position in the source, plus
    ``notes``: human sentences for the quality report. ``faces``: every face found (px of
    the source, largest first); ``source_size``: (width, height) px of the source."""

    subjects: list[Subject]
    notes: list[str] = field(default_factory=list)
    faces: list[Face] = field(default_factory=list)
    source_size: tuple[int, int] = (0, 0)

    @property
    def host(self) -> Subject:
        """The subject with the largest face (else the largest cutout): the one to feature."""
        return max(
            self.subjects,
            key=lambda s: (_area(s.face_box) if s.face_box else 0, s.image.width * s.image.height),
        )


def extract_subjects(image: Image.Image | str | Path | bytes) -> SubjectSet:
    """Cut the subjects out of ``image`` (a Pillow image, or a path/bytes read with ``load_image``).

    Never returns an empty list for a valid image. Raises InvalidImage for unreadable input
    (paths/bytes only) and routix.vision.runtime.ModelUnavailable if a model cannot load.
    """
    if not isinstance(image, Image.Image):
        image = load_image(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    if image.mode == "RGBA" and np.asarray(image.getchannel("A")).min() < REAL_ALPHA_BELOW:
        result = _own_alpha(image)
    else:
        result = _from_photo(image.convert("RGB"))
    result.subjects.sort(key=lambda s: (s.source_box[0] + s.source_box[2]) / 2)
    result.source_size = image.size
    return result


def _own_alpha(image: Image.Image) -> SubjectSet:
    alpha = np.asarray(image.getchannel("A"), dtype=np.float32) / 255.0
    box = alpha_bbox(alpha)
    if box is None:
        return _framed(image.convert("RGB"), ["The image is fully transparent; framed it as a whole."])
    crop = image.crop(box)
    flat = Image.new("RGB", image.size, (128, 128, 128))
    flat.paste(image, mask=image.getchannel("A"))
    faces = [f for f in detect_faces(flat) if f.score >= SURE_FACE_SCORE]
    face_box = shift_box(faces[0].box, box) if faces else None
    kind: SubjectKind = "person" if faces else "subject"
    return SubjectSet([Subject(crop, kind, box, face_box)], ["Used the image's own transparency."], faces)


def _from_photo(image: Image.Image) -> SubjectSet:
    faces = detect_faces(image)
    if faces and max(f.score for f in faces) < SURE_FACE_SCORE:
        # only unsure detections (a galaxy, a rocket's nose): not a person
        found = _no_person(image)
        found.notes.append(f"Ignored an uncertain face (score {max(f.score for f in faces):.2f}).")
        return found
    if not faces:
        return _no_person(image)
    notes: list[str] = []
    people = [f for f in faces if f.width >= MIN_FACE_SHARE * faces[0].width][:MAX_PEOPLE]
    if len(people) < len(faces):
        skipped = len(faces) - len(people)
        notes.append(f"Ignored {skipped} small background face{'s' if skipped > 1 else ''}.")
    rgb = np.asarray(image)
    matte = person_matte(image, people)
    owners = _split_people(matte, people, rgb)
    subjects = []
    for face, owner in zip(people, owners, strict=True):
        alpha = matte * owner
        l, t, r, b = face.box
        if float(alpha[t:b, l:r].mean()) < MIN_FACE_MATTE:
            subjects.append(_head_crop(image, face))
            notes.append("Could not separate one person from the background; used a soft crop around the face.")
            continue
        subjects.append(_cut(rgb, alpha, face))
    if len(subjects) > 1:
        notes.append(f"Found {len(subjects)} people; each is a separate cutout.")
    return SubjectSet(subjects, notes, faces)


def _split_people(matte: np.ndarray, faces: list[Face], rgb: np.ndarray) -> list[np.ndarray]:
    """Partition of unity (HxW float32 each, summing to 1) assigning pixels to faces.

    Every pixel first goes to its nearest matte component (matte > 0.5); a person is the
    component under their face. Neighbours (by face centre x) that share a component are
    split along a seam: the top-to-bottom path, moving at most 1 px sideways per row, that
    crosses the strongest colour edges within half a face width of the midpoint between the
    two faces (dynamic programming, as in seam carving: Avidan & Shamir, SIGGRAPH 2007).
    """
    if len(faces) == 1:
        return [np.ones_like(matte)]
    height, width = matte.shape
    body = (matte > 0.5).astype(np.uint8)
    _, nearest = cv2.distanceTransformWithLabels(1 - body, cv2.DIST_L2, 3, labelType=cv2.DIST_LABEL_CCOMP)
    centre_label = [int(nearest[min(int(f.center[1]), height - 1), min(int(f.center[0]), width - 1)]) for f in faces]
    owner = np.full((height, width), -1, np.int32)
    edges = _edge_strength(rgb)
    cols = np.arange(width)[None, :]
    for label in set(centre_label):
        group = sorted((i for i, c in enumerate(centre_label) if c == label), key=lambda i: faces[i].center[0])
        left_bound = np.zeros((height, 1), np.int64)
        for a, b in zip(group, group[1:], strict=False):
            half = 0.5 * min(faces[a].width, faces[b].width)
            mid = (faces[a].center[0] + faces[b].center[0]) / 2
            seam = _seam(edges, max(0, round(mid - half)), min(width, round(mid + half) + 1))[:, None]
            owner[(nearest == label) & (cols >= left_bound) & (cols < seam)] = a
            left_bound = seam
        owner[(nearest == label) & (cols >= left_bound)] = group[-1]
    sigma = max(1.0, 0.003 * max(width, height))
    return [cv2.GaussianBlur((owner == i).astype(np.float32), (0, 0), sigma) for i in range(len(faces))]


def _edge_strength(rgb: np.ndarray) -> np.ndarray:
    """HxW float32 colour gradient magnitude (Sobel, max over channels), lightly blurred."""
    img = cv2.GaussianBlur(rgb, (0, 0), 1.0).astype(np.float32)
    gx = np.abs(cv2.Sobel(img, cv2.CV_32F, 1, 0, ksize=3)).max(axis=2)
    gy = np.abs(cv2.Sobel(img, cv2.CV_32F, 0, 1, ksize=3)).max(axis=2)
    return np.hypot(gx, gy)


def _seam(edges: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Column per row (H,) of the vertical path in columns [lo, hi) that crosses the most edge."""
    band = edges[:, lo:hi]
    if band.shape[1] < 2:
        return np.full(edges.shape[0], lo, np.int64)
    cost = 1.0 / (1.0 + band)  # cheap where edges are strong
    acc = cost.copy()
    back = np.zeros(band.shape, np.int8)
    for y in range(1, band.shape[0]):
        prev = acc[y - 1]
        options = np.stack([np.r_[np.inf, prev[:-1]], prev, np.r_[prev[1:], np.inf]])
        step = np.argmin(options, axis=0)
        acc[y] += options[step, np.arange(band.shape[1])]
        back[y] = step - 1
    path = np.empty(band.shape[0], np.int64)
    path[-1] = int(np.argmin(acc[-1]))
    for y in range(band.shape[0] - 1, 0, -1):
        path[y - 1] = path[y] + back[y, path[y]]
    return path + lo


def _cut(rgb: np.ndarray, alpha: np.ndarray, face: Face | None, kind: SubjectKind = "person") -> Subject:
    """Crop the visible part of ``alpha`` (+ margin), decontaminate edge colours, pack RGBA."""
    height, width = alpha.shape
    box = alpha_bbox(alpha) or (0, 0, width, height)
    box = expand_box(box, MARGIN, (width, height))
    l, t, r, b = box
    a = alpha[t:b, l:r]
    radius = max(2, round(0.02 * max(r - l, b - t)))
    colours = estimate_foreground(rgb[t:b, l:r], a, radius)
    face_box = shift_box(face.box, box) if face else None
    return Subject(rgba(colours, a), kind, box, face_box)


def _head_crop(image: Image.Image, face: Face) -> Subject:
    """Soft rounded crop around head and shoulders when the matte missed the person."""
    l, t, r, b = face.box
    w, h = r - l, b - t
    box = (max(0, l - w), max(0, round(t - 0.8 * h)), min(image.width, r + w), min(image.height, round(b + 1.6 * h)))
    return _soft_crop(image, box, face)


def _soft_crop(image: Image.Image, box: PxBox, face: Face | None = None) -> Subject:
    l, t, r, b = box
    short = min(r - l, b - t)
    alpha = rounded_rect_alpha(r - l, b - t, CROP_RADIUS * short, CROP_FEATHER * short)
    rgb = np.asarray(image.crop(box).convert("RGB"))
    face_box = shift_box(face.box, box) if face else None
    return Subject(rgba(rgb, alpha), "subject", box, face_box)


def _framed(image: Image.Image, notes: list[str]) -> SubjectSet:
    short = min(image.size)
    alpha = rounded_rect_alpha(image.width, image.height, FRAME_RADIUS * short, 1.0)
    subject = Subject(rgba(np.asarray(image), alpha), "framed", (0, 0, image.width, image.height))
    return SubjectSet([subject], notes)


def _no_person(image: Image.Image) -> SubjectSet:
    rgb = np.asarray(image)
    alpha = plain_object(rgb)
    if alpha is not None:
        subject = _cut(rgb, alpha, None, kind="subject")
        return SubjectSet([subject], ["No person found; cut the object out from its plain background."])
    work, scale = downscaled_rgb(image, SALIENT_WORK_SIDE)
    cut = salient_cutout(work)
    if cut.clear and cut.alpha is not None:
        matte = cut.alpha
        if scale != 1.0:
            matte = cv2.resize(matte, image.size, interpolation=cv2.INTER_LINEAR)
        subject = _cut(rgb, matte, None, kind="subject")
        return SubjectSet([subject], [f"No person found; cut out the main subject ({cut.reason})."])
    return _framed(image, [f"No person or clear subject found ({cut.reason}); the photo is used as a scene."])


def _area(box: PxBox) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])
