"""Template embeddings for the library: one 384-d vector per template.

Starter and uploaded templates are embedded by the very same method (the centroid of the
template's searchable text and its tags, :func:`routix.templates.index.embed_templates`), so
their cosine similarities to a query are comparable in one index.
"""

from __future__ import annotations

import numpy as np

from routix.templates.index import TextEmbedder, embed_text_groups, template_texts
from routix.templates.models import Template


def searchable_text(template: Template, description_extra: str = "") -> str:
    """The text stored in ``templates.searchable_text`` for ``template``.

    :meth:`Template.searchable_text` (name, category, description, tags, mood/style/energy words,
    colour temperature, art motifs: the design DNA in words) followed by ``description_extra``
    (e.g. an administrator's free-text description that is not the template's own), when given.
    """
    return template_texts(template, description_extra)[0]


def template_vector(template: Template, embedder: TextEmbedder, description_extra: str = "") -> np.ndarray:
    """float32 ``(384,)`` L2-normalised embedding of ``template`` for ``templates.embedding``.

    The normalised mean of the embeddings of :func:`searchable_text` and of each tag; with an
    empty ``description_extra`` it equals the template's row of the starter index's matrix (same
    texts, same model). Disk-cached like the starter vectors, so re-analysing an unchanged
    template does not run the model again.
    """
    return embed_text_groups([template_texts(template, description_extra)], embedder)[0]


__all__ = ["searchable_text", "template_vector"]
