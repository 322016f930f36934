"""The service backend: the tools inside the app, as the user whose credential came with the
MCP request (:mod:`routix.mcp.http` authenticates it and sets :data:`caller`).

Each tool runs the use case its REST route runs: ``routix.assets.service.create_asset`` for a
face photo, ``routix.generations.service.submit_generation`` (credits, the generation rate limit,
the job) then the OpenAI-compatible API's wait (``routix.openai_compat.service.wait_for``),
``get_generation`` + ``result_view`` for a result, ``routix.videos.service.create_video`` (the
video rate limit and credits) for an animation. Links are the API's signed ones, made absolute
on the request's base URL when the blobs are local and ``ROUTIX_PUBLIC_URL`` is unset.
Versions go through ``routix.generations.versions`` (``submit_edit``, ``submit_undo``,
``version_tree``), titles through ``routix.titles.service``, presets through
``routix.presets.service`` and batches through ``routix.batches.service`` and ``control``;
``discover`` is ``routix.discover.service.discover`` (its cache included, the caller as the
viewer) and ``history`` is ``routix.history.service.search`` for the caller, each answered
as its route answers before the shared views of :mod:`routix.mcp.backend`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from routix.errors import RoutixError
from routix.generations.params import GenerationParams
from routix.generations.views import result_view
from routix.mcp.backend import (
    AnimateArgs,
    BatchArgs,
    DiscoverArgs,
    GenerateArgs,
    HistoryArgs,
    ToolFailure,
    algorithm_entries,
    batch_view,
    discover_page,
    generation_view,
    history_page,
    quality_report,
)
from routix.store.models import User
from routix.videos.schemas import VideoCreate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from routix.services import Services
    from routix.store.models import User

_FINAL = {"completed", "failed"}


@dataclass(frozen=True)
class Caller:
    """The authenticated user of one MCP request, its rate-limit admissions and base URL."""

    user_id: uuid.UUID
    base_url: str
    admit_generation: Callable[[], None] | None = None
    admit_video: Callable[[], None] | None = None


#: The caller of the MCP request being handled (set per request by ``routix.mcp.http``).
caller: ContextVar[Caller | None] = ContextVar("routix_mcp_caller", default=None)


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error.get("loc", ()))
    return f"{where}: {error['msg']}" if where else str(error["msg"])


class ServiceBackend:
    """The tools' backend inside the app (see the module docstring)."""

    where = "on this Routix server, as the user whose API key is the Bearer token"

    def __init__(self, services: Services) -> None:
        self.services = services

    @staticmethod
    def _caller() -> Caller:
        who = caller.get()
        if who is None:  # routix.mcp.http sets it for every request; a tool never runs without
            raise ToolFailure("not authenticated: send 'Authorization: Bearer <API key>'")
        return who

    @contextmanager
    def _as_user(self) -> Iterator[tuple[Session, User]]:

        who = self._caller()
        with self.services.db.session() as session:
            user = session.get(User, who.user_id)
            if user is None:
                raise ToolFailure("this account no longer exists")
            yield session, user

    def _absolute(self, link: Any) -> Any:
        from routix.openai_compat.service import absolute

        return absolute(link, self._caller().base_url) if isinstance(link, str) else link

    def generate(self, args: GenerateArgs) -> dict[str, Any]:
        from routix.assets.service import create_asset
        from routix.generations.service import submit_generation
        from routix.openai_compat.service import wait_for

        who = self._caller()
        try:
            with self._as_user() as (session, user):
                face_ids: list[Any] = list(args.face_asset_ids)
                for i, photo in enumerate(args.faces):
                    face_ids.append(create_asset(session, self.services, user, photo, f"face-{i + 1}", "face").id)
                params = GenerationParams(prompt=args.prompt, title=args.title, algorithm=args.algorithm,
                                          variants=args.variants, seed=args.seed, face_asset_ids=face_ids)
                row, _ = submit_generation(session, self.services, user, params, admit=who.admit_generation)
                generation_id = row.id
            wait_for(self.services, generation_id)
        except ValidationError as exc:
            raise ToolFailure(_first_problem(exc)) from None
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None
        return self.get(str(generation_id))

    def _row_view(self, generation_id: str) -> dict[str, Any]:
        from routix.generations.service import get_generation

        try:
            with self._as_user() as (session, user):
                return result_view(get_generation(session, user, generation_id), self.services)
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None

    def get(self, generation_id: str) -> dict[str, Any]:
        return generation_view(self._row_view(generation_id), self._absolute)

    def thumbnail(self, generation_id: str) -> bytes | None:
        from routix.generations.service import get_generation

        try:
            with self._as_user() as (session, user):
                row = get_generation(session, user, generation_id)
                key = (row.outputs or {}).get("thumbnail.jpg") if row.status == "completed" else None
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None
        return self.services.blobs.get(key) if key else None

    def quality(self, generation_id: str) -> dict[str, Any]:
        row = self._row_view(generation_id)
        return quality_report(row, generation_id)

    def algorithms(self) -> list[dict[str, Any]]:
        from routix.openai_compat.service import list_models

        with self._as_user() as (session, _):
            models = list_models(session)
        return algorithm_entries(models)

    def animate(self, generation_id: str, args: AnimateArgs) -> dict[str, Any]:
        from routix.videos.service import create_video, get_video
        from routix.videos.views import video_view

        who = self._caller()
        try:
            body = VideoCreate.model_validate({"preset": args.preset, "duration": args.duration, "size": args.size,
                                               "formats": [*args.formats, "poster"]})
            with self._as_user() as (session, user):
                video_id = create_video(session, self.services, user, generation_id, body, admit=who.admit_video).id
            deadline = time.monotonic() + self.services.settings.openai_wait_seconds
            while True:
                with self._as_user() as (session, user):
                    view = video_view(get_video(session, user, video_id), self.services)
                if view["status"] in _FINAL:
                    break
                if time.monotonic() > deadline:
                    raise ToolFailure(f"video {video_id} is still {view['status']}; it goes on: follow it at "
                                      f"/api/v1/videos/{video_id}")
                time.sleep(0.25)
        except ValidationError as exc:
            raise ToolFailure(_first_problem(exc)) from None
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None
        if view["status"] == "failed":
            raise ToolFailure((view.get("error") or {}).get("message") or "the animation failed")
        files = {f["name"]: self._absolute(f["url"]) for f in (view.get("files") or {}).values()}
        return {"generation_id": generation_id, "video_id": view["id"], "status": view["status"],
                "preset": view["preset"], "duration": view["duration"], "files": files}

    def _version(self, submit: Callable[[Session, User], tuple[Any, bool]]) -> dict[str, Any]:
        """Submit a new version as the caller, wait for it; its generation view."""
        from routix.openai_compat.service import wait_for

        try:
            with self._as_user() as (session, user):
                version_id = submit(session, user)[0].id
            wait_for(self.services, version_id)
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None
        return self.get(str(version_id))

    def edit(self, version_id: str, instruction: str) -> dict[str, Any]:
        from routix.generations.versions import submit_edit

        who = self._caller()
        return self._version(lambda session, user: submit_edit(
            session, self.services, user, version_id, instruction=instruction, admit=who.admit_generation))

    def undo(self, version_id: str) -> dict[str, Any]:
        from routix.generations.versions import submit_undo

        who = self._caller()
        return self._version(lambda session, user: submit_undo(
            session, self.services, user, version_id, admit=who.admit_generation))

    def versions(self, version_id: str) -> dict[str, Any]:
        from routix.generations.versions import version_tree
        from routix.generations.views import tree_view

        try:
            with self._as_user() as (session, user):
                tree = tree_view(version_tree(session, user, version_id), self.services)
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None
        for version in tree["versions"]:
            version["thumbnail_url"] = self._absolute(version["thumbnail_url"])
        return tree

    def titles(self, prompt: str, count: int, version_id: str | None) -> dict[str, Any]:
        from routix.titles.service import suggest

        try:
            with self._as_user() as (session, user):
                return suggest(session, self.services, user, prompt, version_id=_uuid(version_id), count=count)
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None

    def refine_title(self, title: str, mode: str, version_id: str | None) -> dict[str, Any]:
        from routix.titles.service import refine

        try:
            with self._as_user() as (session, user):
                return refine(session, user, title, mode, version_id=_uuid(version_id))
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None

    def presets(self) -> list[dict[str, Any]]:
        from routix.presets.service import list_presets

        return [{**p, "preview_url": self._absolute(p["preview_url"])} for p in list_presets()]

    def create_batch(self, args: BatchArgs) -> dict[str, Any]:
        from routix.batches import control
        from routix.batches.schemas import BatchCreate
        from routix.batches.service import create_from_json

        try:
            body = BatchCreate.model_validate({"name": args.name, "rows": args.rows, "settings": args.settings,
                                               "cost_cap": args.cost_cap, "start": args.start})
            with self._as_user() as (session, user):
                made = create_from_json(session, self.services, user, body)
                if body.start:
                    control.start(session, self.services, made)
                batch_id = str(made.id)
        except ValidationError as exc:
            raise ToolFailure(_first_problem(exc)) from None
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None
        return self.batch(batch_id)

    def batch(self, batch_id: str) -> dict[str, Any]:
        from routix.batches import repository
        from routix.batches.service import get_batch
        from routix.batches.views import rows_view, status_view

        try:
            with self._as_user() as (session, user):
                found, _ = get_batch(session, user, _uuid(batch_id) or batch_id)
                view = status_view(session, found)
                view["rows"] = rows_view(session, repository.all_rows(session, found.id), self.services)
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None
        return batch_view(view, self._absolute)

    def discover(self, args: DiscoverArgs) -> dict[str, Any]:
        from routix.discover.repository import KEYSETS, DiscoverFilters
        from routix.discover.service import discover
        from routix.kit.pagination import PageRequest

        try:
            if args.cursor:
                KEYSETS[args.sort].decode(args.cursor)  # as the route: a cursor of another sort before the cache
            page = PageRequest(limit=args.limit, cursor=args.cursor)
            with self._as_user() as (session, user):
                answer = discover(session, self.services, args.sort, DiscoverFilters(category=args.category), page,
                                  user)
        except ValidationError as exc:
            raise ToolFailure(_first_problem(exc)) from None
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None
        return discover_page(answer, self._absolute)

    def history(self, args: HistoryArgs) -> dict[str, Any]:
        from routix.history import repository
        from routix.history.repository import HistoryFilters
        from routix.history.service import search
        from routix.history.views import history_view
        from routix.kit.pagination import PageRequest

        filters = HistoryFilters(q=args.search, status=args.status, category=args.category)
        try:
            page = PageRequest(limit=args.limit, cursor=args.cursor)
            with self._as_user() as (session, user):
                found = search(session, user, filters, "newest", page)
                public = repository.published_ids(session, [row.id for row in found.items])
                items = [history_view(row, self.services, row.id in public) for row in found.items]
        except ValidationError as exc:
            raise ToolFailure(_first_problem(exc)) from None
        except RoutixError as exc:
            raise ToolFailure(exc.message) from None
        return history_page({"items": items, **found.fields()}, self._absolute)


def _uuid(value: str | None) -> uuid.UUID | None:
    """``value`` as a UUID (None for None); ToolFailure for anything else."""
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ToolFailure(f"{value!r} is not an id (ids look like 0d5e3c6e-...)") from None
