"""The asset store of an edit: the parent version's images under their references, plus the
images the edit adds (``put``), each encoded once for the child version's files."""

from __future__ import annotations

import io
from collections.abc import Mapping

from PIL import Image

from routix.generate.assets import MemoryAssets


class EditAssets(MemoryAssets):
    """A :class:`~routix.generate.assets.MemoryAssets` that starts with ``existing`` (reference ->
    image) and remembers which references were added later (:attr:`added`)."""

    def __init__(self, existing: Mapping[str, Image.Image] | None = None) -> None:
        super().__init__()
        self._images.update(existing or {})
        self.added: list[str] = []

    def put(self, image: Image.Image, *, hint: str) -> str:
        ref = super().put(image, hint=hint)
        self.added.append(ref)
        return ref

    def encoded_one(self, ref: str) -> bytes:
        """The image ``ref`` as PNG bytes (NotFound for an unknown reference)."""
        buffer = io.BytesIO()
        self.get(ref).save(buffer, format="PNG", compress_level=3)
        return buffer.getvalue()
