"""Any subject on real photos: the role guessed, the cut-out, no blob from a photo without a subject."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from routix.vision import extract_subjects, load_image
from routix.vision.roles import guess_role

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
PHOTOS = {
    "grace_hopper": ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg",
    "astronaut": FIXTURES / "astronaut.jpg",
    "chelsea": FIXTURES / "chelsea.jpg",
    "coffee": FIXTURES / "coffee.jpg",
    "rocket": FIXTURES / "photos" / "rocket.jpg",
    "hubble": FIXTURES / "photos" / "hubble_deep_field.jpg",
    "logo": FIXTURES / "photos" / "skimage_logo.png",
}


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("grace_hopper", "person"),
        ("astronaut", "person"),
        ("chelsea", "object"),  # an animal
        ("coffee", "object"),  # a product
        ("rocket", "scene"),  # a thin vehicle in a wide landscape: nothing to cut out
        ("hubble", "scene"),  # a star field
        ("logo", "logo"),
    ],
)
def test_role_is_guessed(name, role):
    image = load_image(PHOTOS[name])
    assert guess_role(image).role == role


def _coverage(alpha: np.ndarray) -> tuple[float, float]:
    """(share of the cut-out's box that is foreground, largest component's share of it)."""
    mask = (alpha > 127).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    largest = stats[1:, cv2.CC_STAT_AREA].max() if count > 1 else 0
    return float(mask.mean()), float(largest / max(1, mask.sum()))


@pytest.mark.parametrize(("name", "low", "high"), [("chelsea", 0.45, 0.95), ("coffee", 0.4, 0.9)])
def test_object_cutout_is_one_solid_piece_with_background_removed(name, low, high):
    image = load_image(PHOTOS[name])
    found = extract_subjects(image)
    (subject,) = found.subjects
    assert subject.kind == "subject" and subject.face_box is None
    alpha = np.asarray(subject.image.getchannel("A"))
    foreground, main = _coverage(alpha)
    assert low <= foreground <= high  # the object, not the whole photo and not a speck
    assert main >= 0.95  # no blob: one connected component covers almost all of the mask
    # the background really went: the source's corners are outside the cut-out or transparent
    l, t, _, _ = subject.source_box
    full = np.zeros(image.size[::-1], np.uint8)
    full[t : t + alpha.shape[0], l : l + alpha.shape[1]] = alpha
    share_of_photo = float((full > 127).mean())
    assert share_of_photo < 0.75
    assert "cut out the main subject" in found.notes[0]


def test_coffee_cutout_keeps_cup_and_drops_table():
    image = load_image(PHOTOS["coffee"])
    subject = extract_subjects(image).subjects[0]
    l, t, r, b = subject.source_box
    alpha = np.asarray(subject.image.getchannel("A"))
    # the cup's rim (top middle of the photo) is in; the table at the far right is out
    assert alpha[max(0, 60 - t), 220 - l] > 200
    assert r < 560 or alpha[:, -1].mean() < 20


@pytest.mark.parametrize("name", ["rocket", "hubble"])
def test_photo_without_clear_subject_is_a_scene_never_a_blob(name):
    image = load_image(PHOTOS[name])
    found = extract_subjects(image)
    (subject,) = found.subjects
    assert subject.kind == "framed" and subject.source_box == (0, 0, *image.size)
    assert found.faces == []  # the detector's unsure "face" in the sky is ignored
    assert any("used as a scene" in n for n in found.notes)
    alpha = np.asarray(subject.image.getchannel("A"))
    assert alpha[alpha.shape[0] // 2, alpha.shape[1] // 2] == 255 and alpha.mean() > 240


def test_transparent_logo_keeps_its_own_alpha():
    image = load_image(PHOTOS["logo"])
    found = extract_subjects(image)
    (subject,) = found.subjects
    assert subject.kind == "subject" and found.notes == ["Used the image's own transparency."]
    alpha = np.asarray(subject.image.getchannel("A"))
    assert alpha[0, 0] == 0 and alpha[alpha.shape[0] // 2, alpha.shape[1] // 2] == 255
