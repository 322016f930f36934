"""The OpenAI-compatible images API as use cases: a request becomes a durable generation
(``routix.generations.service.submit_generation``: credits, idempotency rules and the job row
as for any generation), the call waits for the job to finish, and the outputs come back in
OpenAI's ImagesResponse shape.

Waiting: the row is read again every 0.1-1 s until it is ``completed`` or ``failed``, for at
most ``settings.openai_wait_seconds`` (GenerationTimeout, 504, naming the generation, which
goes on and can be followed at ``/api/v1/generation/<id>``). A generation that no worker has
claimed after :data:`UNCLAIMED_GRACE` seconds while no job at all is running has no worker to
run it (the API runs without workers and none are started elsewhere): on the embedded queue
this process then runs the job itself; with Celery it answers NoWorker (503).

Images: index 0 is the thumbnail (16:9 sizes: ``thumbnail.png``), the cover (1:1 sizes:
``cover.jpg``, scaled to the size asked) or the design rendered at 1080x1920 from its 9:16
layout (portrait sizes; rendered once, then stored as ``v1/short-...``), index k > 0 the
variant ``variant-k.jpg``. A file is
served as stored when it already has the asked format, size and default quality; otherwise it
is re-encoded (Pillow) and, for ``url``, stored next to the outputs as
``generations/<id>/v1/<stem>-<w>x<h>-<quality>.<ext>`` so the signed link stays stable.
"""

from __future__ import annotations

import base64
import io
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PIL import Image
from sqlalchemy.orm import Session

from routix.algorithms import repository as algorithms
from routix.errors import InvalidInput, RoutixError, Unavailable
from routix.generations import service as generations
from routix.generations.edit_jobs import EDIT
from routix.generations.jobs import GENERATION
from routix.generations.params import GenerationParams
from routix.generations.renders import render_generation
from routix.generations.views import PERMANENT_ERRORS, output_key, signed_url
from routix.jobs.inline import worker_name
from routix.jobs.runner import run_to_end
from routix.openai_compat import repository
from routix.openai_compat.schemas import MODEL_PREFIX, SIZES, ImageOptions
from routix.store.models import FINAL_STATUSES, Algorithm, GenerationRequest, User

#: Seconds a new generation may stay unclaimed while no worker is busy; then this process runs
#: it itself (embedded queue) or answers NoWorker (Celery). An idle worker claims within 0.5 s.
UNCLAIMED_GRACE = 3.0
#: JPEG/WebP quality by ``quality`` when ``output_compression`` is not given.
QUALITY = {"low": 70, "medium": 82}
DEFAULT_QUALITY = 90
_PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
_MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


class BadParam(InvalidInput):
    """A request parameter OpenAI's API would refuse: 400 with ``param`` naming it."""

    status = 400

    def __init__(self, message: str, *, param: str | None, code: str = "invalid_value") -> None:
        super().__init__(message, code=code)
        self.param = param


class GenerationTimeout(RoutixError):
    """The generation did not finish within ``openai_wait_seconds``: 504 ``generation_timeout``."""

    code = "generation_timeout"
    status = 504


class NoWorker(Unavailable):
    """No worker claims the generation: 503 ``no_worker``."""

    code = "no_worker"


class GenerationFailed(RoutixError):
    """The generation failed: 400 when the request itself was refused (its code is permanent),
    500 otherwise. ``code`` is the generation's error code."""

    def __init__(self, code: str | None, message: str | None) -> None:
        code = code or "generation_failed"
        super().__init__(message or "The generation failed.", code=code)
        self.status = 400 if code in PERMANENT_ERRORS else 500


@dataclass(frozen=True)
class Output:
    """How the images are answered: ``size`` (width, height) px, ``fmt`` png/jpeg/webp,
    ``quality`` 0-100 (JPEG/WebP quality; PNG compression effort), ``default`` whether the
    quality is the default one (then a stored file of the right format is served as is)."""

    size: tuple[int, int]
    fmt: str
    quality: int
    default: bool
    as_url: bool

    @property
    def square(self) -> bool:
        return self.size[0] == self.size[1]

    @property
    def tall(self) -> bool:
        return self.size[1] > self.size[0]


# models ---------------------------------------------------------------------------------------

def list_models(session: Session) -> list[dict[str, Any]]:
    """The active algorithms as OpenAI models: ``routix-<name>``, created (Unix seconds)."""
    return [
        {"id": MODEL_PREFIX + row.name, "object": "model", "owned_by": "routix",
         "created": int(row.created_at.timestamp()) if row.created_at else 0}
        for row in algorithms.list_algorithms(session) if row.is_active
    ]


