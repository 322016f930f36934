"""A ``local`` "Routix Version": Lightning under the administrator's name and options.

Lightning (:class:`routix.generate.lightning.LightningAlgorithm`) paints the background; then
the algorithm's :class:`~routix.algorithms.config.LocalConfig` applies: ``motifs`` keeps the
motif when it is one of them, else picks among them with Lightning's own rule
(:func:`routix.render.art.choose.choose_from` over those motifs: the brief's visual elements, its
category and energy, the seed); ``intensity`` replaces the brief-derived intensity.

The usage record names the algorithm itself (``algorithm_used`` = its name): a local algorithm
is never a fallback, so it is charged its own ``credit_cost`` (``routix.credits.service``
charges Lightning's cost only when a provider-backed algorithm fell back to Lightning) and no
"made with Lightning because ..." note is written.
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image

from routix.algorithms.config import LocalConfig
from routix.brief.models import Brief
from routix.design.models import BackgroundLayer, Design, ProceduralFill
from routix.generate.lightning import LightningAlgorithm
from routix.generate.ports import AssetStore
from routix.providers.usage import UsageRecorder


class LocalAlgorithm:
    """The Algorithm port of a ``local`` algorithm named ``name`` (see the module docstring)."""

    def __init__(self, name: str, config: LocalConfig, recorder: UsageRecorder) -> None:
        self.name = name
        self.config = config
        self.recorder = recorder

    def fill_background(self, design: Design, brief: Brief, *, seed: int, assets: AssetStore,
                        references: Sequence[tuple[Image.Image, str]] = ()) -> Design:
        painted = LightningAlgorithm().fill_background(design, brief, seed=seed, assets=assets)
        layers = [self._configured(layer, brief, seed) if isinstance(layer, BackgroundLayer) else layer
                  for layer in painted.layers]
        meta = painted.meta.model_copy(update={"algorithm": self.name})
        self.recorder.painted(self.name)
        return painted.model_copy(update={"layers": layers, "meta": meta})

    def _configured(self, layer: BackgroundLayer, brief: Brief, seed: int) -> BackgroundLayer:
        fill = layer.fill
        if not isinstance(fill, ProceduralFill):
            return layer
        update: dict[str, object] = {}
        if self.config.motifs and fill.motif not in self.config.motifs:
            from routix.render.art import MOTIFS  # the art painters load cv2: only with configured motifs
            from routix.render.art.choose import choose_from

            allowed = {name: MOTIFS[name] for name in self.config.motifs if name in MOTIFS}
            if allowed:
                update["motif"] = choose_from(allowed, brief.visual_elements, brief.category, brief.energy, seed)
        if self.config.intensity is not None:
            update["intensity"] = self.config.intensity
        if not update:
            return layer
        return layer.model_copy(update={"fill": fill.model_copy(update=update)})


__all__ = ["LocalAlgorithm"]
