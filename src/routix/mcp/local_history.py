"""The history of the local MCP backend: the generations under its folder, newest first.

The local backend keeps no database, but every version it makes leaves its view
(``<root>/<id>/generation.json``) next to its files, and those views are its history: the same
ones ``get_generation`` and ``list_versions`` read back. :func:`read_history` answers
``GET /api/v1/history``'s questions over them: ``search`` (every word a prefix of a word of the
prompt or title, as the server's full text matches), ``status`` and ``category`` (the design's
``meta.category``), a keyset cursor over (creation time, id). A view's creation time is its
file's modification time (the view is written once, when the version is made); nothing local
is published.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from routix.mcp.backend import HistoryArgs, ToolFailure

_CURSOR = re.compile(r"^(\d{1,20}):([0-9a-f]{32})$")
#: the most words of a search used (as the server's ``routix.history.repository.MAX_WORDS``)
MAX_WORDS = 8


@dataclass(frozen=True)
class _Entry:
    created_ns: int
    view: dict[str, Any]
    category: str | None

    @property
    def key(self) -> tuple[int, str]:
        return self.created_ns, str(self.view["id"])


def _folded(text: str) -> str:
    """Lower case without diacritics (the server's ``unicode61 remove_diacritics``)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _folded(text))


def _matches(view: dict[str, Any], wanted: list[str]) -> bool:
    words = _words(" ".join(str(view.get(k) or "") for k in ("prompt", "title")))
    return all(any(word.startswith(w) for word in words) for w in wanted)


def _category(folder: Path) -> str | None:
    try:
        meta = json.loads((folder / "design.json").read_text()).get("meta") or {}
    except (OSError, ValueError):
        return None
    return str(meta["category"]) if meta.get("category") else None


def encode_cursor(key: tuple[int, str]) -> str:
    return base64.urlsafe_b64encode(f"{key[0]}:{key[1]}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, str]:
    """The (creation time, id) after which the next page starts; ToolFailure for a cursor this
    history did not hand out."""
    try:
        found = _CURSOR.match(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (binascii.Error, ValueError):
        found = None
    if found is None:
        raise ToolFailure("this cursor was not handed out by history: pass a next_cursor it answered, or none")
    return int(found.group(1)), found.group(2)


def _item(entry: _Entry) -> dict[str, Any]:
    view = entry.view
    return {
        "id": view["id"], "name": view.get("title") or view.get("prompt") or "Untitled", "status": view["status"],
        "kind": view.get("kind") or "generate", "title": view.get("title"), "prompt": view.get("prompt"),
        "algorithm": view.get("algorithm"), "category": entry.category,
        "created_at": datetime.fromtimestamp(entry.created_ns / 1e9, UTC).isoformat(), "published": False,
        "thumbnail_url": (view.get("files") or {}).get("thumbnail.jpg"), "error": view.get("error"),
    }


def read_history(root: Path, args: HistoryArgs, view_file: str) -> dict[str, Any]:
    """A history page (:mod:`routix.mcp.backend`) of the versions under ``root``, newest first."""
    after = decode_cursor(args.cursor) if args.cursor else None
    wanted = _words(args.search or "")[:MAX_WORDS]
    entries = []
    for path in root.glob(f"*/{view_file}") if root.is_dir() else ():
        try:
            view = json.loads(path.read_text())
            created_ns = path.stat().st_mtime_ns
        except (OSError, ValueError):
            continue  # a folder being written or removed meanwhile
        if args.status and view.get("status") != args.status:
            continue
        if wanted and not _matches(view, wanted):
            continue
        category = _category(path.parent)
        if args.category and category != args.category:
            continue
        entries.append(_Entry(created_ns, view, category))
    entries.sort(key=lambda e: e.key, reverse=True)
    total = len(entries)
    if after is not None:
        entries = [e for e in entries if e.key < after]
    page = entries[:args.limit]
    more = len(entries) > args.limit
    return {"total": total, "next_cursor": encode_cursor(page[-1].key) if more and page else None,
            "items": [_item(e) for e in page]}
