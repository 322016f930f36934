"""Asset stores the pipeline and the renderer share.

A design refers to images by string reference (``assets/subject-1.png``). The in-memory
store keeps them during a generation; :func:`save_assets` writes them next to the design so
``routix render design.json`` can resolve them later through :class:`DirectoryAssets`.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections import OrderedDict
from pathlib import Path

from PIL import Image

from routix.errors import InvalidInput, NotFound

_SAFE_HINT = re.compile(r"[^a-z0-9-]+")


class FolderSink:
    """OutputSink writing each output ``name`` to ``root / name`` at once (folders created as
    needed). For scripts and tests; ``routix generate`` stages its outputs instead."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def put(self, name: str, data: bytes, content_type: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


class MemoryAssets:
    """Asset store held in memory. References look like ``assets/<hint>-<n>.png``."""

    def __init__(self) -> None:
        self._images: dict[str, Image.Image] = {}

    def put(self, image: Image.Image, *, hint: str) -> str:
        stem = _SAFE_HINT.sub("-", hint.lower()).strip("-") or "asset"
        n = 1
        while f"assets/{stem}-{n}.png" in self._images:
            n += 1
        ref = f"assets/{stem}-{n}.png"
        self._images[ref] = image
        return ref

    def get(self, ref: str) -> Image.Image:
        try:
            return self._images[ref]
        except KeyError:
            raise NotFound(f"unknown asset reference {ref!r}") from None

    def __call__(self, ref: str) -> Image.Image:
        return self.get(ref)

    def items(self) -> list[tuple[str, Image.Image]]:
        return list(self._images.items())

    def encoded(self) -> dict[str, bytes]:
        """Every asset as PNG bytes keyed by its reference (a path relative to the design)."""
        return {ref: encode_png(image) for ref, image in self._images.items()}


#: PNG bytes of the last assets encoded, by the digest of their pixels: hero icons (one icon, one
#: tone: the same pixels) and brand logos come again from one design to the next.
PNG_CACHE_SIZE = 32
_png_cache: OrderedDict[bytes, bytes] = OrderedDict()
_png_lock = threading.Lock()


def encode_png(image: Image.Image) -> bytes:
    """``image`` as PNG (zlib level 1: fast, it is written on the way to the thumbnail), from
    ``PNG_CACHE_SIZE`` recently encoded images when the same pixels come again."""
    digest = hashlib.sha1(f"{image.mode}{image.size}".encode(), usedforsecurity=False)
    digest.update(image.tobytes())  # sha1: the fastest digest here; a cache key, not a signature
    key = digest.digest()
    with _png_lock:
        data = _png_cache.get(key)
        if data is not None:
            _png_cache.move_to_end(key)
            return data
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False, compress_level=1)
    data = buf.getvalue()
    with _png_lock:
        _png_cache[key] = data
        while len(_png_cache) > PNG_CACHE_SIZE:
            _png_cache.popitem(last=False)
    return data


class DirectoryAssets:
    """Resolve asset references as paths relative to ``root`` (the design file's folder).

    References that escape ``root`` (``../x.png``, absolute paths) raise InvalidInput.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def get(self, ref: str) -> Image.Image:
        from routix.vision import load_image

        path = (self.root / ref).resolve()
        if not path.is_relative_to(self.root):
            raise InvalidInput(f"asset reference {ref!r} points outside {self.root}")
        if not path.is_file():
            raise NotFound(f"asset {ref!r} not found in {self.root}")
        return load_image(path)

    def __call__(self, ref: str) -> Image.Image:
        return self.get(ref)
