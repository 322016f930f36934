"""The remote backend: a Routix server's REST API, as the user whose API key it holds.

Each tool call is the REST calls a script would make: ``POST /api/v1/assets`` for a face photo,
``POST /api/v1/generation/create`` then ``/status`` until the generation finishes, ``GET
/api/v1/generation/{id}`` for its result (signed links, the quality report inline),
``GET /v1/models`` for the algorithms, ``POST /api/v1/generation/{id}/video`` then
``GET /api/v1/videos/{id}`` for an animation; ``POST /api/v1/generation/{id}/edit`` or
``/undo`` then ``/status`` for a new version, ``GET .../tree`` for the versions,
``POST /api/v1/title/suggest`` and ``/refine``, ``GET /api/v1/presets``, ``POST
/api/v1/batches`` and ``GET /api/v1/batches/{id}``, ``GET /api/v1/discover`` and ``GET
/api/v1/history``. An error answer (problem+json, or OpenAI's shape
on ``/v1``) becomes a :class:`ToolFailure` carrying the server's own message.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from routix.kit.answers import error_message
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

#: Statuses after which a generation or a video changes no more.
_DONE = {"completed", "failed"}


class RemoteBackend:
    """Calls ``base_url`` with ``api_key`` as the Bearer token; waits up to ``wait`` seconds
    for a generation or a video, polling every ``poll`` seconds."""

    def __init__(self, base_url: str, api_key: str, *, wait: float = 300.0, poll: float = 0.5,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.where = f"the Routix server at {self.base_url}"
        self.wait = wait
        self.poll = poll
        self.http = httpx.Client(base_url=self.base_url, headers={"Authorization": f"Bearer {api_key}"},
                                 timeout=60, transport=transport)

    def close(self) -> None:
        self.http.close()

    def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise ToolFailure(f"cannot reach the Routix server at {self.base_url}: {exc}") from None
        if response.status_code >= 400:
            raise ToolFailure(error_message(response))
        return response.json() if response.content else None

    def _until_done(self, url: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.wait
        while True:
            body: dict[str, Any] = self._call("GET", url)
            if body.get("status") in _DONE:
                return body
            if time.monotonic() > deadline:
                raise ToolFailure(f"still {body.get('status')} after {self.wait:.0f} s; it keeps running: ask again "
                                  f"with get_generation (id {body.get('generation_id') or body.get('id')})")
            time.sleep(self.poll)

    def generate(self, args: GenerateArgs) -> dict[str, Any]:
        asset_ids = list(args.face_asset_ids)
        for i, photo in enumerate(args.faces):
            asset = self._call("POST", "/api/v1/assets", data={"asset_type": "face"},
                               files={"file": (f"face-{i + 1}", photo, "application/octet-stream")})
            asset_ids.append(asset["id"])
        body = {"prompt": args.prompt, "title": args.title, "algorithm": args.algorithm, "variants": args.variants,
                "seed": args.seed, "face_asset_ids": asset_ids}
        created = self._call("POST", "/api/v1/generation/create",
                             json={k: v for k, v in body.items() if v is not None})
        return self._finished(created["id"])

    def _finished(self, generation_id: str) -> dict[str, Any]:
        status = self._until_done(f"/api/v1/generation/{generation_id}/status")
        if status["status"] == "failed":
            raise ToolFailure((status.get("error") or {}).get("message") or "the generation failed")
        return self.get(generation_id)

    def _result(self, generation_id: str) -> dict[str, Any]:
        row: dict[str, Any] = self._call("GET", f"/api/v1/generation/{generation_id}")
        return row

    def _absolute(self, link: Any) -> Any:
        """A relative link (a server with local blobs and no ``ROUTIX_PUBLIC_URL``) on ``base_url``."""
        return self.base_url + link if isinstance(link, str) and link.startswith("/") else link

    def get(self, generation_id: str) -> dict[str, Any]:
        return generation_view(self._result(generation_id), self._absolute)

    def thumbnail(self, generation_id: str) -> bytes | None:
        url = ((self._result(generation_id).get("result") or {}).get("thumbnail_url"))
        if not url:
            return None
        try:
            if url.startswith("/") or url.startswith(self.base_url + "/"):
                response = self.http.get(url)
            else:  # a presigned bucket link: it carries its own authorisation, the API key must not go there
                response = httpx.get(url, timeout=60)
        except httpx.HTTPError as exc:
            raise ToolFailure(f"cannot download the thumbnail: {exc}") from None
        if response.status_code >= 400:
            raise ToolFailure(error_message(response))
        return response.content

    def quality(self, generation_id: str) -> dict[str, Any]:
        row = self._result(generation_id)
        return quality_report(row, generation_id)

    def algorithms(self) -> list[dict[str, Any]]:
        models = self._call("GET", "/v1/models")
        return algorithm_entries(models.get("data", []))

    def animate(self, generation_id: str, args: AnimateArgs) -> dict[str, Any]:
        video = self._call("POST", f"/api/v1/generation/{generation_id}/video",
                           json={"preset": args.preset, "duration": args.duration, "size": args.size,
                                 "formats": [*args.formats, "poster"]})
        video = self._until_done(f"/api/v1/videos/{video['id']}")
        if video["status"] == "failed":
            raise ToolFailure((video.get("error") or {}).get("message") or "the animation failed")
        files = {f["name"]: self._absolute(f["url"]) for f in (video.get("files") or {}).values()}
        return {"generation_id": generation_id, "video_id": video["id"], "status": video["status"],
                "preset": video["preset"], "duration": video["duration"], "files": files}

    def edit(self, version_id: str, instruction: str) -> dict[str, Any]:
        made = self._call("POST", f"/api/v1/generation/{version_id}/edit", json={"instruction": instruction})
        return self._finished(made["id"])

    def undo(self, version_id: str) -> dict[str, Any]:
        made = self._call("POST", f"/api/v1/generation/{version_id}/undo")
        return self._finished(made["id"])

    def versions(self, version_id: str) -> dict[str, Any]:
        tree: dict[str, Any] = self._call("GET", f"/api/v1/generation/{version_id}/tree")
        for version in tree.get("versions", []):
            version["thumbnail_url"] = self._absolute(version.get("thumbnail_url"))
        return tree

    def titles(self, prompt: str, count: int, version_id: str | None) -> dict[str, Any]:
        body = {"prompt": prompt, "count": count, "version_id": version_id}
        answer: dict[str, Any] = self._call("POST", "/api/v1/title/suggest",
                                            json={k: v for k, v in body.items() if v is not None})
        return answer

    def refine_title(self, title: str, mode: str, version_id: str | None) -> dict[str, Any]:
        body = {"title": title, "mode": mode, "version_id": version_id}
        answer: dict[str, Any] = self._call("POST", "/api/v1/title/refine",
                                            json={k: v for k, v in body.items() if v is not None})
        return answer

    def presets(self) -> list[dict[str, Any]]:
        items = self._call("GET", "/api/v1/presets")["items"]
        return [{**p, "preview_url": self._absolute(p.get("preview_url"))} for p in items]

    def create_batch(self, args: BatchArgs) -> dict[str, Any]:
        body = {"name": args.name, "rows": args.rows, "settings": args.settings, "start": args.start,
                "cost_cap": args.cost_cap}
        made = self._call("POST", "/api/v1/batches", json={k: v for k, v in body.items() if v is not None})
        return batch_view(made, self._absolute)

    def batch(self, batch_id: str) -> dict[str, Any]:
        return batch_view(self._call("GET", f"/api/v1/batches/{batch_id}"), self._absolute)

    def discover(self, args: DiscoverArgs) -> dict[str, Any]:
        params = {"sort": args.sort, "category": args.category, "limit": args.limit, "cursor": args.cursor}
        answer = self._call("GET", "/api/v1/discover", params={k: v for k, v in params.items() if v is not None})
        return discover_page(answer, self._absolute)

    def history(self, args: HistoryArgs) -> dict[str, Any]:
        params = {"q": args.search, "status": args.status, "category": args.category, "limit": args.limit,
                  "cursor": args.cursor, "sort": "newest"}
        answer = self._call("GET", "/api/v1/history", params={k: v for k, v in params.items() if v is not None})
        return history_page(answer, self._absolute)
