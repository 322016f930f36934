"""``warm_up()``: load what every generation needs before the first one arrives.

A worker process loads its models and indexes lazily, on the first job that needs them; the user
of that job would wait for the loading (seconds, against a thumbnail in a few hundred
milliseconds). A worker process calls ``warm_up`` once before it takes jobs: it runs the first
phase of one text-only generation with the offline ports into a sink that keeps nothing, which
loads the MiniLM embedder, the template and icon indexes, the offline planner, the fonts and
the renderer's imports. The vision models (faces, cut-outs) stay lazy: only requests with a photo
need them.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger("routix.generate")

#: The request the warm-up renders (text only: no vision model is loaded).
WARM_UP_PROMPT = "gaming thumbnail with explosions"


class _Discard:
    """``OutputSink`` that keeps nothing."""

    def put(self, name: str, data: bytes, content_type: str) -> None:
        pass


def warm_up() -> float:
    """Render one text-only thumbnail with the offline ports and drop it; returns the seconds it
    took. Never raises: a failure is logged and the first real job loads what it needs."""
    started = time.perf_counter()
    try:
        from routix.assembly import assemble
        from routix.generate.assets import MemoryAssets
        from routix.generate.pipeline import GenerationRequest, make_thumbnail

        ports = assemble(None)
        make_thumbnail(GenerationRequest(prompt=WARM_UP_PROMPT, title="Ready"), planner=ports.planner,
                       index=ports.index, algorithm=ports.algorithm, assets=MemoryAssets(), sink=_Discard(),
                       designer=ports.designer)
    except Exception:  # an optimisation: the jobs load lazily anyway
        log.warning("warming up the generation pipeline failed", exc_info=True)
    return time.perf_counter() - started


__all__ = ["WARM_UP_PROMPT", "warm_up"]
