"""Provider-backed generation algorithms: a fallback chain of image models ending in Lightning.

``v1``: Gemini -> Lightning. ``pro``: OpenAI -> Gemini -> Lightning (chains live in
:class:`~routix.providers.settings.ProviderSettings`). Each step is tried in order:

* no key for the provider -> skipped ("OpenAI is not configured");
* before a paid call the budget is checked (``BudgetExceeded`` reaches the user: a refused
  budget is a clear problem, not a silent downgrade); after it the cost is recorded;
* 429/5xx are retried with backoff; an open breaker, a timeout, exhausted retries or an answer
  without an image move on to the next step;
* a safety refusal raises ``ContentBlocked`` at once: never retried, never replaced by another
  provider's art.

A model step sends the creator's cut-outs and then the user's style references
(``fill_background(..., references=...)``, :mod:`routix.providers.references`), together at
most the model's ``max_reference_images``.

When a later step paints, the recorder and ``design.meta.notes`` get one sentence such as
"made with Lightning because Gemini was unavailable". The art becomes the background layer as
an ``ImageFill`` (cover) of a stored asset; titles stay Routix text layers. Podcast briefs get
square art (the cover uses all of it, the 16:9 thumbnail crops its middle band); other briefs
16:9 art cropped to 1280x720.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PIL import Image

from routix.brief.models import Brief
from routix.design.models import BackgroundLayer, Design, ImageFill
from routix.generate.lightning import LightningAlgorithm
from routix.generate.ports import AssetStore
from routix.providers.budget import BudgetGuard
from routix.providers.errors import ProviderUnavailable, display
from routix.providers.imaging import art_aspect, art_prompt, reference_images
from routix.providers.references import art_inputs, style_images
from routix.providers.resilience import CallFailed
from routix.providers.settings import LOCAL_STEP, ImageModel
from routix.providers.usage import UsageRecorder


class Painter(Protocol):
    """An image provider adapter (GeminiImages, OpenAIImages)."""

    provider: str
    model: str

    def paint(self, prompt: str, references: list[bytes], *, aspect: str = "16:9") -> Image.Image: ...


@dataclass(frozen=True)
class Step:
    """One link of a chain. ``painter`` None with a ``spec`` means the provider has no key;
    ``spec`` None means the local Lightning step. Before a call the budget is checked against
    ``estimate_usd + references x reference_usd`` (US dollars)."""

    spec: ImageModel | None
    painter: Painter | None = None
    estimate_usd: float = 0.0
    reference_usd: float = 0.0

    @property
    def provider(self) -> str:
        return self.spec.provider if self.spec else LOCAL_STEP


def fallback_sentence(used: str, reasons: list[tuple[str, str]]) -> str:
    """``("lightning", [("gemini", "was unavailable")])`` -> "made with Lightning because Gemini
    was unavailable"; several reasons are joined with commas and "and"."""
    parts = [f"{display(provider)} {reason}" for provider, reason in reasons]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"made with {display(used)} because {joined}"


def with_art(design: Design, asset: str, note: str | None, algorithm: str) -> Design:
    """``design`` whose background layer is a cover ``ImageFill`` of ``asset`` (a background
    layer is added at the bottom when the design has none); ``note`` is appended to meta.notes."""
    fill = ImageFill(asset=asset, fit="cover")
    layers = list(design.layers)
    found = [i for i, layer in enumerate(layers) if isinstance(layer, BackgroundLayer)]
    if found:
        layers[found[0]] = layers[found[0]].model_copy(update={"fill": fill})
    else:
        layers.insert(0, BackgroundLayer(id="background", name="Background", fill=fill, depth=0.0))
    notes = [*design.meta.notes, note] if note else design.meta.notes
    meta = design.meta.model_copy(update={"algorithm": algorithm, "notes": notes})
    return design.model_copy(update={"layers": layers, "meta": meta})


class ProviderAlgorithm:
    """The Algorithm port over a chain of :class:`Step` (see module docstring)."""

    def __init__(self, name: str, steps: list[Step], *, recorder: UsageRecorder, budget: BudgetGuard,
                 user_id: str | None, reference_max_side: int = 1024) -> None:
        self.name = name
        self.steps = steps
        self.recorder = recorder
        self.budget = budget
        self.user_id = user_id
        self.reference_max_side = reference_max_side

    def fill_background(self, design: Design, brief: Brief, *, seed: int, assets: AssetStore,
                        references: Sequence[tuple[Image.Image, str]] = ()) -> Design:
        """Paint the background with the first step that succeeds.

        ``references`` are the user's style references as ``(image, mode)`` pairs
        (``Prepared.references``, mode ``style_only`` or ``style_and_composition``): a model
        step sends them after the creator's cut-outs, up to its ``max_reference_images``, and
        the prompt names them (:mod:`routix.providers.references`); Lightning ignores them
        (the pipeline already followed their design DNA).

        Raises ContentBlocked (a provider's safety refusal), BudgetExceeded (before a paid call
        that would pass a daily budget) and ProviderUnavailable when every step failed and the
        chain has no Lightning step.
        """
        reasons: list[tuple[str, str]] = []
        aspect = art_aspect(brief)  # square art for podcast covers, else 16:9
        styles = style_images(references, max_side=self.reference_max_side)
        for step in self.steps:
            if step.spec is None:
                note = fallback_sentence(LOCAL_STEP, reasons) if reasons else None
                painted = LightningAlgorithm().fill_background(design, brief, seed=seed, assets=assets)
                return self._done(painted, LOCAL_STEP, note, notes_only=True)
            if step.painter is None:
                self._add(reasons, step.provider, "is not configured")
                continue
            limit = step.spec.max_reference_images
            creators = reference_images(design, assets, limit=limit, max_side=self.reference_max_side)
            sent = art_inputs(creators, styles, limit=limit)
            self.budget.check(self.user_id, step.estimate_usd + len(sent.images) * step.reference_usd)
            try:
                prompt = art_prompt(brief, design, references=sent.creators, aspect=aspect, styles=sent.modes)
                art = step.painter.paint(prompt, sent.images, aspect=aspect)
            except (CallFailed, ProviderUnavailable) as exc:
                self._add(reasons, step.provider, exc.reason)
                continue
            asset = assets.put(art, hint=f"background-{step.provider}")
            used = f"{step.provider}:{step.spec.model}"
            note = fallback_sentence(step.provider, reasons) if reasons else None
            painted = with_art(design, asset, note, used)
            dropped = sent.dropped_note(step.spec.model, limit)
            if dropped:
                meta = painted.meta.model_copy(update={"notes": [*painted.meta.notes, dropped]})
                painted = painted.model_copy(update={"meta": meta})
            return self._done(painted, used, note)
        why = ", ".join(f"{display(p)} {r}" for p, r in reasons)
        raise ProviderUnavailable(self.name, "could not paint the background", detail=why)

    @staticmethod
    def _add(reasons: list[tuple[str, str]], provider: str, reason: str) -> None:
        if all(p != provider for p, _ in reasons):  # two Gemini steps give one reason
            reasons.append((provider, reason))

    def _done(self, design: Design, used: str, note: str | None, *, notes_only: bool = False) -> Design:
        self.recorder.painted(used)
        if note:
            self.recorder.fallback(note)
            if notes_only:
                meta = design.meta.model_copy(update={"notes": [*design.meta.notes, note]})
                design = design.model_copy(update={"meta": meta})
        return design
