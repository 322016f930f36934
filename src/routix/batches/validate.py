"""Per-row validation: every row gets its own list of errors; the good rows can still run.

A row's fields come from the JSON API (:class:`routix.batches.schemas.RowIn`) or from a sheet
after the column mapping (text). :func:`validate_rows` checks each row against the limits a
generation applies (``routix.generations.params``): a prompt of 1-1000 characters, a title of
at most ``MAX_TITLE_CHARS``, at most ``MAX_FACES`` faces, 0..``MAX_VARIANTS`` variants, a known
algorithm, and assets that are the user's. Image names refer to the zip of images
(``routix.batches.images``); anything that looks like a UUID is an asset id.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from routix.brief.title import MAX_TITLE_CHARS
from routix.generate.pipeline import MAX_VARIANTS
from routix.generations import repository as generations
from routix.generations.params import MAX_FACES, MAX_PROMPT
from routix.store.models import Algorithm, Asset

_SPLIT = re.compile(r"[;|\n]+")


@dataclass
class RowDraft:
    """A row on its way in: the request fields plus its errors."""

    position: int
    name: str
    prompt: str
    title: str | None
    faces: list[str]
    logo: str | None
    variants: int | None
    algorithm: str | None
    errors: list[str] = field(default_factory=list)

    def inputs(self) -> dict[str, Any]:
        return {"face_asset_ids": self.faces, "logo_asset_id": self.logo}

    def overrides(self) -> dict[str, Any]:
        return {k: v for k, v in (("variants", self.variants), ("algorithm", self.algorithm)) if v is not None}


def as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text.strip())
    except (ValueError, AttributeError):
        return None


def draft(position: int, fields: dict[str, Any]) -> RowDraft:
    """A RowDraft from a row's fields (sheet text or JSON values), with the errors of its
    shape (number fields)."""
    errors: list[str] = []
    faces_value = fields.get("face_asset_ids", fields.get("face"))
    faces = [f.strip() for f in (_SPLIT.split(faces_value) if isinstance(faces_value, str) else faces_value or [])
             if str(f).strip()]
    variants: int | None = None
    raw = fields.get("variants")
    if raw not in (None, ""):
        try:
            variants = int(str(raw).strip())
        except ValueError:
            errors.append(f"variants must be a whole number 0-{MAX_VARIANTS}, not {str(raw)[:20]!r}")
    name = str(fields.get("name") or "").strip()[:200] or f"row-{position}"
    title = str(fields.get("title") or "").strip() or None
    logo = str(fields.get("logo_asset_id") or fields.get("logo") or "").strip() or None
    algorithm = str(fields.get("algorithm") or "").strip() or None
    return RowDraft(position, name, str(fields.get("prompt") or "").strip(), title, [str(f) for f in faces], logo,
                    variants, algorithm, errors)


def check_row(row: RowDraft, algorithms: dict[str, Algorithm], assets: dict[str, Asset]) -> None:
    """Add the row's errors (see the module docstring). ``algorithms`` are the active ones by
    name; ``assets`` the user's assets by id (text) that the batch's rows name."""
    if not row.prompt:
        row.errors.append("prompt is empty")
    elif len(row.prompt) > MAX_PROMPT:
        row.errors.append(f"prompt is longer than {MAX_PROMPT} characters")
    if row.title is not None and len(row.title) > MAX_TITLE_CHARS:
        row.errors.append(f"title is longer than {MAX_TITLE_CHARS} characters")
    if row.variants is not None and not 0 <= row.variants <= MAX_VARIANTS:
        row.errors.append(f"variants must be 0-{MAX_VARIANTS}")
    if row.algorithm is not None and row.algorithm not in algorithms:
        row.errors.append(f"unknown algorithm {row.algorithm!r}; choose one of {sorted(algorithms)}")
    if len(row.faces) > MAX_FACES:
        row.errors.append(f"at most {MAX_FACES} face photos per row")
    if len(set(row.faces)) != len(row.faces):
        row.errors.append("the same face photo is listed twice")
    for value in [*row.faces, *([row.logo] if row.logo else [])]:
        if value not in assets:
            row.errors.append(f"asset {value} not found")


def active_algorithms(session: Session) -> dict[str, Algorithm]:
    """The active algorithms by name."""
    names = generations.active_algorithm_names(session)
    found: dict[str, Algorithm] = {}
    for name in names:
        row = generations.find_active_algorithm(session, name, None)
        if row is not None:
            found[name] = row
    return found


__all__ = ["RowDraft", "active_algorithms", "as_uuid", "check_row", "draft"]
