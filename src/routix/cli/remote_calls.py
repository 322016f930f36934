"""What the CLI's commands do against a server (``--server``): the REST calls of generate,
animate, status, result and templates list/search, and the download of a generation's or a
video's files into a folder.

Files are staged and moved into ``--out`` only when every download succeeded
(:class:`routix.cli.support.DirectorySink`), as in local mode.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from routix.cli.remote import Remote
from routix.cli.support import DirectorySink
from routix.errors import RoutixError

#: A generation's result links -> the file names ``routix generate`` writes locally.
RESULT_FILES = {
    "thumbnail_url": "thumbnail.jpg", "thumbnail_png_url": "thumbnail.png", "cover_url": "cover.jpg",
    "psd_url": "design.psd", "design_url": "design.json", "quality_url": "quality.json",
}


def _stage(body: dict[str, Any]) -> str:
    return f"{body.get('stage') or body.get('status')}: {body.get('message') or ''}".strip(": ")


def _failed(body: dict[str, Any], what: str) -> RoutixError:
    error = body.get("error") or {}
    return RoutixError(error.get("message") or f"the {what} failed", code=error.get("code") or "failed")


def generate(remote: Remote, *, prompt: str, faces: list[tuple[str, bytes]], logo: tuple[str, bytes] | None,
             title: str | None, template: str | None, seed: int | None, variants: int, algorithm: str,
             show_progress: bool, wait: float) -> dict[str, Any]:
    """Upload the photos, create the generation, follow it to the end; returns the server's
    generation (``GET /api/v1/generation/{id}``). Raises RoutixError when it failed."""
    face_ids = [remote.upload(data, name, "face") for name, data in faces]
    body: dict[str, Any] = {"prompt": prompt, "title": title, "algorithm": algorithm, "variants": variants,
                            "seed": seed, "face_asset_ids": face_ids, "template_preference": template}
    if logo is not None:
        body["logo_asset_id"] = remote.upload(logo[1], logo[0], "logo")
    created = remote.call("POST", "/api/v1/generation/create", json={k: v for k, v in body.items() if v is not None})
    status = remote.follow(f"/api/v1/generation/{created['id']}/status", label="generate", show=show_progress,
                           wait=wait, describe=_stage)
    if status["status"] == "failed":
        raise _failed(status, "generation")
    return dict(remote.call("GET", f"/api/v1/generation/{created['id']}"))


def download_generation(remote: Remote, generation: dict[str, Any], out: Path) -> list[Path]:
    """Write a completed generation's files (thumbnail, PNG, cover, PSD, design, quality report,
    variants) into ``out``; returns the paths. Raises RoutixError when it is not completed."""
    result = generation.get("result")
    if generation.get("status") != "completed" or not result:
        raise RoutixError(f"generation {generation.get('id')} is {generation.get('status')}, it has no files yet",
                          code="not_completed")
    links = {name: result.get(key) for key, name in RESULT_FILES.items()}
    links.update({f"variant-{i}.jpg": url for i, url in enumerate(result.get("variants") or [], start=1)})
    sink = DirectorySink(out)
    try:
        for name, link in links.items():
            if link:
                sink.put(name, remote.download(link), "application/octet-stream")
    except BaseException:
        sink.discard()
        raise
    return sink.commit()


def animate(remote: Remote, generation_id: str, options: dict[str, Any], *, show_progress: bool,
            wait: float) -> dict[str, Any]:
    """Ask the server for a video of generation ``generation_id`` (``options``: the body of
    ``POST /api/v1/generation/{id}/video``), follow it; returns the final video."""
    video = remote.call("POST", f"/api/v1/generation/{generation_id}/video", json=options)
    video = remote.follow(f"/api/v1/videos/{video['id']}", label="animate", show=show_progress, wait=wait)
    if video["status"] == "failed":
        raise _failed(video, "animation")
    return video


def download_video(remote: Remote, video: dict[str, Any], out: Path) -> list[Path]:
    """Write a completed video's files (per format) into ``out``; returns the paths."""
    sink = DirectorySink(out)
    try:
        for entry in (video.get("files") or {}).values():
            sink.put(entry["name"], remote.download(entry["url"]), "application/octet-stream")
    except BaseException:
        sink.discard()
        raise
    return sink.commit()


def template_row(template: dict[str, Any]) -> dict[str, Any]:
    """A library template of the admin API as the row ``routix templates list`` prints."""
    return {"id": template["slug"], "name": template.get("name"), "category": template.get("category"),
            "tags": list(template.get("tags") or []), "description": template.get("description") or "",
            "source": template.get("source"), "status": template.get("status")}


def templates_list(remote: Remote) -> list[dict[str, Any]]:
    """Every library template (administrators only), page by page."""
    rows: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        page = remote.call("GET", "/api/v1/admin/templates", params=params)
        rows += [template_row(t) for t in page["items"]]
        cursor = page.get("next_cursor")
        if not cursor:
            return rows


def templates_search(remote: Remote, query: str, k: int, category: str | None) -> list[dict[str, Any]]:
    """The library's semantic search (administrators only): rows with ``score``."""
    body = {"query": query, "k": k, **({"category": category} if category else {})}
    found = remote.call("POST", "/api/v1/admin/templates/search", json=body)
    return [{**template_row(hit["template"]), "score": hit["similarity"]} for hit in found["results"]]


__all__ = ["animate", "download_generation", "download_video", "generate", "templates_list", "templates_search"]
