"""Vision: load images safely, find faces, cut out people and subjects.

Public API (MediaPipe is imported lazily, on the first model call):

* :func:`load_image` - path/bytes -> clean upright 8-bit RGB/RGBA ``PIL.Image`` or InvalidImage.
* :func:`detect_faces` - image -> list of :class:`Face` (px boxes, scores, keypoints).
* :func:`person_matte` - image -> HxW float32 alpha 0..1 of the people.
* :func:`extract_subjects` - image -> :class:`SubjectSet` of RGBA cutouts + report notes.
* :func:`guess_role` - image -> :class:`RoleGuess` (person, object, logo or scene).
"""

from routix.vision.faces import Face, detect_faces
from routix.vision.io import load_image
from routix.vision.roles import ROLES, Role, RoleGuess, guess_role
from routix.vision.runtime import ModelUnavailable
from routix.vision.segment import person_matte
from routix.vision.subjects import Subject, SubjectSet, extract_subjects

__all__ = [
    "ROLES",
    "Face",
    "ModelUnavailable",
    "Role",
    "RoleGuess",
    "Subject",
    "SubjectSet",
    "detect_faces",
    "extract_subjects",
    "guess_role",
    "load_image",
    "person_matte",
]
