"""What users see of a generation: its status, its result (signed links) and its events.

Template secrecy: a view or event never carries ``template_id``, ``template_score`` or
``alternatives`` (internal columns); the only template reference is the opaque per-generation
``template_ref``.

Output names (blob keys ``generations/<id>/<name>``): ``thumbnail.jpg`` and ``thumbnail.png``
(1280x720), ``cover.jpg`` (3000x3000), ``design.psd``, ``design-1x1.psd``, ``design.json``, ``quality.json`` and
``variant-<k>.jpg``, and ``assets/<name>.png`` (every image the design refers to, named by
its reference: ``design.json`` plus these files re-render anywhere). Links are signed and
expire after ``settings.signed_url_ttl`` seconds.
"""

from __future__ import annotations

from typing import Any

from routix.generate.pipeline import GenerationRequest as PipelineRequest
from routix.store.models import GenerationRequest, utcnow

#: result key -> output name
RESULT_FILES = {
    "thumbnail_url": "thumbnail.jpg",
    "thumbnail_png_url": "thumbnail.png",
    "cover_url": "cover.jpg",
    "psd_url": "design.psd",
    "psd_square_url": "design-1x1.psd",
    "design_url": "design.json",
    "quality_url": "quality.json",
}

#: Error codes that no retry can fix (the request itself is wrong or refused).
PERMANENT_ERRORS = frozenset({
    "invalid_input", "invalid_image", "not_found", "content_blocked", "unknown_algorithm", "unknown_template_ref",
    "unsupported_media_type", "payload_too_large",
})

BRIEF_FIELDS = ("category", "mood", "energy", "style", "visual_elements", "title", "color_hints", "planner")


def iso(value) -> str | None:
    """ISO 8601 (UTC, with offset) or None."""
    return value.isoformat() if value is not None else None


def output_key(generation_id, name: str) -> str:
    """The blob key of output ``name`` of generation ``generation_id`` (deterministic, so a
    retried job overwrites its files instead of adding a second set)."""
    return f"generations/{generation_id}/{name}"


def signed_url(services, row: GenerationRequest, name: str) -> str | None:
    """A signed, expiring download link to output ``name`` of ``row`` (None if it has none)."""
    key = (row.outputs or {}).get(name)
    if not key:
        return None
    filename = f"routix-{str(row.id)[:8]}-{name.replace('/', '-')}"
    return services.blobs.url(key, ttl=services.settings.signed_url_ttl, filename=filename)


def variant_names(row: GenerationRequest) -> list[str]:
    """``variant-1.jpg`` .. ``variant-n.jpg`` present in the outputs, in order."""
    names = [n for n in (row.outputs or {}) if n.startswith("variant-") and n.endswith(".jpg")]
    return sorted(names, key=lambda n: int(n[len("variant-"):-len(".jpg")]))


def algorithm_used(row: GenerationRequest) -> str | None:
    """The algorithm that really made the thumbnail: ``lightning`` when a provider-backed
    algorithm fell back to it (every provider step skipped or failed), else the requested
    ``row.algorithm``; None until the generation has completed."""
    if row.status != "completed":
        return None
    painted = (row.usage or {}).get("algorithm_used")
    return "lightning" if painted == "lightning" else row.algorithm
def asset_names(row: GenerationRequest) -> list[str]:
    """``assets/<name>.png`` outputs: the images the design refers to, by their reference."""
    return sorted(n for n in (row.outputs or {}) if n.startswith("assets/"))


def status_view(row: GenerationRequest, services=None) -> dict[str, Any]:
    """The job's state: ``status`` (pending, analyzing, searching, composing, generating,
    completed, failed), ``stage`` (the pipeline stage, e.g. finalizing), ``progress`` 0-100,
    ``message``, ``attempt``, ``error`` {code, message} when failed, timestamps, and
    ``final_thumbnail_url`` (signed) once completed and ``thumbnail_url`` (signed) as soon as the
    thumbnail is stored (before the cover, PSD and variants), when ``services`` is given."""
    error = {"code": row.error_code, "message": row.error_message} if row.status == "failed" else None
    view = {
        "id": str(row.id), "status": row.status, "stage": row.stage, "progress": row.progress,
        "message": row.message, "attempt": row.attempt, "algorithm": row.algorithm,
        "algorithm_used": algorithm_used(row), "error": error,
        "created_at": iso(row.created_at), "updated_at": iso(row.updated_at), "started_at": iso(row.started_at),
        "completed_at": iso(row.completed_at), "processing_time": row.processing_time,
        "final_thumbnail_url": None, "thumbnail_url": None,
    }
    if services is not None and row.status != "failed":
        view["thumbnail_url"] = signed_url(services, row, "thumbnail.jpg")
        if row.status == "completed":
            view["final_thumbnail_url"] = view["thumbnail_url"]
    return view


def request_view(row: GenerationRequest) -> dict[str, Any]:
    """What was asked for (the effective seed included)."""
    return {
        "prompt": row.prompt, "title": row.custom_text, "algorithm": row.algorithm,
        "face_asset_ids": [str(a) for a in row.face_asset_ids or []],
        "logo_asset_id": str(row.logo_asset_id) if row.logo_asset_id else None,
        "inputs": list(row.inputs or []), "style_preset": row.style_preference, "realism": row.realism,
        "brand_kit_id": str(row.brand_kit_id) if row.brand_kit_id else None,
        "template_preference": row.template_preference, "variants": row.variants, "seed": effective_seed(row),
        "conversation_id": str(row.conversation_id) if row.conversation_id else None,
        "parent_id": str(row.parent_id) if row.parent_id else None,
    }


