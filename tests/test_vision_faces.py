"""detect_faces on real photos."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from routix.vision import detect_faces, load_image
from routix.vision.faces import KEYPOINT_NAMES, iou

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg"
FIXTURES = ROOT / "tests" / "fixtures"


def host_and_guest() -> Image.Image:
    """Grace Hopper (left) and Eileen Collins (right), side by side, 1112x600."""
    grace = load_image(SAMPLE)
    guest = load_image(FIXTURES / "astronaut.jpg").resize((600, 600))
    duo = Image.new("RGB", (1112, 600))
    duo.paste(grace, (0, 0))
    duo.paste(guest, (512, 0))
    return duo


def test_finds_grace_hoppers_face_where_it_is():
    faces = detect_faces(load_image(SAMPLE))
    assert len(faces) == 1
    face = faces[0]
    cx, cy = face.center
    # her face (glasses to chin) is centred near x=265, y=240 in the 512x600 photo
    assert 220 < cx < 310 and 190 < cy < 290
    assert 150 < face.width < 260 and face.score > 0.7
    assert set(face.keypoints) == set(KEYPOINT_NAMES)
    eyes_y = (face.keypoints["right_eye"][1] + face.keypoints["left_eye"][1]) / 2
    assert eyes_y < face.keypoints["nose_tip"][1] < face.keypoints["mouth_center"][1]
    # the person's right eye is on the image's left
    assert face.keypoints["right_eye"][0] < face.keypoints["left_eye"][0]


def test_finds_both_people_in_a_host_and_guest_photo():
    faces = detect_faces(host_and_guest())
    assert len(faces) == 2
    xs = sorted(f.center[0] for f in faces)
    assert xs[0] < 512 < xs[1]
    assert faces[0].width >= faces[1].width  # largest first
    assert iou(faces[0].box, faces[1].box) == 0.0


def test_boxes_are_in_pixels_of_a_large_photo():
    small = load_image(SAMPLE)
    large = small.resize((small.width * 4, small.height * 4), Image.Resampling.BICUBIC)
    (face_small,) = detect_faces(small)
    (face_large,) = detect_faces(large)
    scaled = tuple(v * 4 for v in face_small.box)
    assert iou(face_large.box, scaled) > 0.7


def test_no_face_in_photos_without_people():
    assert detect_faces(load_image(FIXTURES / "coffee.jpg")) == []
    assert detect_faces(Image.new("RGB", (300, 200), (40, 90, 200))) == []


def test_iou():
    assert iou((0, 0, 10, 10), (0, 0, 10, 10)) == 1.0
    assert iou((0, 0, 10, 10), (5, 0, 15, 10)) == 50 / 150
    assert iou((0, 0, 10, 10), (20, 20, 30, 30)) == 0.0
