"""Keeping the process's resident memory low (glibc malloc tuning; no-ops elsewhere).

Rendering a 3000x3000 cover allocates and frees a few hundred MB in worker threads. glibc keeps
freed heap pages and gives each thread its own arena, so without help the peak RSS of one
`routix generate` grows by the sum of what every thread ever held.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_ARENA_MAX = -8  # from glibc's <malloc.h>


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def release_memory() -> None:
    """Return freed heap pages to the OS (glibc ``malloc_trim(0)``)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def limit_malloc_arenas(arenas: int = 2) -> None:
    """Cap glibc's per-thread malloc arenas (``mallopt(M_ARENA_MAX, arenas)``) for threads
    started afterwards; call once at process start. Fewer arenas, less retained memory."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(M_ARENA_MAX, arenas)
