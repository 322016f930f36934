"""Generations as a service: validate, write the row and its job, commit, then dispatch.

The job row is the truth (``routix.jobs``): ``submit_generation`` adds the ``pending``
generation row and its ``generation`` job, commits them together through
``routix.jobs.enqueue.commit_then_dispatch`` and only then asks the queue to run the job. It
commits the session it was given (a route's request session, a chat turn's session) because
the dispatch must follow the commit; everything the caller wrote before goes into the same
commit. If the dispatch is lost (broker down, process killed between commit and dispatch) the
reaper dispatches the job again, so a lost message costs a delay, never a job.

Ownership: another user's generation, asset or conversation answers NotFound (404), never a
hint that the id exists.

Credits: accepting a generation reserves the algorithm's ``credit_cost`` in the same
transaction that inserts the row (``routix.credits.service.reserve``); too few credits ->
InsufficientCredits (402 ``insufficient_credits``) and no row. The job's finishing transaction
settles it.

Result cache: a request with an explicit ``seed`` identical to a completed one of the same user
(``routix.generations.cache``) returns that generation (``created`` False), not charged again.

Idempotency: ``(user, Idempotency-Key)`` is unique. The same key with the same request returns
the existing generation (``created`` False: the API answers 200 instead of 201); the same key
with a different request raises Conflict (409).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from routix.brand_kits.repository import get_owned_kit
from routix.credits import service as ledger
from routix.errors import Conflict, InvalidInput, NotFound
from routix.generations import repository
from routix.generations.budget import check_before_accepting
from routix.generations.cache import cache_key
from routix.generations.jobs import GENERATION
from routix.generations.params import MAX_SEED, GenerationParams
from routix.generations.preference import template_for_preference
from routix.jobs.enqueue import commit_then_dispatch, enqueue
from routix.kit.pagination import Page, PageRequest
from routix.reference_packs.service import pack_inputs
from routix.store.models import Algorithm, GenerationRequest, User

MAX_IDEMPOTENCY_KEY = 200


def get_generation(session: Session, user: User, generation_id: uuid.UUID | str) -> GenerationRequest:
    """The user's generation ``generation_id``; NotFound for unknown ids and other users' ids."""
    return repository.get_owned_generation(session, user.id, _as_uuid(generation_id))


def list_generations(session: Session, user: User, page: PageRequest | None = None) -> Page[GenerationRequest]:
    """One page of the user's generations, newest first, with their total count (see
    :mod:`routix.kit.pagination`; InvalidCursor 422 for a cursor of another list)."""
    return repository.list_generations(session, user.id, page or PageRequest())


def create_generation(session: Session, services, user: User, params: GenerationParams, *,
                      idempotency_key: str | None = None, conversation_id: uuid.UUID | None = None,
                      parent: GenerationRequest | None = None) -> GenerationRequest:
    """Create (or, for a repeated Idempotency-Key, find) a generation, commit and dispatch its job.

    Raises InvalidInput (unknown/inactive algorithm, unknown template_preference, bad key),
    NotFound (an asset or conversation that is not the user's), Conflict (key reused with a
    different request). See :func:`submit_generation` for the ``created`` flag.
    """
    return submit_generation(
        session, services, user, params, idempotency_key=idempotency_key, conversation_id=conversation_id,
        parent=parent,
    )[0]


def submit_generation(session: Session, services, user: User, params: GenerationParams, *,
                      idempotency_key: str | None = None, conversation_id: uuid.UUID | None = None,
                      parent: GenerationRequest | None = None,
                      admit: Callable[[], None] | None = None) -> tuple[GenerationRequest, bool]:
    """:func:`create_generation` that also says whether a new row was written (``created``).

    ``admit`` (the API's rate limit, :class:`routix.api.limits.GenerationAdmission`) is called
    once the request is known to be new, before anything is written: a replay is answered
    without it, and RateLimited from it leaves nothing behind.

    Commits ``session`` (with the row, its job and the credits reservation) before it
    dispatches the job; a replay commits nothing."""
    key = _check_key(idempotency_key)
    algorithm = resolve_algorithm(session, params.algorithm, params.algorithm_id)
    wanted = _fingerprint(params, algorithm.name, conversation_id, parent)
    if key is not None:
        existing = _by_key(session, user, key)
        if existing is not None:
            return _replay(existing, wanted), False
    plain = conversation_id is None and parent is None
    cacheable = plain and params.reference_pack_id is None  # a pack can change after the fact
    cached_key = cache_key(session, user, params, algorithm.name) if cacheable else None
    cached = repository.by_cache_key(session, user.id, cached_key) if cached_key else None
    if cached is not None and key is None:  # the result cache: that version, at once, not charged again
        return cached, False
    if admit is not None:
        admit()
    _check_references(session, user, params, conversation_id)
    from_pack = pack_inputs(session, user, params.reference_pack_id) if params.reference_pack_id else []
    check_before_accepting(services, str(user.id), algorithm)
    row = GenerationRequest(
        user_id=user.id, conversation_id=conversation_id, parent_id=parent.id if parent else None,
        kind="regenerate" if parent else "generate", algorithm_id=algorithm.id, algorithm=algorithm.name,
        idempotency_key=key, prompt=params.prompt,
        custom_text=params.title, face_asset_ids=[str(a) for a in params.face_asset_ids],
        logo_asset_id=params.logo_asset_id, template_preference=params.template_preference,
        inputs=[*input_rows(params), *from_pack], style_preference=params.style_preset, realism=params.realism,
        brand_kit_id=params.brand_kit_id, variants=params.variants, seed=params.seed, status="pending",
        stage="pending", progress=0, message="Waiting for a worker", cache_key=cached_key,
    )
    try:
        _charge_on_accept(session, user, row, algorithm)
        job = enqueue(session, GENERATION, row.id, user_id=user.id)
        commit_then_dispatch(session, services, job)
    except IntegrityError:  # a concurrent request with the same Idempotency-Key won the insert
        session.rollback()
        existing = _by_key(session, user, key) if key is not None else None
        if existing is None:
            raise
        return _replay(existing, wanted), False
    return row, True


def _charge_on_accept(session: Session, user: User, row: GenerationRequest, algorithm: Algorithm) -> None:
    """Insert ``row`` and reserve its credits in one savepoint of the caller's transaction:
    InsufficientCredits (402) leaves neither the row nor a ledger entry, and the rest of the
    session (a chat turn's messages) stays as it was. The plan's monthly credits are granted
    first when due. Replays of an Idempotency-Key never get here, so they never reserve twice."""

    ledger.ensure_monthly_grant(session, user)
    with session.begin_nested():
        repository.add_generation(session, row)
        ledger.reserve(session, user.id, row.id, int(algorithm.credit_cost),
                       description=f"Reserved {algorithm.credit_cost} for a {algorithm.name} generation")


def regeneration_params(parent: GenerationRequest, *, seed: int | None = None, variants: int | None = None,
                        algorithm: str | None = None) -> GenerationParams:
    """The parent's request with a new seed (random unless given) and optional overrides."""
    if seed is None:
        seed = secrets.randbelow(MAX_SEED + 1)
        while seed == parent.seed:
            seed = secrets.randbelow(MAX_SEED + 1)
    return GenerationParams(
        prompt=parent.prompt, title=parent.custom_text, algorithm=algorithm or parent.algorithm,
        face_asset_ids=parent.face_asset_ids, logo_asset_id=parent.logo_asset_id,
        inputs=_own_inputs(parent), style_preset=parent.style_preference, realism=parent.realism,
        template_preference=parent.template_preference, brand_kit_id=parent.brand_kit_id,
        reference_pack_id=_pack_of(parent),
        variants=parent.variants if variants is None else variants, seed=seed,
    )


def regenerate(session: Session, services, user: User, parent: GenerationRequest | uuid.UUID | str, *,
               seed: int | None = None, variants: int | None = None, algorithm: str | None = None,
               idempotency_key: str | None = None) -> GenerationRequest:
    """A new generation of the same request with a new seed (``parent_id`` links them); it goes
    into the parent's conversation. Raises NotFound for another user's parent."""
    return submit_regeneration(
        session, services, user, parent, seed=seed, variants=variants, algorithm=algorithm,
        idempotency_key=idempotency_key,
    )[0]


def submit_regeneration(session: Session, services, user: User, parent: GenerationRequest | uuid.UUID | str, *,
                        seed: int | None = None, variants: int | None = None, algorithm: str | None = None,
                        idempotency_key: str | None = None,
                        admit: Callable[[], None] | None = None) -> tuple[GenerationRequest, bool]:
    """:func:`regenerate` that also says whether a new row was written (``created``); ``admit``
    as for :func:`submit_generation` (a replay is answered without it)."""
    if not isinstance(parent, GenerationRequest):
        parent = get_generation(session, user, parent)
    elif parent.user_id != user.id:
        raise NotFound("generation not found")
    key = _check_key(idempotency_key)
    existing = _by_key(session, user, key) if key is not None else None
    if existing is not None:  # a replayed regenerate: its random seed must not make it a "different body"
        asked = {"parent_id": parent.id, "seed": seed, "variants": variants, "algorithm": algorithm}
        if any(value is not None and getattr(existing, name) != value for name, value in asked.items()):
            raise Conflict("this Idempotency-Key was already used for a different request", code="idempotency_conflict")
        return existing, False
    params = regeneration_params(parent, seed=seed, variants=variants, algorithm=algorithm)
    return submit_generation(
        session, services, user, params, idempotency_key=key, conversation_id=parent.conversation_id,
        parent=parent, admit=admit,
    )


def resolve_algorithm(session: Session, name: str | None, algorithm_id: uuid.UUID | None = None) -> Algorithm:
    """The active algorithm by name and/or id, or the default one when neither is given.

    Raises InvalidInput for unknown or inactive algorithms and for a name/id mismatch.
    """
    if name is None and algorithm_id is None:
        row = repository.default_algorithm(session)
    else:
        row = repository.find_active_algorithm(session, name, algorithm_id)
    if row is None:
        names = repository.active_algorithm_names(session)
        wanted = name if name is not None else str(algorithm_id)
        raise InvalidInput(f"unknown algorithm {wanted!r}; choose one of {sorted(names)}", code="unknown_algorithm")
    return row


# internals ------------------------------------------------------------------------------------

def _as_uuid(value: uuid.UUID | str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound("generation not found") from None


def _check_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise InvalidInput(f"Idempotency-Key must be 1-{MAX_IDEMPOTENCY_KEY} printable characters",
                           code="invalid_idempotency_key")
    return key


def _by_key(session: Session, user: User, key: str) -> GenerationRequest | None:
    return repository.by_idempotency_key(session, user.id, key)


def _check_references(session: Session, user: User, params: GenerationParams,
                      conversation_id: uuid.UUID | None) -> None:
    """Every referenced asset/conversation/brand kit must be the user's (NotFound otherwise)."""
    from routix.assets.service import get_asset

    for asset_id in params.asset_ids():
        get_asset(session, user, asset_id)
    if conversation_id is not None:
        repository.get_owned_conversation(session, user.id, conversation_id)
    template_for_preference(session, user.id, params.template_preference)
    if params.brand_kit_id is not None:
        get_owned_kit(session, user.id, params.brand_kit_id)


def _fingerprint(params: GenerationParams, algorithm: str, conversation_id: uuid.UUID | None,
                 parent: GenerationRequest | None) -> dict[str, Any]:
    return {
        "prompt": params.prompt, "title": params.title, "algorithm": algorithm,
        "face_asset_ids": [str(a) for a in params.face_asset_ids],
        "logo_asset_id": str(params.logo_asset_id) if params.logo_asset_id else None,
        "inputs": input_rows(params), "style_preset": params.style_preset, "realism": params.realism,
        "brand_kit_id": str(params.brand_kit_id) if params.brand_kit_id else None,
        "reference_pack_id": str(params.reference_pack_id) if params.reference_pack_id else None,
        "template_preference": params.template_preference, "variants": params.variants, "seed": params.seed,
        "conversation_id": str(conversation_id) if conversation_id else None,
        "parent_id": str(parent.id) if parent is not None else None,
    }


def _row_fingerprint(row: GenerationRequest) -> dict[str, Any]:
    return {
        "prompt": row.prompt, "title": row.custom_text, "algorithm": row.algorithm,
        "face_asset_ids": [str(a) for a in row.face_asset_ids or []],
        "logo_asset_id": str(row.logo_asset_id) if row.logo_asset_id else None,
        "inputs": _own_inputs(row), "style_preset": row.style_preference, "realism": row.realism,
        "brand_kit_id": str(row.brand_kit_id) if row.brand_kit_id else None,
        "reference_pack_id": str(pack) if (pack := _pack_of(row)) else None,
        "template_preference": row.template_preference, "variants": row.variants, "seed": row.seed,
        "conversation_id": str(row.conversation_id) if row.conversation_id else None,
        "parent_id": str(row.parent_id) if row.parent_id else None,
    }


def input_rows(params: GenerationParams) -> list[dict[str, Any]]:
    """The request's ``inputs`` as stored on the row: ``{asset_id, role, mode}`` with string ids."""
    return [{"asset_id": str(i.asset_id), "role": i.role, "mode": i.mode} for i in params.inputs]


def _own_inputs(row: GenerationRequest) -> list[Any]:
    """The stored inputs the request listed itself (not those its reference pack added)."""
    return [i for i in row.inputs or [] if not i.get("pack_id")]


def _pack_of(row: GenerationRequest) -> uuid.UUID | None:
    """The reference pack the request named (recorded on the inputs it added), or None."""
    packs = [i["pack_id"] for i in row.inputs or [] if i.get("pack_id")]
    return uuid.UUID(str(packs[0])) if packs else None


def _replay(existing: GenerationRequest, wanted: dict[str, Any]) -> GenerationRequest:
    if _row_fingerprint(existing) != wanted:
        raise Conflict("this Idempotency-Key was already used for a different request", code="idempotency_conflict")
    return existing
