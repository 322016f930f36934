"""extract_subjects: people, several people, objects, logos and flat images."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from routix.vision import extract_subjects, load_image

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg"
FIXTURES = ROOT / "tests" / "fixtures"


def _alpha(subject) -> np.ndarray:
    assert subject.image.mode == "RGBA"
    return np.asarray(subject.image.getchannel("A"))


def _inside(box, outer) -> bool:
    return outer[0] <= box[0] < box[2] <= outer[2] and outer[1] <= box[1] < box[3] <= outer[3]


def test_grace_hopper_becomes_one_person_cutout():
    found = extract_subjects(load_image(SAMPLE))
    assert len(found.subjects) == 1 and found.notes == []
    person = found.subjects[0]
    assert person.kind == "person"
    w, h = person.image.size
    assert _inside(person.source_box, (0, 0, 512, 600))
    assert (w, h) == (person.source_box[2] - person.source_box[0], person.source_box[3] - person.source_box[1])
    assert person.face_box is not None and _inside(person.face_box, (0, 0, w, h))
    alpha = _alpha(person)
    fl, ft, fr, fb = person.face_box
    fw, fh = fr - fl, fb - ft
    assert alpha[ft + fh // 5 : fb - fh // 5, fl + fw // 5 : fr - fw // 5].min() > 240
    assert alpha[:30, :30].mean() < 10 and alpha[:30, -30:].mean() < 10
    soft = ((alpha > 10) & (alpha < 245)).sum()
    assert soft > 500  # anti-aliased, feathered edge
    # nothing of the head is cut off: the hat's top is below the cutout's top edge
    assert alpha[0].max() < 128


def test_edge_colours_are_decontaminated():
    image = load_image(SAMPLE)
    person = extract_subjects(image).subjects[0]
    l, t, _, _ = person.source_box
    cut = np.asarray(person.image).astype(np.float32)
    src = np.asarray(image).astype(np.float32)[t : t + cut.shape[0], l : l + cut.shape[1]]
    alpha = cut[..., 3] / 255
    edge = (alpha > 0.1) & (alpha < 0.6)
    solid = alpha == 1.0
    assert np.abs(cut[solid][:, :3] - src[solid]).max() <= 1
    assert np.abs(cut[edge][:, :3] - src[edge]).mean() > 3  # edge colours were changed


def test_host_and_guest_become_two_people_left_to_right():
    from test_vision_faces import host_and_guest

    duo = host_and_guest()
    found = extract_subjects(duo)
    assert [s.kind for s in found.subjects] == ["person", "person"]
    left, right = found.subjects
    assert left.source_box[0] < right.source_box[0]
    assert (left.source_box[0] + left.source_box[2]) / 2 < 512 < (right.source_box[0] + right.source_box[2]) / 2
    for s in found.subjects:
        fl, ft, fr, fb = s.face_box
        face_centre_x = s.source_box[0] + (fl + fr) / 2
        assert (face_centre_x < 512) == (s is left)
    # each cutout keeps (almost) nothing of the other person
    assert _alpha(left)[:, 512 + 40 - left.source_box[0] :].mean() < 5
    assert found.host is left  # Grace's face is the larger one
    assert any("2 people" in n for n in found.notes)


def test_exif_rotated_upload_is_upright_and_face_is_found(tmp_path):
    upright = load_image(SAMPLE)
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "phone.jpg"
    upright.transpose(Image.Transpose.ROTATE_90).save(path, quality=95, exif=exif)
    found = extract_subjects(path)
    assert found.source_size == (512, 600)
    assert found.subjects[0].kind == "person" and len(found.faces) == 1


def _product_photo() -> Image.Image:
    photo = Image.new("RGB", (800, 600), (236, 236, 232))
    draw = ImageDraw.Draw(photo)
    draw.rounded_rectangle((300, 150, 500, 480), radius=30, fill=(200, 30, 40))
    draw.ellipse((330, 200, 470, 300), fill=(250, 220, 60))
    draw.rectangle((360, 110, 440, 150), fill=(40, 40, 40))
    return photo


def test_product_on_plain_background_is_cut_out():
    found = extract_subjects(_product_photo())
    (subject,) = found.subjects
    assert subject.kind == "subject" and subject.face_box is None
    assert found.notes and found.notes[0].startswith("No person found")
    l, t, r, b = subject.source_box
    assert l <= 300 and t <= 110 and r >= 500 and b >= 480
    assert r - l < 260 and b - t < 420  # tight, small margin
    alpha = _alpha(subject)
    assert alpha[0, 0] == 0  # background removed
    centre = alpha[alpha.shape[0] // 2, alpha.shape[1] // 2]
    assert centre == 255


@pytest.mark.parametrize("name", ["chelsea.jpg", "coffee.jpg"])
def test_natural_photo_without_person_falls_back(name):
    image = load_image(FIXTURES / name)
    found = extract_subjects(image)
    (subject,) = found.subjects
    assert subject.kind in ("subject", "framed")
    assert found.notes[0].startswith("No person")
    alpha = _alpha(subject)
    assert alpha[0, 0] < 20 and alpha[alpha.shape[0] // 2, alpha.shape[1] // 2] == 255
    assert ((alpha > 0) & (alpha < 255)).any()  # feathered / anti-aliased edge


def test_flat_image_is_framed_with_rounded_corners():
    y = np.linspace(0, 1, 400)[:, None, None]
    sky = (np.array([80, 140, 220]) * (1 - y) + np.array([230, 200, 150]) * y) * np.ones((1, 600, 1))
    found = extract_subjects(Image.fromarray(sky.astype(np.uint8)))
    (subject,) = found.subjects
    assert subject.kind == "framed" and subject.source_box == (0, 0, 600, 400)
    alpha = _alpha(subject)
    assert alpha[0, 0] == 0 and alpha[200, 300] == 255 and alpha[0, 300] == 255


def test_transparent_logo_passes_through_trimmed():
    logo = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((100, 60, 300, 240), fill=(20, 120, 255, 255))
    found = extract_subjects(logo)
    (subject,) = found.subjects
    assert subject.kind == "subject" and subject.source_box == (100, 60, 301, 241)
    assert np.array_equal(np.asarray(subject.image), np.asarray(logo.crop((100, 60, 301, 241))))


def test_bytes_input_and_invalid_bytes():
    from routix.errors import InvalidImage

    assert extract_subjects(SAMPLE.read_bytes()).subjects[0].kind == "person"
    with pytest.raises(InvalidImage):
        extract_subjects(b"not an image at all")


@pytest.mark.parametrize("size", [(1, 1), (3, 200), (200, 3)])
def test_tiny_images_never_crash_or_return_nothing(size):
    found = extract_subjects(Image.new("RGB", size, (120, 60, 30)))
    assert len(found.subjects) == 1
