"""``routix render`` input: a ``design.json`` (its asset references are paths relative to it) or
a version bundle ``.zip`` from the API (``design.json`` + ``assets/*.png``), read without
trusting it (:mod:`routix.library.zipsafe`: no zip slip, no zip bombs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image

from routix.design import Design
from routix.errors import InvalidInput, NotFound

#: Largest bundle read (bytes).
MAX_BUNDLE_BYTES = 200 * 1024 * 1024


def load_design_and_assets(path: Path) -> tuple[Design, Callable[[str], Image.Image]]:
    """The design at ``path`` (a design.json or a bundle zip) and a resolver of its asset
    references. Raises InvalidInput for a missing file, an invalid design, or a bundle without
    ``design.json``."""
    from routix.generate.assets import DirectoryAssets
    from routix.library.zipsafe import is_zip

    if not path.is_file():
        raise InvalidInput(f"design file not found: {path}")
    data = path.read_bytes()
    if not is_zip(data):
        return _design(data, str(path)), DirectoryAssets(path.parent)
    return _from_bundle(data, str(path))


def _design(data: bytes, where: str) -> Design:
    from routix.cli.main import _first_error

    try:
        return Design.from_json(data)
    except ValueError as exc:
        raise InvalidInput(f"{where} is not a valid design: {_first_error(exc)}") from None


def _from_bundle(data: bytes, where: str) -> tuple[Design, Callable[[str], Image.Image]]:
    from routix.library.zipsafe import zip_members

    if len(data) > MAX_BUNDLE_BYTES:
        raise InvalidInput(f"{where} is larger than {MAX_BUNDLE_BYTES // (1024 * 1024)} MB")
    files: dict[str, bytes] = {}
    for name, content, error in zip_members(data):
        if error is not None:
            raise InvalidInput(f"{where}: {name}: {error}")
        if content is not None:
            files[name] = content
    if "design.json" not in files:
        raise InvalidInput(f"{where} has no design.json")
    design = _design(files["design.json"], f"{where}:design.json")

    def resolve(ref: str) -> Image.Image:
        from routix.vision import load_image

        if ref not in files:
            raise NotFound(f"asset {ref!r} is not in {where}")
        return load_image(files[ref])

    return design, resolve