def resolve_model(session: Session, model: str | None) -> Algorithm:
    """The active algorithm ``model`` names (``routix-<name>`` or ``<name>``); the default one
    for None. Raises BadParam (``model_not_found``) for anything else."""
    name = model.removeprefix(MODEL_PREFIX) if model else None
    try:
        return generations.resolve_algorithm(session, name)
    except InvalidInput:
        known = ", ".join(m["id"] for m in list_models(session))
        raise BadParam(f"The model {model!r} does not exist; use one of: {known}.", param="model",
                       code="model_not_found") from None


# requests -------------------------------------------------------------------------------------

def output_for(options: ImageOptions) -> Output:
    """The answer's shape from the request. Raises BadParam for a size Routix does not design,
    for n > 1 at a 1:1 size, and for ``stream``."""
    if options.partial_images and not options.stream:
        raise BadParam("partial_images needs stream=true.", param="partial_images", code="unsupported_value")
    size = SIZES.get(options.size or "auto")
    if size is None:
        raise BadParam(f"Invalid size {options.size!r}. Supported: {', '.join(SIZES)} "
                       "(1536x1024 and 1792x1024 answer 1280x720).", param="size")
    if options.n > 1 and size[1] > size[0]:
        raise BadParam("n > 1 adds variants, which are designed at 16:9: ask for 1280x720, 1536x1024 or "
                       "1792x1024, or n=1 for a 9:16 image.", param="n")
    if options.n > 1 and size[0] == size[1]:
        raise BadParam("n > 1 adds variants, which are designed at 16:9: ask for 1280x720, 1536x1024 or "
                       "1792x1024, or n=1 for a 1:1 image.", param="n")
    fmt = options.output_format or "png"
    if options.output_compression is not None:
        quality, default = options.output_compression, False
    else:
        quality = QUALITY.get(options.quality or "", DEFAULT_QUALITY)
        default = quality == DEFAULT_QUALITY
    return Output(size=size, fmt=fmt, quality=quality, default=default,
                  as_url=(options.response_format or "b64_json") == "url" and not options.stream)


def submit(session: Session, services: Any, user: User, options: ImageOptions,
           face_asset_ids: list[uuid.UUID] | None = None) -> GenerationRequest:
    """Start the generation for ``options`` (committed and dispatched; credits reserved).
    Raises BadParam for an unknown model, InsufficientCredits (402) and the generation
    service's own errors."""
    algorithm = resolve_model(session, options.model)
    params = GenerationParams(
        prompt=options.prompt, title=options.title, algorithm=algorithm.name, seed=options.seed,
        variants=options.n - 1, face_asset_ids=face_asset_ids or [],
    )
    row, _ = generations.submit_generation(session, services, user, params)
    return row


def wait_for(services: Any, generation_id: uuid.UUID, *, timeout: float | None = None,
             grace: float = UNCLAIMED_GRACE) -> GenerationRequest:
    """The generation once final (a detached row). Raises GenerationTimeout after ``timeout``
    seconds (default ``settings.openai_wait_seconds``), NoWorker (see the module docstring) and
    GenerationFailed when it failed."""
    for step in waiting(services, generation_id, timeout=timeout, grace=grace):
        if step is not None:
            return step
    raise GenerationFailed("internal_error", "The wait ended without a result.")  # pragma: no cover


def waiting(services: Any, generation_id: uuid.UUID, *, timeout: float | None = None,
            grace: float = UNCLAIMED_GRACE) -> Iterator[GenerationRequest | None]:
    """:func:`wait_for` step by step: yields None after every look at the row (0.1-1 s apart)
    and finally the completed row; raises as :func:`wait_for` does."""
    limit = services.settings.openai_wait_seconds if timeout is None else timeout
    started = time.monotonic()
    delay = 0.1
    while True:
        with services.db.session() as session:
            row = session.get(GenerationRequest, generation_id)
            if row is None:
                raise GenerationFailed("not_found", "The generation is gone.")
            if row.status in FINAL_STATUSES:
                session.expunge(row)
                break
            elapsed = time.monotonic() - started
            orphan = None
            if elapsed > grace and repository.running_jobs(session) == 0:
                orphan = _unclaimed(session, generation_id)
        if orphan is not None:
            _run_here(services, orphan, generation_id, grace)
        elif elapsed > limit:
            raise GenerationTimeout(f"Generation {generation_id} is still running after {limit:g} s; it goes on: "
                                    f"follow it at /api/v1/generation/{generation_id}.")
        yield None
        time.sleep(delay)
        delay = min(1.0, delay * 1.5)
    if row.status == "failed":
        raise GenerationFailed(row.error_code, row.error_message)
    yield row


