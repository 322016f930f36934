"""A version as one zip: ``design.json`` and every image it refers to (``assets/<name>.png``),
the layout ``routix render`` reads (asset references are paths relative to the design)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from routix.design.models import Design
from routix.edit.outputs import referenced_assets
from routix.errors import Conflict, NotFound
from routix.store.models import GenerationRequest


def bundle_bytes(services: Any, row: GenerationRequest) -> bytes:
    """The zip of ``row`` (see the module docstring). Conflict (409 ``version_not_ready``) before
    the version is completed; NotFound when a file it refers to is gone."""
    if row.status != "completed" or not row.design:
        raise Conflict("that version is not finished yet", code="version_not_ready")
    design = Design.model_validate(row.design)
    outputs = row.outputs or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("design.json", design.to_json())
        for ref in referenced_assets(design):
            key = outputs.get(ref)
            if key is None:
                raise NotFound(f"the image {ref!r} of this version is missing")
            archive.writestr(ref, services.blobs.get(key))
    return buffer.getvalue()
