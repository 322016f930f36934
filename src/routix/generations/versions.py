"""Versions: edits, undo and variants of a generation, the version tree and the bundle.

Every output is a version: a ``generation_requests`` row with a ``kind`` (generate, regenerate,
edit, undo, variant) and a ``parent_id``. History is append-only.

* :func:`submit_edit` reads a plain-language instruction (the version's language model when its
  algorithm has one, :mod:`routix.edit.llm`; else :func:`routix.edit.parse.parse_instruction`)
  or takes a typed :class:`~routix.edit.ops.EditPatch`, checks it against the parent's design
  (a dry run: unknown layers, other users' asset ids and edits that change nothing are refused
  before anything is written) and queues an ``edit`` job. A brand kit the edit names
  (``apply_brand_kit``) is looked up among the caller's kits first
  (:func:`routix.brand_kits.apply.resolve_edit_kits`: 404 for another user's kit id, 422 when
  there is no such kit) and written into the patch, so the job applies the kit as it was then.
  An edit that keeps the art is free; one with ``new_art`` reserves the algorithm's credit cost.
* :func:`submit_undo`: a new version whose design is the parent's parent's (undoing an undo
  brings the undone design back: redo).
* :func:`submit_variant`: variant ``k`` of a version's design as a version of its own.

Errors: NotFound (404) for another user's version or asset; Conflict (409 ``version_not_ready``)
when the version is not completed yet; InvalidInput (422 ``edit_unclear``) with a clarifying
question as its message when an instruction is ambiguous, impossible or changes nothing;
InvalidInput (422 ``nothing_to_undo``) for the first version.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session

from routix.assets.service import get_asset
from routix.brand_kits.apply import resolve_edit_kits
from routix.credits import service as ledger
from routix.design.models import Design
from routix.edit import EditPatch, apply_edit
from routix.edit.assets import EditAssets
from routix.edit.describe import describe
from routix.edit.kits import find_kits
from routix.edit.parse import parse_instruction
from routix.errors import Conflict, InvalidInput
from routix.generations import repository
from routix.generations.budget import check_before_accepting
from routix.generations.edit_jobs import EDIT
from routix.generations.params import MAX_SEED
from routix.generations.service import _check_key, get_generation, resolve_algorithm
from routix.jobs.enqueue import commit_then_dispatch, enqueue
from routix.store.models import GenerationRequest, User, utcnow

#: Most versions one tree answer lists.
MAX_TREE = 500
#: Seconds an edit queued on a running version waits at most before its job runs anyway (the
#: parent's completion makes it due at once; this bounds a lost wake-up).
QUEUED_EDIT_WAIT = 3600


def submit_edit(session: Session, services: Any, user: User, version_id: uuid.UUID | str, *,
                instruction: str | None = None, patch: EditPatch | None = None,
                asset_ids: Sequence[uuid.UUID] = (), idempotency_key: str | None = None,
                admit: Callable[[], None] | None = None) -> tuple[GenerationRequest, bool]:
    """Queue an edit of ``version_id`` (see the module docstring); returns (row, created).
    An ``undo`` instruction makes an undo version. Commits ``session`` when it writes."""
    if (instruction is None) == (patch is None):
        raise InvalidInput("give either an instruction or a patch", code="invalid_input")
    parent = _ready(session, user, version_id)
    for asset_id in asset_ids:
        get_asset(session, user, asset_id)
    design = Design.model_validate(parent.design)

    def resolve(found: EditPatch) -> EditPatch:  # a named brand kit -> the caller's stored kit
        return resolve_edit_kits(session, services, user.id, found)

    if instruction is not None:
        parsed = parse_instruction(instruction, design, attachments=list(asset_ids))
        if parsed.undo:
            return submit_undo(session, services, user, parent, idempotency_key=idempotency_key, admit=admit)
        patch = _model_patch(services, user, parent, instruction, design, resolve) or parsed.patch
        if patch is None:
            raise InvalidInput(parsed.question or "What should I change?", code="edit_unclear")
    assert patch is not None
    patch = resolve(patch)
    for asset_id in patch.asset_ids():
        get_asset(session, user, asset_id)
    summary = _dry_run(design, patch)
    spec = {"patch": patch.model_dump(mode="json"), "summary": summary, "instruction": instruction}
    return _submit(session, services, user, parent, "edit", spec, new_art=patch.needs_new_art(),
                   idempotency_key=idempotency_key, admit=admit)


def submit_queued_edit(session: Session, services: Any, user: User, parent: GenerationRequest, instruction: str, *,
                       asset_ids: Sequence[uuid.UUID] = (), idempotency_key: str | None = None,
                       ) -> tuple[GenerationRequest, bool]:
    """An edit of ``parent`` while it is still running: the instruction is read (and the new
    version rendered) as soon as the parent finishes; its job waits until then (the parent's
    completion makes it due). Free: an instruction asking for new art gets the same art.

    A brand kit is looked up now (the job has no access to kits), so an instruction naming one
    must name only the kit ("use my brand kit"); with other changes it is InvalidInput (422
    ``edit_unclear``) asking to send them when the thumbnail is ready. Kit errors as
    :func:`submit_edit`."""
    if parent.user_id != user.id:
        raise InvalidInput("not your version", code="not_found")
    for asset_id in asset_ids:
        get_asset(session, user, asset_id)
    spec: dict[str, Any] = {"instruction": instruction, "asset_ids": [str(a) for a in asset_ids], "summary": None}
    kits = _queued_kits(instruction)
    if kits is not None:  # the job cannot look a kit up: resolve it now, the patch needs no design
        patch = resolve_edit_kits(session, services, user.id, kits)
        spec.update(patch=patch.model_dump(mode="json"), summary=describe(patch, None))
    row, created = _submit(session, services, user, parent, "edit", spec, idempotency_key=idempotency_key,
                           wait_for_parent=True)
    session.refresh(parent)
    if created and parent.status in ("completed", "failed"):  # it finished while we wrote: run now
        from routix.generations.jobs import release_waiting_edits

        commit_then_dispatch(session, services, *release_waiting_edits(session, parent.id))
    return row, created


def submit_undo(session: Session, services: Any, user: User, version: GenerationRequest | uuid.UUID | str, *,
                idempotency_key: str | None = None,
                admit: Callable[[], None] | None = None) -> tuple[GenerationRequest, bool]:
    """A new child of ``version`` whose design is the design before it (its parent's)."""
    parent = version if isinstance(version, GenerationRequest) else _ready(session, user, version)
    if parent.parent_id is None:
        raise InvalidInput("this is the first version: there is nothing to undo", code="nothing_to_undo")
    before = get_generation(session, user, parent.parent_id)
    if before.design is None:
        raise InvalidInput("the version before this one has no design", code="nothing_to_undo")
    spec = {"design_of": str(before.id), "summary": "Went back to the version before"}
    return _submit(session, services, user, parent, "undo", spec, idempotency_key=idempotency_key, admit=admit,
                   before=before)


def submit_variant(session: Session, services: Any, user: User, version_id: uuid.UUID | str, *,
                   number: int | None = None, idempotency_key: str | None = None,
                   admit: Callable[[], None] | None = None) -> tuple[GenerationRequest, bool]:
    """Variant ``number`` (1-8; default the next one not made yet) of a version's design."""
    from routix.generate.pipeline import MAX_VARIANTS

    parent = _ready(session, user, version_id)
    if number is None:
        made = repository.child_variant_numbers(session, parent.id)
        number = next((k for k in range(1, MAX_VARIANTS + 1) if k not in made), len(made) % MAX_VARIANTS + 1)
    spec = {"variant": number, "summary": f"Variant {number}"}
    return _submit(session, services, user, parent, "variant", spec, idempotency_key=idempotency_key, admit=admit)


#: Words that may stand next to a brand-kit phrase in an instruction that asks only for the kit.
_KIT_FILLER = re.compile(r"^(?:please|pls|now|just|and|then|also|thanks|thank you|ok(?:ay)?|[\s,;.!]|\x01)*$")


def _queued_kits(instruction: str) -> EditPatch | None:
    """The ``apply_brand_kit`` patch of an instruction that asks only for brand kits; None when
    it names no kit; InvalidInput (``edit_unclear``) when it asks for more besides."""
    lowered = " " + " ".join(instruction.lower().split()) + " "
    marked, kits = find_kits(lowered)
    if not kits:
        return None
    if not _KIT_FILLER.match(marked.strip()):
        raise InvalidInput("Your thumbnail is still being made: I can apply the brand kit now, and the other "
                           "changes once it is ready. Send them separately.", code="edit_unclear")
    return EditPatch(ops=list(kits))


def _model_patch(services: Any, user: User, parent: GenerationRequest, instruction: str,
                 design: Design, resolve: Callable[[EditPatch], EditPatch]) -> EditPatch | None:
    """The language model's patch when the version's algorithm has one (routix.edit.llm);
    ``resolve`` looks up the brand kits it names before the dry run."""
    from routix.assembly import assemble
    from routix.edit.llm import llm_patch

    try:
        designer = assemble(services, parent.algorithm, user_id=str(user.id)).designer
    except InvalidInput:
        return None
    return llm_patch(designer, instruction, design, check=lambda patch: _dry_run(design, resolve(patch)))


def _ready(session: Session, user: User, version_id: uuid.UUID | str) -> GenerationRequest:
    row = get_generation(session, user, version_id)
    if row.status != "completed" or row.design is None:
        raise Conflict("that version is not finished yet; edit it once it is ready", code="version_not_ready")
    return row


def _dry_run(design: Design, patch: EditPatch) -> str:
    """Apply ``patch`` with stand-in images: layer and validation errors surface now, and an
    edit that changes nothing is refused. Returns the summary of the change."""
    stand_in = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    assets = _StandIns(stand_in)
    images = dict.fromkeys(patch.asset_ids(), stand_in)
    try:
        edited = apply_edit(design, patch, assets=assets, images=images, icon_image=lambda _name: stand_in,
                            contrast=False)  # the stand-ins say nothing about contrast
    except InvalidInput as exc:
        raise InvalidInput(str(exc), code="edit_unclear") from None
    if edited == design and not patch.needs_new_art():
        raise InvalidInput("That is how it looks already; what else should change?", code="edit_unclear")
    return describe(patch, design)


class _StandIns(EditAssets):
    def __init__(self, image: Image.Image) -> None:
        super().__init__()
        self._stand_in = image

    def get(self, ref: str) -> Image.Image:
        return self._images.get(ref, self._stand_in)


def _submit(session: Session, services: Any, user: User, parent: GenerationRequest, kind: str,
            spec: dict[str, Any], *, new_art: bool = False, idempotency_key: str | None = None,
            admit: Callable[[], None] | None = None, wait_for_parent: bool = False,
            before: GenerationRequest | None = None) -> tuple[GenerationRequest, bool]:
    key = _check_key(idempotency_key)
    if key is not None:
        existing = repository.by_idempotency_key(session, user.id, key)
        if existing is not None:
            if existing.parent_id != parent.id or existing.kind != kind or _spec(existing) != _spec_of(spec):
                raise Conflict("this Idempotency-Key was already used for a different request",
                               code="idempotency_conflict")
            return existing, False
    cached = None if new_art or wait_for_parent else repository.same_child(session, parent.id, kind, spec)
    if cached is not None:  # the result cache: the same edit of the same version is that version
        return cached, False
    if admit is not None:
        admit()
    algorithm = resolve_algorithm(session, parent.algorithm)
    cost = int(algorithm.credit_cost) if new_art else 0
    if new_art:
        check_before_accepting(services, str(user.id), algorithm)
    seed = parent.seed
    if new_art:
        seed = secrets.randbelow(MAX_SEED + 1)
    title = before.custom_text if before is not None else _title_after(spec, parent)
    row = GenerationRequest(
        user_id=user.id, conversation_id=parent.conversation_id, parent_id=parent.id, kind=kind, edit=spec,
        algorithm_id=algorithm.id, algorithm=algorithm.name, idempotency_key=key, prompt=parent.prompt,
        custom_text=title, face_asset_ids=list(parent.face_asset_ids or []), logo_asset_id=parent.logo_asset_id,
        template_preference=None, variants=0, seed=seed, status="pending", stage="pending", progress=0,
        message="Waiting for a worker",
    )
    ledger.ensure_monthly_grant(session, user)
    with session.begin_nested():
        repository.add_generation(session, row)
        ledger.reserve(session, user.id, row.id, cost, description=f"Reserved {cost} for new art ({algorithm.name})")
    not_before = utcnow() + timedelta(seconds=QUEUED_EDIT_WAIT) if wait_for_parent else None
    job = enqueue(session, EDIT, row.id, user_id=user.id, not_before=not_before)
    commit_then_dispatch(session, services, job)
    return row, True


def _spec_of(spec: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in spec.items() if k != "summary"}


def _spec(row: GenerationRequest) -> dict[str, Any]:
    return _spec_of(dict(row.edit or {}))


def _title_after(spec: dict[str, Any], parent: GenerationRequest) -> str | None:
    for op in (spec.get("patch") or {}).get("ops", []):
        if op.get("op") == "set_text" and op.get("layer") == "title":
            return str(op["text"])[:200]
    return parent.custom_text


# the tree ------------------------------------------------------------------------------------

def version_tree(session: Session, user: User, version_id: uuid.UUID | str) -> dict[str, Any]:
    """The tree ``version_id`` belongs to: ``root`` id, ``ancestors`` (root first, up to the
    version's parent), ``children`` of the version, ``versions`` (every version of the tree,
    oldest first, at most :data:`MAX_TREE`) and ``kept`` (the version kept in an A/B compare;
    the root when none was kept or the kept one is gone). NotFound for another user's version."""
    return _tree(session, user, get_generation(session, user, version_id))


def keep_version(session: Session, user: User, version_id: uuid.UUID | str) -> dict[str, Any]:
    """Keep ``version_id`` as its tree's chosen version (the pick of an A/B compare): stored on
    the tree's root, so every client sees it; keeping the root clears the choice. Returns the
    tree as :func:`version_tree`. NotFound for another user's version; Conflict (409
    ``version_not_ready``) for a version that is not completed."""
    row = _ready(session, user, version_id)
    ancestors = _ancestors(session, user, row)
    root = ancestors[0] if ancestors else row
    root.kept_version_id = None if root.id == row.id else row.id
    session.flush()
    return _tree(session, user, row, ancestors)


def _tree(session: Session, user: User, row: GenerationRequest,
          ancestors: list[GenerationRequest] | None = None) -> dict[str, Any]:
    """:func:`version_tree` of ``row`` (its ``ancestors`` when the caller walked them already)."""
    ancestors = _ancestors(session, user, row) if ancestors is None else ancestors
    root = ancestors[0] if ancestors else row
    versions = [root, *repository.descendants(session, root.id, user.id, limit=MAX_TREE)]
    kept = next((v for v in versions if v.id == root.kept_version_id), root)
    return {"root": root, "ancestors": ancestors, "version": row, "kept": kept,
            "children": [v for v in versions if v.parent_id == row.id], "versions": versions}


def _ancestors(session: Session, user: User, row: GenerationRequest) -> list[GenerationRequest]:
    """``row``'s ancestors of the same owner, root first (at most :data:`MAX_TREE`)."""
    ancestors: list[GenerationRequest] = []
    cursor = row
    while cursor.parent_id is not None and len(ancestors) < MAX_TREE:
        parent = repository.get_generation(session, cursor.parent_id)
        if parent is None or parent.user_id != user.id:
            break
        ancestors.insert(0, parent)
        cursor = parent
    return ancestors


__all__ = ["MAX_TREE", "QUEUED_EDIT_WAIT", "keep_version", "submit_edit", "submit_queued_edit", "submit_undo",
           "submit_variant", "version_tree"]
