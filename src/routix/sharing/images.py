"""A public item's image at the feed sizes: the stored 1280x720 thumbnail scaled down.

Sizes (``name: (width, height)`` px, all 16:9): ``large`` 1280x720 (the page and the Open
Graph / Twitter card image), ``medium`` 640x360 (discover cards), ``small`` 320x180 (lists).
Scaled JPEGs are kept in a small in-process LRU keyed by the blob key and size; the
publication is checked by the route before this is called, on every request.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable

from PIL import Image

from routix.errors import InvalidInput

#: size name -> (width, height) px
FEED_SIZES: dict[str, tuple[int, int]] = {"large": (1280, 720), "medium": (640, 360), "small": (320, 180)}
#: scaled images kept in memory
_MAX_CACHED = 256
_cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
_lock = threading.Lock()


def scaled_jpeg(key: str, size: str, load: Callable[[str], bytes]) -> bytes:
    """The JPEG bytes of blob ``key`` at feed size ``size``; ``load(key)`` reads the blob.
    Raises InvalidInput for an unknown size."""
    if size not in FEED_SIZES:
        raise InvalidInput(f"size must be one of {', '.join(FEED_SIZES)}")
    with _lock:
        found = _cache.get((key, size))
        if found is not None:
            _cache.move_to_end((key, size))
            return found
    data = load(key)
    width, height = FEED_SIZES[size]
    with Image.open(io.BytesIO(data)) as image:
        if image.size != (width, height):
            picture = image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=85, optimize=True, progressive=True)
            data = out.getvalue()
    with _lock:
        _cache[(key, size)] = data
        while len(_cache) > _MAX_CACHED:
            _cache.popitem(last=False)
    return data


__all__ = ["FEED_SIZES", "scaled_jpeg"]
