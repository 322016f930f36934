"""Batches for the local MCP backend: run to their end in this process, their files in a folder.

:func:`run_batch` turns the tool's rows into a sheet, runs it through
:class:`routix.batches.local.LocalBatches` (the server's use cases and ``batch_row`` job kind
in a throw-away service) and writes ``<root>/batch-<id>/`` (``batch.csv``, ``batch.json``,
``images/``) plus the batch view (``batch-view.json``) that :func:`read_batch` answers later.
Offline there are no stored photos (``face_asset_ids`` is refused), no drafts (a batch runs
at once) and no generation ids for the rows (their files are the batch folder's).
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from routix.batches.schemas import BatchSettings
from routix.batches.sheets import Sheet
from routix.errors import RoutixError
from routix.mcp.backend import BatchArgs, ToolFailure, batch_view

#: The view a finished local batch leaves next to its files.
VIEW_FILE = "batch-view.json"
#: The row fields a local batch takes, as sheet columns.
COLUMNS = ("name", "prompt", "title", "variants", "algorithm")
_ID = re.compile(r"^[0-9a-f]{32}$")
#: Batch statuses after which nothing runs any more (paused: the local account ran dry).
_STOPPED = {"completed", "cancelled", "paused"}


def run_batch(root: Path, args: BatchArgs, *, workers: int = 2, poll: float = 0.25) -> dict[str, Any]:
    """Run ``args``' rows to their end; the batch view with the image files' paths as links."""
    from routix.batches.local import LocalBatches

    if any(row.get("face_asset_ids") for row in args.rows):
        raise ToolFailure("face_asset_ids need a Routix server (routix mcp --server URL)")
    if not args.start:
        raise ToolFailure("offline, a batch runs at once: draft batches need a Routix server")
    try:
        settings = BatchSettings.model_validate(args.settings)
    except ValidationError as exc:
        raise ToolFailure(f"settings: {exc.errors()[0]['msg']}") from None
    sheet = Sheet(columns=list(COLUMNS),
                  rows=[{c: "" if row.get(c) is None else str(row[c]) for c in COLUMNS} for row in args.rows])
    try:
        with tempfile.TemporaryDirectory(prefix="routix-mcp-batch-") as folder, \
                LocalBatches(Path(folder), workers=workers) as local:
            created = local.create(sheet, {c: c for c in COLUMNS}, settings, name=args.name)
            batch_id = created["id"]
            if created["estimate"]["rows"]:
                local.start(batch_id)
            while (status := local.status(batch_id))["status"] not in _STOPPED and created["estimate"]["rows"]:
                time.sleep(poll)
            out = root / f"batch-{batch_id.replace('-', '')}"
            local.write_outputs(batch_id, out)
    except RoutixError as exc:
        raise ToolFailure(str(exc)) from None
    items = json.loads((out / "batch.json").read_text())["rows"]
    errors = created["errors"]
    rows = [{**item, "errors": errors.get(item["position"]) or [], "error_message": item.get("error"),
             "generation_id": None,  # the throw-away service's id: nothing here answers it
             "thumbnail_url": str(out / item["thumbnail_url"]) if item.get("thumbnail_url") else None}
            for item in items]
    view = batch_view({**status, "id": batch_id.replace("-", ""), "rows": rows})
    view["files"] = {"csv": str(out / "batch.csv"), "json": str(out / "batch.json")}
    (out / VIEW_FILE).write_text(json.dumps(view, indent=2, default=str))
    return json.loads((out / VIEW_FILE).read_text())


def read_batch(root: Path, batch_id: str) -> dict[str, Any]:
    """The view :func:`run_batch` left for ``batch_id``; ToolFailure for an unknown id."""
    key = batch_id.strip().lower().replace("-", "")
    path = root / f"batch-{key}" / VIEW_FILE
    if not _ID.match(key) or not path.is_file():
        raise ToolFailure(f"no batch {batch_id!r} here (ids come from create_batch)")
    view: dict[str, Any] = json.loads(path.read_text())
    return view
