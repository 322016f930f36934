"""The generation pipeline and algorithms (ports in, files out)."""

from __future__ import annotations

from routix.errors import InvalidInput
from routix.generate.assets import DirectoryAssets, FolderSink, MemoryAssets
from routix.generate.lightning import LightningAlgorithm
from routix.generate.pipeline import (
    GenerationRequest,
    GenerationResult,
    OutputSink,
    Thumbnail,
    generate,
    make_thumbnail,
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

    try:
        return ALGORITHMS[name]()
    except KeyError:
        raise InvalidInput(f"unknown algorithm {name!r}; choose one of {sorted(ALGORITHMS)}") from None


__all__ = [
    "ALGORITHMS", "Algorithm", "AssetStore", "Designer", "DirectoryAssets", "FolderSink", "GenerationRequest",
    "GenerationResult", "LightningAlgorithm", "MemoryAssets", "OfflineDesigner", "OutputSink", "Progress",
    "ProgressCallback", "Thumbnail", "generate", "get_algorithm", "make_thumbnail", "result_summary",
]