def _unclaimed(session: Session, generation_id: uuid.UUID) -> uuid.UUID | None:
    """The generation's job id while no worker ever claimed it, else None."""
    job = repository.job_of(session, (GENERATION.name, EDIT.name), generation_id)
    return job.id if job is not None and job.status == "pending" and job.attempt == 0 else None


def _run_here(services: Any, job_id: uuid.UUID, generation_id: uuid.UUID, grace: float) -> None:
    """No worker is alive: on the embedded queue this process runs the job itself (claimed
    with a lease like any worker, so a worker that shows up meanwhile cannot run it twice);
    with Celery, NoWorker."""
    if services.settings.queue != "inline":
        raise NoWorker(f"No worker picked up generation {generation_id} within {grace:g} s; it stays "
                       f"queued: follow it at /api/v1/generation/{generation_id}.")
    run_to_end(services, job_id, worker_name("v1", 0))


# answers --------------------------------------------------------------------------------------

def images_response(services: Any, row: GenerationRequest, options: ImageOptions, output: Output,
                    base_url: str) -> dict[str, Any]:
    """OpenAI's ImagesResponse for completed generation ``row``: ``options.n`` images as signed
    absolute links (``base_url`` completes a relative link) or base64."""
    data = []
    for index in range(options.n):
        image = _image(services, row, index, output, base_url)
        data.append({**image, "revised_prompt": None})
    quality = {"low": "low", "medium": "medium"}.get(options.quality or "", "high")
    created = int(row.completed_at.timestamp()) if row.completed_at else int(time.time())
    return {"created": created, "data": data, "background": "opaque", "output_format": output.fmt,
            "quality": quality, "size": f"{output.size[0]}x{output.size[1]}", "routix_version": str(row.id)}


def source_name(row: GenerationRequest, index: int, output: Output) -> str:
    """The stored output image ``index`` is made from (see the module docstring)."""
    if index == 0:
        return "short.png" if output.tall else "cover.jpg" if output.square else "thumbnail.png"
    name = f"variant-{index}.jpg"
    if name not in (row.outputs or {}):
        raise GenerationFailed("internal_error", f"Variant {index} of the generation is missing.")
    return name


def _image(services: Any, row: GenerationRequest, index: int, output: Output, base_url: str) -> dict[str, str]:
    name = source_name(row, index, output)
    if name == "short.png":
        return _tall_image(services, row, output, base_url)
    stored = services.blobs.get((row.outputs or {})[name])
    as_is = output.default and _format_of(name) == output.fmt
    data = stored
    if as_is:
        with Image.open(io.BytesIO(stored)) as probe:
            as_is = probe.size == output.size
    if not as_is:
        data = encode(stored, output)
    if not output.as_url:
        return {"b64_json": base64.b64encode(data).decode("ascii")}
    if as_is:
        return {"url": absolute(signed_url(services, row, name) or "", base_url)}
    return _derived(services, row, name, output, data, base_url)


def _derived_name(name: str, output: Output) -> str:
    ext = "jpg" if output.fmt == "jpeg" else output.fmt
    return f"v1/{name.rsplit('.', 1)[0]}-{output.size[0]}x{output.size[1]}-q{output.quality}.{ext}"


def _derived(services: Any, row: GenerationRequest, name: str, output: Output, data: bytes | None,
             base_url: str) -> dict[str, str]:
    """The link of the derived file of ``name`` for ``output``, storing ``data`` first (None:
    it is stored already)."""
    derived = _derived_name(name, output)
    key = output_key(row.id, derived)
    if data is not None:
        services.blobs.put(key, data, _MEDIA_TYPES[output.fmt])
    link = services.blobs.url(key, ttl=services.settings.signed_url_ttl,
                              filename=f"routix-{str(row.id)[:8]}-{derived.replace('/', '-')}")
    return {"url": absolute(link or "", base_url)}


def _tall_image(services: Any, row: GenerationRequest, output: Output, base_url: str) -> dict[str, str]:
    """The 1080x1920 image of ``row``: its design rendered from the 9:16 layout, encoded as
    asked and kept as a derived file (rendered once per format and quality)."""
    key = output_key(row.id, _derived_name("short.png", output))
    data = services.blobs.get(key) if services.blobs.exists(key) else None
    stored = data is not None
    if data is None:
        image = render_generation(services, row, output.size)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", compress_level=1)
        data = encode(buffer.getvalue(), output)
    if not output.as_url:
        if not stored:
            services.blobs.put(key, data, _MEDIA_TYPES[output.fmt])
        return {"b64_json": base64.b64encode(data).decode("ascii")}
    return _derived(services, row, "short.png", output, None if stored else data, base_url)


