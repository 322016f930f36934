"""The user's style references on their way to an image model.

A request's inputs with role ``reference`` (mode ``style_only`` or ``style_and_composition``)
are followed offline through their design DNA (:mod:`routix.generate.inputs`); a
provider-backed algorithm also sends their pixels to the image model, after the creator's
cut-outs:

* **order**: the creator's cut-outs first (the painted light must match them so they blend),
  then the style references in the order the request listed them;
* **limit**: together at most the model's ``max_reference_images``; style references that do
  not fit are left out and the design's notes say so ("1 style reference was left out: ...");
* **size**: each is downscaled so its long side is at most ``reference_max_side`` px (PNG);
* **cost**: each image sent counts like a cut-out (``Step.reference_usd``) in the budget check;
* **prompt**: the images are numbered as sent and :func:`style_lines` says which ones are style
  references and what their mode asks for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

#: Reference modes: follow the look only, or the look and the layout.
STYLE_ONLY, STYLE_AND_COMPOSITION = "style_only", "style_and_composition"

STYLE_RULE = "follow its palette, lighting and energy"
LAYOUT_RULE = "follow its layout: subject and title placement"
NO_COPY_RULE = "do not copy its content, people or text"


@dataclass(frozen=True)
class StyleImage:
    """One style reference ready to send: PNG bytes (long side <= the max side) and its mode."""

    png: bytes
    mode: str


@dataclass(frozen=True)
class ArtInputs:
    """What one image call receives: ``images`` (the creator's ``creators`` cut-outs first, then
    the style references), the ``modes`` of the style references sent, and how many style
    references were ``dropped`` because the model takes no more images."""

    images: list[bytes]
    creators: int
    modes: tuple[str, ...]
    dropped: int

    def dropped_note(self, model: str, limit: int) -> str | None:
        """The sentence for the design's notes when style references were left out, else None."""
        if not self.dropped:
            return None
        what = "1 style reference was" if self.dropped == 1 else f"{self.dropped} style references were"
        return f"{what} left out: {model} takes at most {limit} images."


def style_images(references: Sequence[tuple[Image.Image, str]], *, max_side: int) -> list[StyleImage]:
    """``(image, mode)`` pairs (``Prepared.references``) -> :class:`StyleImage`, each downscaled
    so its long side is at most ``max_side`` px; an unknown mode counts as ``style_only``."""
    from routix.providers.imaging import png_bytes

    out: list[StyleImage] = []
    for image, mode in references:
        small = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        small.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        out.append(StyleImage(png_bytes(small), mode if mode == STYLE_AND_COMPOSITION else STYLE_ONLY))
    return out


def art_inputs(creators: list[bytes], styles: Sequence[StyleImage], *, limit: int) -> ArtInputs:
    """The creator's cut-outs (already capped at ``limit``) and then as many ``styles`` as still
    fit under ``limit`` images; the rest are counted as dropped."""
    room = max(0, limit - len(creators))
    sent = list(styles[:room])
    return ArtInputs(
        images=[*creators, *(s.png for s in sent)], creators=len(creators),
        modes=tuple(s.mode for s in sent), dropped=len(styles) - len(sent),
    )


def numbered(first: int, count: int) -> str:
    """``(1, 1)`` -> "Image 1", ``(1, 2)`` -> "Images 1 and 2", ``(2, 3)`` -> "Images 2-4"."""
    if count == 1:
        return f"Image {first}"
    if count == 2:
        return f"Images {first} and {first + 1}"
    return f"Images {first}-{first + count - 1}"


def style_lines(modes: Sequence[str], *, first: int) -> list[str]:
    """One prompt line per style reference, numbered from ``first`` (the images after the
    creator's cut-outs): what it is and what its mode asks for."""
    lines = []
    for i, mode in enumerate(modes):
        which = numbered(first + i, 1)
        if mode == STYLE_AND_COMPOSITION:
            lines.append(f"{which} is a style and layout reference: {STYLE_RULE}; {LAYOUT_RULE}; {NO_COPY_RULE}.")
        else:
            lines.append(f"{which} is a style reference: {STYLE_RULE}; {NO_COPY_RULE}.")
    return lines
