"""Vision: load images safely, find faces, cut out people and subjects.

Public API (MediaPipe is imported lazily, on the first model call):

* :func:`load_image` - path/bytes -> clean upright 8-bit RGB/RGBA ``PIL.Image`` or InvalidImage.
* :func:`detect_faces` - image -> list of :class:`Face` (px boxes, scores, keypoints).
* :func:`person_matte` - image -> HxW float32 alpha 0..1 of the people.
* :func:`extract_subjects` - image -> :class:`SubjectSet` of RGBA cutouts + report notes.
"""

from .faces import Face, detect_faces
from .io import load_image
from .runtime import ModelUnavailable
from .segment import person_matte
from .subjects import Subject, SubjectSet, extract_subjects

__all__ = [
    "Face",
    "ModelUnavailable",
    "Subject",
    "SubjectSet",
    "detect_faces",
    "extract_subjects",
    "load_image",
    "person_matte",
]