def encode(data: bytes, output: Output) -> bytes:
    """``data`` (a stored output) resized to ``output.size`` (Lanczos) and encoded as
    ``output.fmt`` at ``output.quality``."""
    with Image.open(io.BytesIO(data)) as source:
        image = source.convert("RGB")
    if image.size != output.size:
        image = image.resize(output.size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if output.fmt == "png":
        image.save(out, format="PNG", compress_level=max(0, min(9, round(output.quality * 9 / 100))))
    else:
        image.save(out, format=_PIL_FORMATS[output.fmt], quality=max(1, output.quality))
    return out.getvalue()


def absolute(link: str, base_url: str) -> str:
    """``link`` as an absolute URL: a relative link (local blobs without ``ROUTIX_PUBLIC_URL``)
    gets ``base_url`` (the request's) in front."""
    return link if "://" in link else base_url.rstrip("/") + link


def _format_of(name: str) -> str:
    ext = name.rsplit(".", 1)[-1]
    return "jpeg" if ext == "jpg" else ext


# streams --------------------------------------------------------------------------------------

#: The stage images a stream sends as partial images, in order (``routix.generate.pipeline``).
STAGE_IMAGES = ("stage-backdrop.jpg", "stage-composed.jpg")


def stream_events(services: Any, generation_id: uuid.UUID, options: ImageOptions, output: Output,
                  event_prefix: str) -> Iterator[str]:
    """Server-sent events in the SDK's shape for ``stream=true``: a comment line (``: waiting``)
    after every look at the row while the generation runs (keeps proxies from closing an idle
    stream), ``<event_prefix>.partial_image`` events for the first ``partial_images`` stage
    images as the pipeline makes them (the painted backdrop, then the composition before the
    title; 16:9 sizes only, the stages are 16:9 renders), then one ``<event_prefix>.completed``
    event per image (``b64_json``). ``event_prefix`` is ``image_generation`` or ``image_edit``.
    A failure ends the stream with an ``error`` event ``{"type": "error", "error": {...}}``,
    which the SDK raises as ``openai.APIError`` with Routix's message."""
    quality = {"low": "low", "medium": "medium"}.get(options.quality or "", "high")
    stages = [] if output.square else list(STAGE_IMAGES[:options.partial_images or 0])
    try:
        row = None
        for step in waiting(services, generation_id):
            if step is not None:
                row = step
                break
            while stages and services.blobs.exists(output_key(generation_id, stages[0])):
                yield _partial(services, generation_id, stages.pop(0), output, event_prefix, quality)
            yield ": waiting\n\n"
        assert row is not None
        for name in stages:  # made while the last look at the row was being taken
            if name in (row.outputs or {}):
                yield _partial(services, generation_id, name, output, event_prefix, quality)
        answer = images_response(services, row, options, output, "")
        usage = {"input_tokens": 0, "output_tokens": 0, "total_tokens": 0,
                 "input_tokens_details": {"image_tokens": 0, "text_tokens": 0}}
        for image in answer["data"]:
            event = {"type": f"{event_prefix}.completed", "b64_json": image["b64_json"],
                     "created_at": answer["created"], "size": answer["size"], "quality": answer["quality"],
                     "background": "opaque", "output_format": answer["output_format"], "usage": usage}
            yield sse(f"{event_prefix}.completed", event)
    except RoutixError as exc:
        error = {"message": exc.message, "type": "server_error" if exc.status >= 500 else "invalid_request_error",
                 "param": None, "code": exc.code}
        yield sse("error", {"type": "error", "error": error})


def _partial(services: Any, generation_id: uuid.UUID, name: str, output: Output, event_prefix: str,
             quality: str) -> str:
    """The ``partial_image`` event of stage image ``name`` (its index in :data:`STAGE_IMAGES`),
    encoded like the final image."""
    data = encode(services.blobs.get(output_key(generation_id, name)), output)
    event = {"type": f"{event_prefix}.partial_image", "b64_json": base64.b64encode(data).decode("ascii"),
             "created_at": int(time.time()), "size": f"{output.size[0]}x{output.size[1]}", "quality": quality,
             "background": "opaque", "output_format": output.fmt, "partial_image_index": STAGE_IMAGES.index(name)}
    return sse(f"{event_prefix}.partial_image", event)


def sse(event: str, data: dict[str, Any]) -> str:
    """One server-sent event."""
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"
