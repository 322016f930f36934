"""Process-wide lazily built objects (models, indexes): built once, on first use, thread-safe."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Singleton(Generic[T]):
    """A zero-argument callable that runs ``factory`` once and returns that same object ever after.

    Wraps ``factory`` like :func:`functools.wraps` (name, docstring); :meth:`reset` forgets the
    built object so the next call builds a new one (tests).
    """

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._built: list[T] = []
        functools.update_wrapper(self, factory)

    def __call__(self) -> T:
        if not self._built:
            with self._lock:
                if not self._built:
                    self._built.append(self._factory())
        return self._built[0]

    def reset(self) -> None:
        with self._lock:
            self._built.clear()


def process_singleton(factory: Callable[[], T]) -> Singleton[T]:
    """Decorator: the first call runs ``factory`` (under a lock, so two threads never build two
    copies of a heavy model); every later call returns that same object."""
    return Singleton(factory)
