"""Face detection with MediaPipe BlazeFace (short-range + full-range sparse models).

The short-range model (128x128 input) is tuned for close-up portraits, the full-range sparse
model (192x192 input) for smaller faces and group shots. Both run on the same (downscaled)
image; their detections are merged by greedy non-maximum suppression (IoU > 0.3, highest score
kept) and sorted by face size, largest first.

Limit: the models see the whole image letterboxed to their input, so faces narrower than
about 1/20 of the image's long side are usually missed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from routix.vision.io import downscaled_rgb
from routix.vision.runtime import run_face_model

#: Long side (px) of the copy the detectors see; their inputs are 128/192 px anyway.
DETECT_MAX_SIDE = 1024
#: Two detections overlapping more than this IoU are the same face.
NMS_IOU = 0.3

#: MediaPipe BlazeFace keypoint order. "right"/"left" are the *person's* sides, so the
#: right eye appears on the image's left in a frontal photo.
KEYPOINT_NAMES = ("right_eye", "left_eye", "nose_tip", "mouth_center", "right_ear", "left_ear")

PxBox = tuple[int, int, int, int]


@dataclass(frozen=True)
class Face:
    """One detected face, in px of the analysed image.

    ``box`` is ``(left, top, right, bottom)``: a square around brows-to-chin (no hair), as
    BlazeFace reports it, clipped to the image. ``score`` is the detector confidence 0..1.
    ``keypoints`` maps a name from :data:`KEYPOINT_NAMES` to ``(x, y)`` px.
    """

    box: PxBox
    score: float
    keypoints: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]

    @property
    def center(self) -> tuple[float, float]:
        return ((self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2)


def detect_faces(image: Image.Image) -> list[Face]:
    """Find faces in ``image`` (any Pillow mode; alpha is ignored).

    Returns faces in px of ``image``, largest first (ties: left first). An image without a
    face gives ``[]``. Raises routix.vision.runtime.ModelUnavailable if a model cannot load.
    """
    rgb, scale = downscaled_rgb(image, DETECT_MAX_SIDE)
    found: list[Face] = []
    for model in ("short_range", "full_range"):
        found.extend(_to_face(d, scale, image.size) for d in run_face_model(model, rgb))
    kept = _nms([f for f in found if f.width > 1 and f.height > 1], NMS_IOU)
    return sorted(kept, key=lambda f: (-f.width * f.height, f.box[0]))


def iou(a: PxBox, b: PxBox) -> float:
    """Intersection over union of two ``(left, top, right, bottom)`` boxes, 0..1."""
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union



def _to_face(det: Any, scale: float, size: tuple[int, int]) -> Face:
    bb = det.bounding_box
    width, height = size
    left = min(max(round(bb.origin_x * scale), 0), width)
    top = min(max(round(bb.origin_y * scale), 0), height)
    right = min(max(round((bb.origin_x + bb.width) * scale), 0), width)
    bottom = min(max(round((bb.origin_y + bb.height) * scale), 0), height)
    score = max((c.score for c in det.categories), default=0.0)
    keypoints = {
        name: (kp.x * width, kp.y * height) for name, kp in zip(KEYPOINT_NAMES, det.keypoints, strict=False)
    }
    return Face(box=(left, top, right, bottom), score=float(score), keypoints=keypoints)


def _nms(faces: list[Face], threshold: float) -> list[Face]:
    """Greedy non-maximum suppression: keep the best-scoring face of each overlapping group."""
    kept: list[Face] = []
    for face in sorted(faces, key=lambda f: -f.score):
        if all(iou(face.box, k.box) <= threshold for k in kept):
            kept.append(face)
    return kept
