"""MemoryAssets' PNG bytes: lossless, and the same pixels encoded once for a run of designs."""

from __future__ import annotations

import io

from PIL import Image

from routix.generate import assets as assets_module
from routix.generate.assets import MemoryAssets, encode_png


def _icon(shade: int) -> Image.Image:
    image = Image.linear_gradient("L").resize((96, 64)).convert("RGBA")
    image.putpixel((3, 4), (shade, 0, 0, 128))
    return image


def test_encoded_assets_are_lossless_pngs_keyed_by_reference():
    store = MemoryAssets()
    ref = store.put(_icon(7), hint="Hero Icon!")
    encoded = store.encoded()
    assert list(encoded) == [ref] == ["assets/hero-icon-1.png"]
    decoded = Image.open(io.BytesIO(encoded[ref]))
    assert decoded.format == "PNG" and decoded.mode == "RGBA"
    assert decoded.tobytes() == _icon(7).tobytes()


def test_the_same_pixels_are_encoded_once(monkeypatch):
    saves = []
    real_save = Image.Image.save

    def counting_save(self, fp, *args, **kwargs):
        saves.append(self.size)
        return real_save(self, fp, *args, **kwargs)

    monkeypatch.setattr(assets_module, "_png_cache", type(assets_module._png_cache)())
    monkeypatch.setattr(Image.Image, "save", counting_save)
    first = encode_png(_icon(1))
    assert encode_png(_icon(1)) == first and len(saves) == 1  # a copy with the same pixels: cached
    assert encode_png(_icon(2)) != first and len(saves) == 2  # one pixel differs: encoded
    assert encode_png(_icon(1).convert("RGB")) != first  # same size, other mode: encoded
    for shade in range(3, 3 + assets_module.PNG_CACHE_SIZE):
        encode_png(_icon(shade))
    assert len(assets_module._png_cache) == assets_module.PNG_CACHE_SIZE  # bounded
    encode_png(_icon(1))
    assert saves.count((96, 64)) == 4 + assets_module.PNG_CACHE_SIZE  # the oldest was dropped: encoded again
