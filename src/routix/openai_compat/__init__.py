"""An OpenAI-compatible images API under ``/v1``: the official ``openai`` SDK (and any client
of OpenAI's Images API) makes Routix thumbnails with ``images.generate`` and ``images.edit``
and lists the algorithms with ``models.list``. See docs/integrations.md."""

from __future__ import annotations
