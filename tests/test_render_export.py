import io

import numpy as np
import pytest
from PIL import Image, ImageCms

from routix.errors import InvalidInput
from routix.render import to_jpeg, to_png, to_webp
from routix.render.export import YOUTUBE_MAX_BYTES, encode_jpeg


def gradient_image(size=(320, 180)):
    w, h = size
    x = np.linspace(0, 255, w, dtype=np.uint8)
    arr = np.stack([np.tile(x, (h, 1)), np.tile(x[::-1], (h, 1)), np.full((h, w), 90, np.uint8)], axis=2)
    return Image.fromarray(arr, "RGB")


def test_jpeg_is_baseline_420_srgb_and_faithful():
    im = gradient_image()
    data = to_jpeg(im)
    out = Image.open(io.BytesIO(data))
    assert out.format == "JPEG" and out.size == im.size and out.mode == "RGB"
    assert not (out.info.get("progressive") or out.info.get("progression"))  # baseline: fastest encode
    assert out.layer[0][1:3] == (2, 2)  # luma sampled 2x2 relative to chroma: 4:2:0
    profile = ImageCms.ImageCmsProfile(io.BytesIO(out.info["icc_profile"]))
    assert "sRGB" in ImageCms.getProfileDescription(profile)
    diff = np.abs(np.asarray(out, dtype=int) - np.asarray(im, dtype=int)).mean()
    assert diff < 2


def test_jpeg_flattens_alpha_on_black():
    im = Image.new("RGBA", (64, 64), (255, 255, 255, 0))
    out = Image.open(io.BytesIO(to_jpeg(im)))
    assert max(out.getpixel((32, 32))) < 8


@pytest.mark.slow
def test_noisy_cover_jpeg_stays_under_youtube_limit():
    rng = np.random.default_rng(1)
    noise = Image.fromarray(rng.integers(0, 256, (3000, 3000, 3), dtype=np.uint8), "RGB")
    data = to_jpeg(noise)
    assert len(data) <= YOUTUBE_MAX_BYTES
    assert Image.open(io.BytesIO(data)).size == (3000, 3000)


def test_jpeg_lowers_quality_only_as_needed():
    rng = np.random.default_rng(2)
    noise = Image.fromarray(rng.integers(0, 256, (400, 400, 3), dtype=np.uint8), "RGB")
    full = to_jpeg(noise, max_bytes=10**9)
    capped = to_jpeg(noise, max_bytes=len(full) // 3)
    assert len(capped) <= len(full) // 3
    # it is the highest quality that fits: one step up would not
    quality = next(q for q in range(92, 0, -1) if encode_jpeg(noise, q) == capped)
    assert len(encode_jpeg(noise, quality + 1)) > len(full) // 3


def test_jpeg_rejects_bad_arguments():
    with pytest.raises(InvalidInput):
        to_jpeg(gradient_image(), quality=0)
    with pytest.raises(InvalidInput):
        to_jpeg(gradient_image(), max_bytes=0)


def test_png_is_lossless_and_keeps_alpha():
    im = Image.new("RGBA", (10, 10), (1, 2, 3, 40))
    out = Image.open(io.BytesIO(to_png(im)))
    assert out.format == "PNG" and out.mode == "RGBA" and out.getpixel((5, 5)) == (1, 2, 3, 40)
    assert "icc_profile" in out.info


def test_webp_roundtrip():
    im = gradient_image()
    out = Image.open(io.BytesIO(to_webp(im, quality=90)))
    assert out.format == "WEBP" and out.size == im.size
    assert np.abs(np.asarray(out.convert("RGB"), dtype=int) - np.asarray(im, dtype=int)).mean() < 3
    with pytest.raises(InvalidInput):
        to_webp(im, quality=101)
