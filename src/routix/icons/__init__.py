"""Hero icons for designs without a photo: a curated set of Fluent UI emoji, matched to requests
with the project's sentence embeddings.

Public API::

    get_icon_index() -> IconIndex                 # the shipped icons, loaded once per process
    IconIndex.match(text, k=5) -> list[IconMatch] # best icons for a text, best first
    IconIndex.image(name) -> PIL.Image (RGBA)     # the icon, long side ~768 px
    plan_hero(brief, title) -> HeroPlan           # what a no-photo design shows as its hero
    tone_image(image, tone) -> PIL.Image          # mood treatment of a hero icon

The icons (``data/*.webp``), their names and keywords (``data/index.json``) and their
embeddings (``data/vectors.npy``) are built by ``scripts/build_icons.py``; nothing is
downloaded or rasterised at run time. Source and licence: ``data/README.md``.
"""

from routix.icons.hero import HeroPlan, plan_hero
from routix.icons.index import Icon, IconIndex, IconMatch, get_icon_index
from routix.icons.tone import TONES, tone_image

__all__ = [
    "TONES", "HeroPlan", "Icon", "IconIndex", "IconMatch", "get_icon_index", "plan_hero", "tone_image",
]
