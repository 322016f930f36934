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
    """``generate`` with the embedded, offline ports of :func:`routix.assembly.assemble`
    (no Services: offline planner, starter templates, Lightning) and an in-memory asset store.
    For the template library and configured algorithms, call ``assemble(services, ...)``."""
    from routix.assembly import assemble

    return assemble(None, algorithm).run(request, assets=MemoryAssets(), sink=sink, progress=progress, ocr=ocr)


__all__ = [
    "ALGORITHMS", "Algorithm", "AssetStore", "Designer", "DirectoryAssets", "GenerationRequest", "GenerationResult",
    "LightningAlgorithm", "MemoryAssets", "OfflineDesigner", "OutputSink", "Progress", "ProgressCallback", "generate",
    "get_algorithm", "result_summary", "run_generate",
]
