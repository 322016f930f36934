"""What the MCP tools need from wherever generations run: one small protocol, three backends.

Every method is blocking (the tools call it in a worker thread) and raises :class:`ToolFailure`
with a message meant for the agent (what was wrong, what to do) when the request cannot be
answered. Views are plain JSON-able dicts:

* a **generation view**: ``id``, ``status`` (``completed``, ``failed`` or a running state),
  ``progress``, ``title``, ``error`` (a message, when failed), ``files`` (name -> link or local
  path), ``variants`` (links or paths), ``quality_passed``;
* an **animation view**: ``preset``, ``duration``, ``status`` and ``files`` (name -> link or path);
* a **version tree**: ``root_id``, ``version_id``, ``ancestors`` and ``children`` (ids) and
  ``versions`` (``id``, ``parent_id``, ``kind``, ``status``, ``edit_summary``, ``thumbnail_url``);
* **titles**: ``suggestions`` (``text``, ``feed_letter_px``: letter height at 168x94 in px,
  ``fits``) and ``source``; a refined title is one such ``{text, feed_letter_px, fits}``;
* a **batch view**: the API's batch status (``id``, ``name``, ``status``, ``counts`` per row
  status, ``total``, ``credits_spent``, ``eta_seconds``) plus ``rows`` (``position``, ``name``,
  ``status``, ``errors``, ``error_message``, ``generation_id``, ``thumbnail_url``);
* a **discover page**: ``sort``, ``total``, ``next_cursor`` and ``items`` (``slug``, ``title``,
  ``display_name``, ``category``, ``algorithm``, ``prompt``, ``published_at``, ``like_count``,
  ``view_count``, ``liked``, ``url``: the public page, ``image_url``: the 1280x720 JPEG,
  ``video_url``);
* a **history page**: ``total``, ``next_cursor`` and ``items`` (``id``, ``name``, ``status``,
  ``kind``, ``title``, ``prompt``, ``algorithm``, ``category``, ``created_at``, ``published``,
  ``thumbnail_url``, ``error``), newest first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


def generation_view(row: dict[str, Any], link: Callable[[Any], Any] = lambda value: value) -> dict[str, Any]:
    """The generation view of the API's answer to ``GET /api/v1/generation/{id}`` (the
    generations' ``result_view``): links named by file (``thumbnail``, ``cover``, ``psd`` ...),
    each passed through ``link`` (e.g. made absolute on a server's base URL)."""
    result = row.get("result") or {}
    request = row.get("request") or {}
    return {
        "id": row["id"], "status": row["status"], "progress": row.get("progress"), "title": request.get("title"),
        "error": (row.get("error") or {}).get("message"), "algorithm": row.get("algorithm"),
        "algorithm_used": row.get("algorithm_used") or row.get("algorithm"), "prompt": request.get("prompt"),
        "files": {k.removesuffix("_url"): link(v) for k, v in result.items() if k.endswith("_url") and v},
        "variants": [link(v) for v in result.get("variants") or []],
        "quality_passed": (result.get("quality") or {}).get("passed") if result else None,
        "notes": list(result.get("notes") or []),
        "kind": row.get("kind") or "generate", "edit_summary": row.get("edit_summary"),
    }


class ToolFailure(Exception):
    """A request the backend could not answer; ``str(exc)`` is the message for the agent."""


def quality_report(row: dict[str, Any], generation_id: str) -> dict[str, Any]:
    """The quality report inside the API's generation answer ``row``; ToolFailure while the
    generation is not completed."""
    if row["status"] != "completed":
        raise ToolFailure(f"generation {generation_id} is {row['status']}; its quality report comes once it is "
                          "completed")
    report: dict[str, Any] = (row.get("result") or {}).get("quality") or {}
    return report


def algorithm_entries(models: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{"name", "description"}]`` from the OpenAI-compatible model list (``routix-<name>`` ids)."""
    return [{"name": str(m["id"]).removeprefix("routix-"), "description": f"OpenAI-compatible model id {m['id']}"}
            for m in models]


@dataclass(frozen=True)
class GenerateArgs:
    """A thumbnail request: ``faces`` are encoded photos (bytes), ``face_asset_ids`` stored ones."""

    prompt: str
    title: str | None = None
    algorithm: str | None = None
    variants: int = 0
    seed: int | None = None
    faces: list[bytes] = field(default_factory=list)
    face_asset_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnimateArgs:
    """An animation of a completed generation's design (the options of ``routix animate``)."""

    preset: str = "parallax"
    duration: float = 5.0
    size: str = "1280x720"
    formats: list[str] = field(default_factory=lambda: ["mp4"])


#: The row fields a batch tool shows (the API's row view has more).
BATCH_ROW_FIELDS = ("position", "name", "status", "errors", "error_message", "generation_id", "thumbnail_url")


def batch_view(view: dict[str, Any], link: Callable[[Any], Any] = lambda value: value) -> dict[str, Any]:
    """The batch view (see the module docstring) of the API's ``GET /api/v1/batches/{id}``."""
    keep = ("id", "name", "status", "pause_reason", "pause_message", "counts", "total", "credits_spent",
            "cost_cap", "eta_seconds", "estimate")
    out: dict[str, Any] = {k: view.get(k) for k in keep}
    out["id"] = str(out["id"])
    out["rows"] = [{k: (link(row.get(k)) if k == "thumbnail_url" else row.get(k)) for k in BATCH_ROW_FIELDS}
                   for row in view.get("rows") or []]
    for row in out["rows"]:
        row["generation_id"] = str(row["generation_id"]) if row["generation_id"] else None
    return out


@dataclass(frozen=True)
class DiscoverArgs:
    """A page of the public feed (``GET /api/v1/discover``'s parameters)."""

    sort: str = "recent"
    category: str | None = None
    limit: int = 20
    cursor: str | None = None


@dataclass(frozen=True)
class HistoryArgs:
    """A page of the caller's own generations, newest first (``GET /api/v1/history``'s)."""

    search: str | None = None
    status: str | None = None
    category: str | None = None
    limit: int = 20
    cursor: str | None = None


def discover_page(answer: dict[str, Any], link: Callable[[Any], Any] = lambda value: value) -> dict[str, Any]:
    """The discover page (see the module docstring) of the API's ``GET /api/v1/discover``
    answer; the page, image and video addresses each passed through ``link``."""
    items = [{
        "slug": item["slug"], "title": item.get("title"), "display_name": item.get("display_name"),
        "category": item.get("category"), "algorithm": item.get("algorithm"),
        "prompt": (item.get("remix") or {}).get("prompt"), "published_at": item.get("published_at"),
        "like_count": item.get("like_count", 0), "view_count": item.get("view_count", 0), "liked": item.get("liked"),
        "url": link(item.get("url")), "image_url": link((item.get("images") or {}).get("large")),
        "video_url": link(item.get("video_url")),
    } for item in answer.get("items") or []]
    return {"sort": answer.get("sort"), "total": answer.get("total"), "next_cursor": answer.get("next_cursor"),
            "items": items}


def history_page(answer: dict[str, Any], link: Callable[[Any], Any] = lambda value: value) -> dict[str, Any]:
    """The history page (see the module docstring) of the API's ``GET /api/v1/history``
    answer; each thumbnail link passed through ``link``."""
    items = []
    for row in answer.get("items") or []:
        request = row.get("request") or {}
        brief = (row.get("result") or {}).get("brief") or {}
        items.append({
            "id": str(row["id"]), "name": row.get("name"), "status": row["status"],
            "kind": row.get("kind") or "generate", "title": request.get("title"), "prompt": request.get("prompt"),
            "algorithm": row.get("algorithm"), "category": brief.get("category"), "created_at": row.get("created_at"),
            "published": bool(row.get("published")), "thumbnail_url": link(row.get("thumbnail_url")),
            "error": (row.get("error") or {}).get("message"),
        })
    return {"total": answer.get("total"), "next_cursor": answer.get("next_cursor"), "items": items}


@dataclass(frozen=True)
class BatchArgs:
    """A batch from rows (``prompt``, ``title``, ``name``, ``face_asset_ids``, ``variants``,
    ``algorithm`` each, as ``POST /api/v1/batches`` takes them) and shared ``settings``."""

    rows: list[dict[str, Any]]
    name: str = "Batch"
    settings: dict[str, Any] = field(default_factory=dict)
    start: bool = True
    cost_cap: int | None = None


class Backend(Protocol):
    """Where the tools' generations run (see the module docstring)."""

    #: shown to the agent: where this server acts ("offline, in this process", "https://...")
    where: str

    def generate(self, args: GenerateArgs) -> dict[str, Any]:
        """Run one generation to its end; its generation view (``failed`` raises ToolFailure)."""
        ...

    def get(self, generation_id: str) -> dict[str, Any]:
        """The generation view of ``generation_id`` (unknown ids raise ToolFailure)."""
        ...

    def thumbnail(self, generation_id: str) -> bytes | None:
        """The 1280x720 thumbnail (JPEG bytes) of a completed generation, else None."""
        ...

    def quality(self, generation_id: str) -> dict[str, Any]:
        """The quality report of a completed generation (ToolFailure while it runs)."""
        ...

    def algorithms(self) -> list[dict[str, Any]]:
        """The algorithms a generation may name: ``name`` and ``description`` each."""
        ...

    def animate(self, generation_id: str, args: AnimateArgs) -> dict[str, Any]:
        """Animate a completed generation; its animation view."""
        ...

    def edit(self, version_id: str, instruction: str) -> dict[str, Any]:
        """A new version of ``version_id`` made by a plain-language ``instruction``, run to its
        end; its generation view (an unclear instruction raises ToolFailure with the question)."""
        ...

    def undo(self, version_id: str) -> dict[str, Any]:
        """A new version whose design is the one before ``version_id``; its generation view."""
        ...

    def versions(self, version_id: str) -> dict[str, Any]:
        """The version tree ``version_id`` belongs to."""
        ...

    def titles(self, prompt: str, count: int, version_id: str | None) -> dict[str, Any]:
        """``count`` title suggestions for ``prompt`` (checked in ``version_id``'s title box)."""
        ...

    def refine_title(self, title: str, mode: str, version_id: str | None) -> dict[str, Any]:
        """``title`` rewritten by ``mode`` (shorter, punchier, upper, title, sentence)."""
        ...

    def presets(self) -> list[dict[str, Any]]:
        """The style presets (the API's ``PresetOut`` each)."""
        ...

    def create_batch(self, args: BatchArgs) -> dict[str, Any]:
        """A batch of the rows (started unless ``args.start`` is false); its batch view."""
        ...

    def batch(self, batch_id: str) -> dict[str, Any]:
        """The batch view of ``batch_id``."""
        ...

    def discover(self, args: DiscoverArgs) -> dict[str, Any]:
        """A page of the public thumbnails (anyone's published ones); its discover page."""
        ...

    def history(self, args: HistoryArgs) -> dict[str, Any]:
        """A page of the caller's own generations, newest first; its history page."""
        ...
