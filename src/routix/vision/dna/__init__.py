"""Design DNA, offline: what a reference thumbnail looks like, and the skeleton to rebuild it.

Public API::

    analyse_dna(image, *, ocr=True) -> StyleDNA     # palette, temperature, tone, energy,
                                                     # composition, faces, text, background, slots
    StyleDNA                                         # frozen pydantic model, JSON round-trippable
    energy_level(rms_contrast, saturation, edge_density) -> int   # the documented 1..10 formula

Pure: imports nothing from store/blobs/jobs/api. The template skeleton built from a StyleDNA
lives in :mod:`routix.templates.skeleton`.
"""

from routix.vision.dna.analyse import analyse_dna, energy_level
from routix.vision.dna.models import (
    Background,
    Composition,
    Contrast,
    FaceRegion,
    FocalPoint,
    PaletteColor,
    Slot,
    StyleDNA,
    TextRegion,
)

__all__ = [
    "Background", "Composition", "Contrast", "FaceRegion", "FocalPoint", "PaletteColor", "Slot",
    "StyleDNA", "TextRegion", "analyse_dna", "energy_level",
]
