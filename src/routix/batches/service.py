"""Batches as a service: create (JSON rows, a mapped sheet + zip of images, a saved template),
estimate, read, and the saved batch templates. Running a batch is :mod:`routix.batches.control`,
sharing and comments :mod:`routix.batches.sharing`.

Ownership: another user's batch, row, template or asset answers NotFound (404). Nothing here
commits: the route's session does (a batch and all its rows commit together, or nothing is
stored).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from routix.assets.service import get_asset
from routix.batches import images, plugins, repository
from routix.batches.schemas import BatchCreate, BatchSettings, TemplateIn
from routix.batches.sheets import Sheet, apply_mapping
from routix.batches.validate import RowDraft, active_algorithms, as_uuid, check_row, draft
from routix.credits import service as ledger
from routix.errors import Conflict, InvalidInput, NotFound
from routix.generations.budget import paid_estimate
from routix.generations.service import resolve_algorithm
from routix.kit.pagination import Page, PageRequest
from routix.store.models import Algorithm, Asset, User
from routix.store.models_batches import Batch, BatchRow, BatchTemplate


def settings_dict(session: Session, user: User, settings: BatchSettings) -> dict[str, Any]:
    """The validated settings as stored: the algorithm resolved to its name (InvalidInput
    ``unknown_algorithm``), pluggable ids checked (``routix.batches.plugins``)."""
    algorithm = resolve_algorithm(session, settings.algorithm)
    stored = settings.model_dump(mode="json")
    stored["algorithm"] = algorithm.name
    plugins.check_settings(session, user.id, stored)
    return stored


def create_from_json(session: Session, services: Any, user: User, body: BatchCreate) -> Batch:
    """A draft batch from JSON rows (asset ids). The settings come from ``body.settings`` or,
    with ``template_id``, from that saved template. Raises InvalidInput / NotFound for bad
    settings; bad rows are stored with their errors."""
    settings = body.settings
    if body.template_id is not None:
        settings = BatchSettings.model_validate(repository.get_template(session, user.id, body.template_id).settings)
    drafts = [draft(i, row.model_dump(exclude_none=True)) for i, row in enumerate(body.rows, start=1)]
    return _create(session, user, body.name, settings, drafts, source="json", cost_cap=body.cost_cap)


def create_from_sheet(session: Session, services: Any, user: User, sheet: Sheet, mapping: dict[str, str], *,
                      name: str, settings: BatchSettings, zip_data: bytes | None = None,
                      cost_cap: int | None = None, source: str = "sheet") -> Batch:
    """A draft batch from a parsed sheet and its column mapping (field -> column). Image names
    in the ``face``/``logo`` columns are read from ``zip_data`` (see ``routix.batches.images``).
    Raises InvalidInput ``invalid_mapping`` / ``invalid_zip`` for the whole upload."""
    rows = apply_mapping(sheet, mapping)
    drafts = [draft(i, fields) for i, fields in enumerate(rows, start=1)]
    wanted = {images.base_name(v) for d in drafts for v in [*d.faces, *([d.logo] if d.logo else [])]
              if as_uuid(v) is None}
    found = images.ingest_images(session, services, user, zip_data, wanted) if wanted else {}
    for d in drafts:
        d.faces = [_resolve_image(d, v, found) for v in d.faces]
        d.logo = _resolve_image(d, d.logo, found) if d.logo else None
        d.faces = [f for f in d.faces if f]
    return _create(session, user, name, settings, drafts, source=source, cost_cap=cost_cap)


def _resolve_image(row: RowDraft, value: str, found: dict[str, str | tuple[str]]) -> str:
    if as_uuid(value) is not None:
        return value
    got = found.get(images.base_name(value))
    if isinstance(got, str):
        return got
    row.errors.append(got[0] if got else f"image {value!r} not found")
    return ""


def _create(session: Session, user: User, name: str, settings: BatchSettings, drafts: list[RowDraft], *,
            source: str, cost_cap: int | None) -> Batch:
    stored = settings_dict(session, user, settings)
    algorithms = active_algorithms(session)
    assets = _user_assets(session, user, drafts)
    batch = Batch(user_id=user.id, name=name[:200], status="draft", settings=stored, source=source,
                  cost_cap=cost_cap, credit_cost=0)
    repository.add(session, batch)
    rows = []
    for d in drafts:
        check_row(d, algorithms, assets)
        rows.append(BatchRow(
            batch_id=batch.id, user_id=user.id, position=d.position, name=d.name, prompt=d.prompt[:20_000],
            title=d.title[:500] if d.title else None, inputs=d.inputs(), overrides=d.overrides(),
            errors=list(dict.fromkeys(d.errors)), status="invalid" if d.errors else "ready",
        ))
    repository.add(session, *rows)
    batch.credit_cost = estimate(session, user, batch)["credits"]
    return batch


def _user_assets(session: Session, user: User, drafts: list[RowDraft]) -> dict[str, Asset]:
    found: dict[str, Asset] = {}
    for value in {v for d in drafts for v in [*d.faces, *([d.logo] if d.logo else [])]}:
        if as_uuid(value) is None:
            continue
        try:
            found[value] = get_asset(session, user, value)
        except NotFound:
            continue
    return found


def row_algorithm(batch: Batch, row: BatchRow, algorithms: dict[str, Algorithm]) -> Algorithm:
    """The algorithm a row runs with (its override, else the batch's)."""
    name = (row.overrides or {}).get("algorithm") or batch.settings.get("algorithm")
    if name not in algorithms:
        raise InvalidInput(f"the algorithm {name!r} is no longer available", code="unknown_algorithm")
    return algorithms[name]


def estimate(session: Session, user: User, batch: Batch) -> dict[str, Any]:
    """Credits and provider dollars of the rows that would run (``ready``, ``queued`` and
    ``failed``), against the balance (see ``schemas.Estimate``)."""
    algorithms = active_algorithms(session)
    credits, usd, rows = 0, 0.0, 0
    dollars: dict[str, float] = {}
    for row in repository.all_rows(session, batch.id):
        if row.status not in ("ready", "queued", "failed"):
            continue
        try:
            algorithm = row_algorithm(batch, row, algorithms)
        except InvalidInput:
            continue
        rows += 1
        credits += int(algorithm.credit_cost)
        if algorithm.name not in dollars:
            dollars[algorithm.name] = paid_estimate(algorithm.name)
        usd += dollars[algorithm.name]
    balance = ledger.balance_of(session, user.id)
    return {"rows": rows, "credits": credits, "provider_usd": round(usd, 4), "balance": balance,
            "enough": balance >= credits}


def get_batch(session: Session, user: User, batch_id: uuid.UUID | str) -> tuple[Batch, bool]:
    """``(batch, owner)`` for the user's own or a shared batch; NotFound otherwise."""
    return repository.get_visible_batch(session, user.id, batch_id)


def get_owned_batch(session: Session, user: User, batch_id: uuid.UUID | str) -> Batch:
    """The user's own batch (a shared one answers NotFound: sharing is read-only)."""
    batch, owner = repository.get_visible_batch(session, user.id, batch_id)
    if not owner:
        raise NotFound("batch not found")
    return batch


def list_batches(session: Session, user: User, page: PageRequest) -> Page[Batch]:
    return repository.list_batches(session, user.id, page)


def edit_row(session: Session, user: User, batch_id: uuid.UUID | str, row_id: uuid.UUID | str,
             prompt: str | None, title: str | None, winner: int | None) -> BatchRow:
    """Fix a draft batch's row (prompt/title; it is validated again) or pick the winning
    variant of a completed row. Conflict ``batch_not_draft`` for a text edit after the start."""
    batch = get_owned_batch(session, user, batch_id)
    row = repository.get_batch_row(session, batch.id, row_id)
    if prompt is not None or title is not None:
        if batch.status != "draft" or row.status not in ("ready", "invalid"):
            raise Conflict("rows can be edited before the batch starts", code="batch_not_draft")
        fields = {"prompt": prompt if prompt is not None else row.prompt,
                  "title": title if title is not None else row.title, "name": row.name,
                  "face_asset_ids": row.inputs.get("face_asset_ids", []),
                  "logo_asset_id": row.inputs.get("logo_asset_id"), **(row.overrides or {})}
        d = draft(row.position, fields)
        check_row(d, active_algorithms(session), _user_assets(session, user, [d]))
        row.prompt, row.title = d.prompt[:20_000], d.title[:500] if d.title else None
        row.errors = list(dict.fromkeys(d.errors))
        row.status = "invalid" if d.errors else "ready"
    if winner is not None:
        variants = int((row.overrides or {}).get("variants", batch.settings.get("variants", 0)))
        if row.status != "completed" or winner > variants:
            raise InvalidInput(f"winner must be 0-{variants} on a completed row", code="invalid_winner")
        row.winner = winner
    session.flush()
    return row


# saved batch templates ---------------------------------------------------------------------

def save_template(session: Session, user: User, body: TemplateIn) -> BatchTemplate:
    """Save settings + column mapping under a name (Conflict ``template_exists`` for a name in use)."""
    stored = settings_dict(session, user, body.settings)
    if repository.template_named(session, user.id, body.name) is not None:
        raise Conflict(f"you already have a batch template named {body.name!r}", code="template_exists")
    row = BatchTemplate(user_id=user.id, name=body.name, settings=stored, mapping=dict(body.mapping))
    repository.add(session, row)
    return row


def list_templates(session: Session, user: User) -> list[BatchTemplate]:
    return repository.list_templates(session, user.id)


def get_template(session: Session, user: User, template_id: uuid.UUID | str) -> BatchTemplate:
    return repository.get_template(session, user.id, template_id)


def delete_template(session: Session, user: User, template_id: uuid.UUID | str) -> None:
    repository.delete(session, repository.get_template(session, user.id, template_id))


__all__ = ["create_from_json", "create_from_sheet", "edit_row", "estimate", "get_batch", "get_owned_batch",
           "row_algorithm", "save_template", "settings_dict"]
