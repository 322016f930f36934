"""Routix Lightning: the local generation algorithm. No network, no model, well under a second.

It paints the background with seeded procedural art (``routix.render.art``): the motif comes
from the brief's visual elements when one names a motif ("explosions" -> fire_burst), else from
the template's preferred motifs; the palette is the design's; the intensity follows the
brief's energy (energy 1 -> 0.35, energy 10 -> 0.95).
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image

from routix.brief.models import Brief
from routix.design.models import BackgroundLayer, Design, ProceduralFill
from routix.generate.ports import AssetStore


class LightningAlgorithm:
    """The ``lightning`` algorithm (see module docstring)."""

    name = "lightning"

    def fill_background(self, design: Design, brief: Brief, *, seed: int, assets: AssetStore,
                        references: Sequence[tuple[Image.Image, str]] = ()) -> Design:
        layers = list(design.layers)
        idx = next((i for i, layer in enumerate(layers) if isinstance(layer, BackgroundLayer)), None)
        existing = layers[idx] if idx is not None else None
        current = existing.fill if isinstance(existing, BackgroundLayer) else None
        template_motif = current.motif if isinstance(current, ProceduralFill) else None
        motif = pick_motif(brief, template_motif, seed)
        palette = design.palette or (current.palette if isinstance(current, ProceduralFill) else ["#FFD400"])
        fill = ProceduralFill(
            motif=motif, palette=palette[:8], seed=seed, intensity=round(0.35 + 0.6 * (brief.energy - 1) / 9, 3)
        )
        background = BackgroundLayer(id="background", name="Background", fill=fill, depth=0.0)
        if idx is None:
            layers.insert(0, background)
        else:
            layers[idx] = layers[idx].model_copy(update={"fill": fill})
        meta = design.meta.model_copy(update={"algorithm": self.name})
        return design.model_copy(update={"layers": layers, "meta": meta})


def pick_motif(brief: Brief, template_motif: str | None, seed: int) -> str:
    """The motif for a brief: when a visual element names a motif ("explosions" -> fire_burst),
    the art module's rule decides; otherwise the template's own motif; otherwise the rule's
    category default."""
    from routix.render.art import MOTIFS, choose_motif
    from routix.render.art.choose import singular, words

    named = any(
        words(element) & {singular(k) for k in info.keywords}
        for element in brief.visual_elements
        for info in MOTIFS.values()
    )
    if not named and template_motif in MOTIFS:
        return template_motif
    return choose_motif(brief.visual_elements, brief.category, brief.energy, seed)
