"""Shared fixtures: real photos and hostile files."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "routix" / "samples" / "grace_hopper.jpg"


@pytest.fixture(scope="session")
def photo_path() -> Path:
    """A real public-domain portrait (Grace Hopper, from matplotlib's sample data)."""
    return SAMPLE


def pixel_bomb_png(path: Path, width: int = 20000, height: int = 20000) -> Path:
    """A PNG whose header claims ``width`` x ``height`` px but whose data is tiny."""
    raw = zlib.compress(b"\x00" * 16)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
    return path


@pytest.fixture
def bad_images(tmp_path: Path, photo_path: Path) -> dict[str, Path]:
    """One file per kind of bad input the CLI must refuse with a clear error."""
    files: dict[str, Path] = {}
    files["not_an_image"] = tmp_path / "notes.jpg"
    files["not_an_image"].write_text("this is not a photo\n")
    data = photo_path.read_bytes()
    files["truncated"] = tmp_path / "truncated.jpg"
    files["truncated"].write_bytes(data[: len(data) // 3])
    files["pixel_bomb"] = pixel_bomb_png(tmp_path / "bomb.png")
    files["cmyk"] = tmp_path / "cmyk.jpg"
    Image.open(photo_path).convert("CMYK").save(files["cmyk"])
    files["16bit"] = tmp_path / "deep.png"
    Image.fromarray((np.random.default_rng(0).random((64, 64)) * 65535).astype(np.uint16)).save(files["16bit"])
    files["animated_gif"] = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (64, 64), c) for c in ("red", "blue")]
    frames[0].save(files["animated_gif"], save_all=True, append_images=frames[1:], duration=100, loop=0)
    files["missing"] = tmp_path / "nope.jpg"
    return files


@pytest.fixture(scope="session")
def generated_dir(tmp_path_factory, photo_path: Path) -> Path:
    """What ``routix generate`` writes (design.json, assets/, thumbnails), made once offline from
    the sample photo: procedural background, the person's cut-out, title "The First Computer Bug"."""
    from routix.assembly import run_generate
    from routix.generate import FolderSink, GenerationRequest
    from routix.vision import load_image

    folder = tmp_path_factory.mktemp("generated")
    request = GenerationRequest(prompt="tech explainer about the first computer bug, bold",
                                faces=[load_image(photo_path)], title="The First Computer Bug", seed=7)
    run_generate(request, sink=FolderSink(folder), ocr=False)
    return folder