def effective_seed(row: GenerationRequest) -> int:
    """The row's seed, or the one the pipeline derives from prompt and title."""

    return PipelineRequest(prompt=row.prompt, title=row.custom_text, seed=row.seed).resolved_seed()


def result_view(row: GenerationRequest, services) -> dict[str, Any]:
    """Status + request + (once completed) ``result``: signed links to every file, the variants,
    the quality report inline, the brief, notes and stage timings (seconds)."""
    view = {**status_view(row, services), "request": request_view(row), "template_ref": row.template_ref,
            "kind": row.kind or "generate", "edit_summary": (row.edit or {}).get("summary"), "result": None}
    if row.status != "completed":
        return view
    result: dict[str, Any] = {key: signed_url(services, row, name) for key, name in RESULT_FILES.items()}
    result["variants"] = [signed_url(services, row, name) for name in variant_names(row)]
    result["variant_pngs"] = [signed_url(services, row, png) if (png := name.removesuffix(".jpg") + ".png")
                              in (row.outputs or {}) else None for name in variant_names(row)]
    result["variant_designs"] = [signed_url(services, row, name.removesuffix(".jpg") + ".json")
                                 for name in variant_names(row)]
    result["assets"] = {name: signed_url(services, row, name) for name in asset_names(row)}
    result["quality"] = row.quality
    result["brief"] = {k: v for k, v in (row.brief or {}).items() if k in BRIEF_FIELDS}
    result["notes"] = list(row.notes or [])
    result["timings"] = dict(row.timings or {})
    view["result"] = result
    return view


def retry_possible(code: str | None) -> bool:
    """Whether trying again (regenerate) can succeed after a failure with ``code``."""
    return code not in PERMANENT_ERRORS


def progress_event(row: GenerationRequest) -> dict[str, Any]:
    """``generation:progress`` for the row's current state."""
    return {"event": "generation:progress", "data": {
        "request_id": str(row.id), "status": row.status, "stage": row.stage, "progress": row.progress,
        "message": row.message, "attempt": row.attempt, "timestamp": iso(utcnow()),
    }}


def thumbnail_event(request_id: str, attempt: int, progress: int, thumbnail_url: str | None,
                    message: str | None = None) -> dict[str, Any]:
    """``generation:thumbnail``: the version's 1280x720 thumbnail is stored (a signed link) while
    its other files are still being made; a progress event (``generating``, ``finalizing``)."""
    data: dict[str, Any] = {"request_id": request_id, "status": "generating", "stage": "finalizing",
                            "progress": progress}
    if message is not None:
        data["message"] = message
    data.update(attempt=attempt, thumbnail_url=thumbnail_url, timestamp=iso(utcnow()))
    return {"event": "generation:thumbnail", "data": data}


def completed_event(row: GenerationRequest, services) -> dict[str, Any]:
    """``generation:completed`` with a signed thumbnail link."""
    return {"event": "generation:completed", "data": {
        "request_id": str(row.id), "status": "completed", "progress": 100,
        "thumbnail_url": signed_url(services, row, "thumbnail.jpg"), "processing_time": row.processing_time,
        "algorithm_used": algorithm_used(row), "template_ref": row.template_ref, "timestamp": iso(utcnow()),
    }}


def failed_event(row: GenerationRequest) -> dict[str, Any]:
    """``generation:failed`` with the error, its code and whether a retry may help."""
    return {"event": "generation:failed", "data": {
        "request_id": str(row.id), "status": "failed", "error": row.error_message, "code": row.error_code,
        "retry_possible": retry_possible(row.error_code), "timestamp": iso(utcnow()),
    }}


def event_for(row: GenerationRequest, services) -> dict[str, Any]:
    """The row's current state as the event a live subscriber would have received last
    (progress while running, completed or failed when final) - sent to late subscribers."""
    if row.status == "completed":
        return completed_event(row, services)
    if row.status == "failed":
        return failed_event(row)
    event = progress_event(row)
    if (row.outputs or {}).get("thumbnail.jpg"):  # the first phase is done: the link comes along
        event["data"]["thumbnail_url"] = signed_url(services, row, "thumbnail.jpg")
    return event



def version_view(row: GenerationRequest, services) -> dict[str, Any]:
    """One node of a version tree: ids, kind, status, what changed and the thumbnail link."""
    return {
        "id": str(row.id), "parent_id": str(row.parent_id) if row.parent_id else None, "kind": row.kind or "generate",
        "status": row.status, "edit_summary": (row.edit or {}).get("summary"), "created_at": iso(row.created_at),
        "thumbnail_url": signed_url(services, row, "thumbnail.jpg") if row.status == "completed" else None,
    }


def tree_view(tree: dict[str, Any], services) -> dict[str, Any]:
    """A version tree (``routix.generations.versions.version_tree``) as the API answers it."""
    return {
        "root_id": str(tree["root"].id), "version_id": str(tree["version"].id), "kept_id": str(tree["kept"].id),
        "ancestors": [str(row.id) for row in tree["ancestors"]], "children": [str(row.id) for row in tree["children"]],
        "versions": [version_view(row, services) for row in tree["versions"]],
    }
