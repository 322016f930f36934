"""The generation pipeline and algorithms (ports in, files out)."""

from __future__ import annotations

from routix.generate.assets import DirectoryAssets, MemoryAssets
from routix.generate.lightning import LightningAlgorithm
from routix.generate.pipeline import (
    GenerationRequest,
    GenerationResult,
    OutputSink,
    generate,
    result_summary,
)
from routix.generate.ports import (
    Algorithm,
    AssetStore,
    Designer,
    OfflineDesigner,
    Progress,
    ProgressCallback,
)

ALGORITHMS = {"lightning": LightningAlgorithm}


def get_algorithm(name: str = "lightning") -> Algorithm:
    """The algorithm registered under ``name``; raises InvalidInput for unknown names."""
    from routix.errors import InvalidInput

    try:
        return ALGORITHMS[name]()
    except KeyError:
        raise InvalidInput(f"unknown algorithm {name!r}; choose one of {sorted(ALGORITHMS)}") from None


def run_generate(
    request: GenerationRequest,
    *,
    sink: OutputSink,
    progress: ProgressCallback | None = None,
    algorithm: str = "lightning",
    ocr: bool = True,
) -> GenerationResult:
    """``generate`` with the embedded default ports: offline planner, starter template index,
    the named algorithm and an in-memory asset store."""
    from routix.brief import get_planner
    from routix.templates import starter_index

    return generate(
        request, planner=get_planner(), index=starter_index(), algorithm=get_algorithm(algorithm),
        assets=MemoryAssets(), sink=sink, progress=progress, ocr=ocr,
    )


__all__ = [
    "ALGORITHMS", "Algorithm", "AssetStore", "Designer", "DirectoryAssets", "GenerationRequest", "GenerationResult",
    "LightningAlgorithm", "MemoryAssets", "OfflineDesigner", "OutputSink", "Progress", "ProgressCallback", "generate",
    "get_algorithm", "result_summary", "run_generate",
]
