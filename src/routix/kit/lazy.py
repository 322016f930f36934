"""Process-wide lazily built objects (models, indexes): built once, on first use, thread-safe."""

from __future__ import annotations

import functools
import threading
from typing import Callable, TypeVar

T = TypeVar("T")


def process_singleton(factory: Callable[[], T]) -> Callable[[], T]:
    """Decorator: the first call runs ``factory`` (under a lock, so two threads never build two
    copies of a heavy model); every later call returns that same object."""
    lock = threading.Lock()
    built: list[T] = []

    @functools.wraps(factory)
    def get() -> T:
        if not built:
            with lock:
                if not built:
                    built.append(factory())
        return built[0]

    get.reset = built.clear  # type: ignore[attr-defined]  (tests: forget the built object)
    return get
