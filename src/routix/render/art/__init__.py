"""Procedural background art of the local generation algorithm (Routix Lightning).

Public API::

    paint(motif, size, palette, seed, intensity=0.7) -> PIL.Image.Image   # RGB, exactly size
    MOTIFS: dict[str, MotifInfo]                                           # name -> metadata
    choose_motif(elements, category, energy, seed) -> str                 # motif name

Every motif is a pure function of its arguments: the same call gives the same pixels, and
the composition is laid out in normalised units (see :mod:`.canvas`), so a 3000x3000 cover
shows the same picture as a 1280x720 thumbnail, adapted to the aspect.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from types import ModuleType

import numpy as np
from PIL import Image

from routix.errors import InvalidInput
from routix.render.art.canvas import Canvas
from routix.render.art.choose import choose_from
from routix.render.art.colors import Palette
from routix.render.art.info import MotifInfo

__all__ = ["MOTIFS", "MotifInfo", "choose_motif", "paint"]

#: Motif modules, in listing order; each defines ``INFO: MotifInfo`` and
#: ``render(canvas, palette, rng, intensity) -> (H, W, 3) uint8``.
_MOTIF_NAMES = (
    "fire_burst",
    "neon_grid",
    "light_rays",
    "bokeh",
    "stock_chart",
    "sunset",
    "comic_burst",
    "soft_mesh",
    "circuit",
    "speed_lines",
    "confetti",
    "starfield",
    "fog",
    "nature",
    "tabletop",
    "night_sky",
)
_MODULES: dict[str, ModuleType] = {n: importlib.import_module(f"{__name__}.{n}") for n in _MOTIF_NAMES}

#: Every motif's metadata, by name.
MOTIFS: dict[str, MotifInfo] = {name: m.INFO for name, m in _MODULES.items()}

MAX_SIDE = 8192  # px; larger canvases are refused (memory: ~20 bytes per px while painting)


def paint(motif: str, size: tuple[int, int], palette: list[str], seed: int, intensity: float = 0.7) -> Image.Image:
    """Paint background art.

    ``motif``: a key of :data:`MOTIFS`. ``size``: (width, height) px, each 16..8192.
    ``palette``: 1-8 '#RRGGBB' colours (``#RRGGBBAA`` accepted, alpha ignored), the first is
    the dominant accent; pass ``MOTIFS[motif].default_palette`` for the motif's own look.
    ``seed``: integer >= 0; the same arguments give identical pixels. ``intensity``: 0..1,
    how busy and bright the art is.

    Returns an RGB image of exactly ``size``. Raises InvalidInput for an unknown motif
    (the message lists the valid names), a bad size, palette, seed or intensity.
    """
    module = _MODULES.get(motif) if isinstance(motif, str) else None
    if module is None:
        raise InvalidInput(f"unknown motif {motif!r}; valid motifs: {', '.join(sorted(_MODULES))}")
    try:
        width, height = (int(v) for v in size)
    except (TypeError, ValueError):
        raise InvalidInput(f"size must be (width, height) in px, got {size!r}") from None
    if not (16 <= width <= MAX_SIDE and 16 <= height <= MAX_SIDE):
        raise InvalidInput(f"size must be 16..{MAX_SIDE} px per side, got {width}x{height}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidInput(f"seed must be an integer >= 0, got {seed!r}")
    try:
        level = float(intensity)
    except (TypeError, ValueError):
        raise InvalidInput(f"intensity must be a number in 0..1, got {intensity!r}") from None
    if not (math.isfinite(level) and 0.0 <= level <= 1.0):
        raise InvalidInput(f"intensity must be in 0..1, got {intensity!r}")
    pal = Palette(palette)
    rng = np.random.default_rng(int(seed))
    rgb = module.render(Canvas(width, height, grain_seed=int(seed)), pal, rng, level)
    return Image.fromarray(rgb, "RGB")


def choose_motif(elements: Sequence[str], category: str, energy: int, seed: int) -> str:
    """Pick a motif for a brief; the rule is documented in :func:`.choose.choose_from`."""
    return choose_from(MOTIFS, elements, category, energy, seed)
