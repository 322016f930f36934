"""LLM designer behind the Designer port: the composed design + brief -> a DesignPatch, applied.

The model is the art director: it reads the brief and a compact summary of the composed
design's layers (id, kind, slot, text, colours, boxes) and answers a
:class:`~routix.design.patch.DesignPatch` through the provider's structured-output mode (the
same :class:`~routix.providers.structured.JsonModel` adapters as the planners). The answer must
validate as a DesignPatch AND apply cleanly to this design (:func:`apply_patch` errors, a title
longer than :data:`MAX_TITLE_WORDS` words, or a rewrite of the creator's own title count as
validation errors); the errors are fed back in the one retry. After that, or when the provider
is unavailable or the daily budget is used up, the template's design is kept unchanged and the
recorder says why ("designed by the template because Gemini returned an invalid patch").
A safety refusal raises ContentBlocked. Usage and cost are recorded per call like the planners'.
"""

from __future__ import annotations

import json

from routix.brief.models import Brief
from routix.design.models import BackgroundLayer, Design, Layer, ShapeLayer, TextLayer
from routix.design.patch import DesignPatch, SetText, apply_patch
from routix.errors import InvalidInput
from routix.providers.errors import BudgetExceeded, ProviderUnavailable, display
from routix.providers.resilience import CallFailed
from routix.providers.structured import InvalidAnswer, LLMPort, ask

#: Most words a title may have after the designer's edits (a thumbnail is read in a glance).
MAX_TITLE_WORDS = 6

#: Tokens a design call typically uses (rules + brief + layer summary in, a patch out).
TYPICAL_INPUT_TOKENS, TYPICAL_OUTPUT_TOKENS = 1100, 400

SYSTEM = """You are the art director of YouTube thumbnails and square podcast covers.
You get the creator's brief and the layers of a composed design. Answer one JSON object: a patch
of at most 12 small edits that make the design read better at a glance, or "ops": [] when it is
already good, and a one-sentence note.
Rules:
- Edit only these layer ids: {ids}. Never invent a layer id.
- Never put text into the art: words live only in text layers; the background art is painted
  later from the palette and must stay free of letters.
- A title has at most {words} words. If the brief gives the creator's title, keep its text exactly.
- Keep contrast: text colours must stand out clearly from the colours around them (aim for WCAG
  4.5:1); never put text in the subject's face.
- Boxes are fractions 0..1 of the canvas from the top-left (x, y, w, h; x+w and y+h at most 1);
  "16:9" moves the thumbnail's box, "1:1" the square cover's box. Keep the bottom-right corner
  clear on 16:9 (the video length is shown there).
- Colours are #RRGGBB. Fonts: anton, bebas, oswald, montserrat, montserrat-black,
  montserrat-semibold, bangers.
- set_color works on text and shape layers; emphasize picks words of the layer's own text.
Answer with the JSON object only."""


def _colours(layer: Layer) -> list[str]:
    """The colours a layer shows, for the summary (#RRGGBB...)."""
    fill = getattr(layer, "fill", None)
    if isinstance(layer, ShapeLayer):
        return [fill] if fill else []
    if fill is None:
        return []
    if getattr(fill, "color", None):
        return [fill.color]
    if getattr(fill, "stops", None):
        return [stop.color for stop in fill.stops]
    return list(getattr(fill, "palette", []) or [])


def _box(box) -> list[float] | None:
    return [round(box.x, 3), round(box.y, 3), round(box.w, 3), round(box.h, 3)] if box is not None else None


def layer_summary(layer: Layer) -> dict:
    """One layer as the model sees it: id, kind, slot, visible, colours, boxes [x, y, w, h]
    (normalised); text layers add text, font and accent words. Asset references are left out."""
    out: dict = {"id": layer.id, "kind": layer.kind}
    if layer.slot:
        out["slot"] = layer.slot
    if not layer.visible:
        out["visible"] = False
    if isinstance(layer, TextLayer):
        out.update(text=layer.text, font=layer.font)
        if layer.accent_words:
            out.update(accent_words=layer.accent_words, accent_color=layer.accent_color)
    if isinstance(layer, ShapeLayer):
        out["shape"] = layer.shape
    if isinstance(layer, BackgroundLayer):
        out["fill"] = layer.fill.type
    colours = _colours(layer)
    if colours:
        out["colors"] = colours
    if not isinstance(layer, BackgroundLayer):
        out["box_16_9"] = _box(layer.box)
        if layer.box_square is not None:
            out["box_1_1"] = _box(layer.box_square)
    return out


def design_request(design: Design, brief: Brief) -> str:
    """The user turn: the brief, then the palette and the layers (bottom first) as JSON lines."""
    lines = [
        f"Brief: {brief.prompt}",
        f"Category {brief.category}; mood {brief.mood}; style {brief.style}; energy {brief.energy} of 10; "
        f"format {brief.format}.",
    ]
    if brief.visual_elements:
        lines.append("Show: " + ", ".join(brief.visual_elements) + ".")
    if brief.color_hints:
        lines.append("Colour hints: " + ", ".join(brief.color_hints) + ".")
    lines.append(f"Creator's title (keep it exactly): {brief.title}" if brief.title
                 else "The creator gave no title: you may improve the title layer's text.")
    lines.append("Palette: " + (", ".join(design.palette) or "none"))
    lines.append("Layers, bottom first:")
    lines += [json.dumps(layer_summary(layer), ensure_ascii=False) for layer in design.layers]
    return "\n".join(lines)


class LLMDesigner(LLMPort):
    """Designer port over a :class:`~routix.providers.structured.JsonModel` (see module docstring).

    ``name`` is the provider ("gemini", "openai"); ``estimate_usd`` (US dollars) is checked
    against the budget before the first call.
    """

    def refine(self, design: Design, brief: Brief) -> Design:
        """``design`` with the model's patch applied, or unchanged when the model fails (the
        recorder gets the reason). Raises ContentBlocked on a safety refusal."""
        system = SYSTEM.format(ids=", ".join(layer.id for layer in design.layers), words=MAX_TITLE_WORDS)
        try:
            self.budget.check(self.user_id, self.estimate_usd)
            patch = ask(self.llm, system, design_request(design, brief), DesignPatch, name="design_patch",
                        check=lambda p: self._apply(design, brief, p))
        except BudgetExceeded:
            return self._offline(design, "the daily AI budget is used up")
        except InvalidAnswer:
            return self._offline(design, f"{display(self.name)} returned an invalid patch")
        except (CallFailed, ProviderUnavailable) as exc:
            return self._offline(design, f"{display(self.name)} {exc.reason}")
        designed = self._apply(design, brief, patch)
        self.recorder.designed(self.name)
        return designed

    @staticmethod
    def _apply(design: Design, brief: Brief, patch: DesignPatch) -> Design:
        """apply_patch plus the designer's own rules; raises InvalidInput naming the op."""
        titles = {layer.id for layer in design.layers if layer.slot == "title"}
        for index, op in enumerate(patch.ops):
            if not isinstance(op, SetText) or op.layer not in titles:
                continue
            if brief.title and op.text.strip().casefold() != brief.title.strip().casefold():
                raise InvalidInput(f"op {index} (set_text): the creator chose the title {brief.title!r}; keep it")
            if len(op.text.split()) > MAX_TITLE_WORDS:
                raise InvalidInput(f"op {index} (set_text): a title has at most {MAX_TITLE_WORDS} words")
        return apply_patch(design, patch)

    def _offline(self, design: Design, why: str) -> Design:
        self.recorder.designed("offline")
        self.recorder.fallback(f"designed by the template because {why}")
        return design

