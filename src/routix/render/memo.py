"""``CanvasMemo``: memoise a pure renderer function of a canvas size without hoarding big canvases.

Procedural art and vignette maps are pure functions of their arguments and worth keeping for the
next render of the same design, but one 3000x3000 RGB result is 27 MB: a cache of a few of them
makes a long-running worker's memory grow by hundreds of MB over jobs. ``CanvasMemo`` keeps the
last ``small`` results for canvases of at most ``SMALL_CANVAS_PIXELS`` and the last ``large`` for
bigger ones.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, update_wrapper
from typing import Any, Generic, TypeVar

R = TypeVar("R")

#: Canvases of at most this many pixels (1920x1080) count as small.
SMALL_CANVAS_PIXELS = 1920 * 1080


class CanvasMemo(Generic[R]):
    """``fn`` memoised per canvas size class (module docstring). ``size_arg``: the position of the
    ``(w, h)`` px argument. Results are shared between callers: they must only be read."""

    def __init__(self, fn: Callable[..., R], *, small: int, large: int = 1, size_arg: int = 0) -> None:
        self._small = lru_cache(maxsize=small)(fn)
        self._large = lru_cache(maxsize=large)(fn)
        self._size_arg = size_arg
        update_wrapper(self, fn)

    def __call__(self, *args: Any) -> R:
        w, h = args[self._size_arg]
        return (self._small if w * h <= SMALL_CANVAS_PIXELS else self._large)(*args)

    def cache_clear(self) -> None:
        """Forget every kept result."""
        self._small.cache_clear()
        self._large.cache_clear()


__all__ = ["SMALL_CANVAS_PIXELS", "CanvasMemo"]
