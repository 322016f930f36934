"""The MCP tools for versions, titles, presets and batches, each a thin call into a
:class:`~routix.mcp.backend.Backend`.

``register(server, backend)`` adds ``edit_thumbnail``, ``undo``, ``list_versions``,
``suggest_titles``, ``refine_title``, ``list_presets``, ``create_batch`` and ``batch_status``.
Answers and errors have the shape of :mod:`routix.mcp.tools`: text (JSON) plus
``structuredContent``, the new version's thumbnail as image content (JPEG, 1280x720), and a
tool error (``isError``) carrying the problem's message.
"""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.fastmcp import FastMCP
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field

from routix.batches.schemas import MAX_ROWS
from routix.generations.params import MAX_PROMPT, MAX_TITLE_CHARS, MAX_VARIANTS
from routix.mcp.backend import Backend, BatchArgs
from routix.mcp.tools import answer, errors_as_results, run

VersionId = Annotated[str, Field(description=(
    "a version id: the id generate_thumbnail, edit_thumbnail or undo returned (every generation is a version)"))]
OptionalVersion = Annotated[str | None, Field(description=(
    "optional version id: check the titles against that version's title box instead of a typical one"))]


class BatchRow(BaseModel):
    """One row of a batch: one thumbnail."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(min_length=1, max_length=MAX_PROMPT, description="what this thumbnail is about")
    title: str | None = Field(default=None, max_length=MAX_TITLE_CHARS, description="the title to draw")
    name: str | None = Field(default=None, max_length=200, description="a name for the row (file names)")
    face_asset_ids: list[str] = Field(default_factory=list, max_length=16,
                                      description="ids of face photos uploaded to the server")
    variants: int | None = Field(default=None, ge=0, le=MAX_VARIANTS, description="overrides the batch's variants")
    algorithm: str | None = Field(default=None, max_length=100, description="overrides the batch's algorithm")


def register(server: FastMCP, backend: Backend) -> None:
    """Add the version, title, preset and batch tools, acting through ``backend``, to ``server``."""

    async def with_thumbnail(view: dict) -> CallToolResult:
        return answer(view, await run(backend.thumbnail, view["id"]))

    @server.tool(annotations=ToolAnnotations(title="Edit a thumbnail", readOnlyHint=False, openWorldHint=False))
    @errors_as_results
    async def edit_thumbnail(
        version_id: VersionId,
        instruction: Annotated[str, Field(min_length=1, max_length=2000, description=(
            'What to change, in plain words: "make the title bigger", "title in yellow", "move me to the '
            'left", "darker background", "add a fire sticker", "change the title to \'I Made It\'"'))],
    ) -> CallToolResult:
        """Make a new version of a thumbnail by a plain-language instruction. The earlier
        version stays (undo goes back). Reusing the art is free; asking for new art costs the
        algorithm's credits. Waits for the new version and returns its image, id, what changed
        (edit_summary) and links. An unclear instruction is an error whose message is the
        question to answer."""
        return await with_thumbnail(await run(backend.edit, version_id, instruction))

    @server.tool(annotations=ToolAnnotations(title="Undo an edit", readOnlyHint=False, openWorldHint=False))
    @errors_as_results
    async def undo(version_id: VersionId) -> CallToolResult:
        """Go back: a new version whose design is the one before this version (undoing an
        undo brings the undone design back). Free. Returns the new version like edit_thumbnail."""
        return await with_thumbnail(await run(backend.undo, version_id))

    @server.tool(annotations=ToolAnnotations(title="List versions", readOnlyHint=True, openWorldHint=False))
    @errors_as_results
    async def list_versions(version_id: VersionId) -> CallToolResult:
        """The history of a thumbnail: root_id, this version's ancestors (root first) and
        children, and every version of the tree (id, parent_id, kind: generate/edit/undo/
        variant, status, edit_summary, thumbnail link), oldest first."""
        return answer(await run(backend.versions, version_id))

    @server.tool(annotations=ToolAnnotations(title="Suggest titles", readOnlyHint=True, openWorldHint=False))
    @errors_as_results
    async def suggest_titles(
        prompt: Annotated[str, Field(min_length=1, max_length=MAX_PROMPT, description="What the video is about")],
        count: Annotated[int, Field(ge=3, le=8, description="How many titles (3-8)")] = 5,
        version_id: OptionalVersion = None,
    ) -> CallToolResult:
        """Short title options for a thumbnail, each with its letter height at feed size
        (168x94 px; 7 px or more reads well: `fits`). Pass one (or your own) as
        generate_thumbnail's title, or edit a version with "change the title to '...'"."""
        return answer(await run(backend.titles, prompt, count, version_id))

    @server.tool(annotations=ToolAnnotations(title="Refine a title", readOnlyHint=True, openWorldHint=False))
    @errors_as_results
    async def refine_title(
        title: Annotated[str, Field(min_length=1, max_length=MAX_TITLE_CHARS, description="The title to rewrite")],
        mode: Annotated[Literal["shorter", "punchier", "upper", "title", "sentence"], Field(description=(
            "shorter (fewer words), punchier, or a case rule: upper, title (Title Case), sentence"))],
        version_id: OptionalVersion = None,
    ) -> CallToolResult:
        """A title rewritten shorter, punchier or recased, keeping its meaning words, with its
        letter height at feed size (168x94 px) and whether it reads there (`fits`)."""
        return answer(await run(backend.refine_title, title, mode, version_id))

    @server.tool(annotations=ToolAnnotations(title="List style presets", readOnlyHint=True, openWorldHint=False))
    @errors_as_results
    async def list_presets() -> CallToolResult:
        """The style presets (name, label, description, template family, palette, title
        treatment, art motif, realism 0-100, and a preview picture link on a server)."""
        return answer({"presets": await run(backend.presets), "where": backend.where})

    @server.tool(annotations=ToolAnnotations(title="Create a batch", readOnlyHint=False, openWorldHint=False))
    @errors_as_results
    async def create_batch(
        rows: Annotated[list[BatchRow], Field(min_length=1, max_length=MAX_ROWS, description=(
            "One object per thumbnail: prompt (required), title, name, face_asset_ids, variants, algorithm"))],
        name: Annotated[str, Field(min_length=1, max_length=200, description="The batch's name")] = "Batch",
        algorithm: Annotated[str | None, Field(description="Algorithm for every row (see list_algorithms)")] = None,
        variants: Annotated[int, Field(ge=0, le=MAX_VARIANTS, description="Extra variants per row")] = 0,
        cost_cap: Annotated[int | None, Field(ge=0, description="Most credits the batch may spend")] = None,
        start: Annotated[bool, Field(description="Start the valid rows at once (else a draft)")] = True,
    ) -> CallToolResult:
        """A batch run: one thumbnail per row. On a server it runs in the background: follow
        it with batch_status. Offline it runs to its end before answering (no face_asset_ids,
        no drafts). Each row is validated on its own (a bad row keeps its errors, the others
        run). Returns the batch id, counts per status and the rows."""
        settings = {k: v for k, v in {"algorithm": algorithm, "variants": variants}.items() if v is not None}
        args = BatchArgs(rows=[r.model_dump(exclude_none=True) for r in rows], name=name, settings=settings,
                         start=start, cost_cap=cost_cap)
        return answer(await run(backend.create_batch, args))

    @server.tool(annotations=ToolAnnotations(title="Batch status", readOnlyHint=True, openWorldHint=False))
    @errors_as_results
    async def batch_status(
        batch_id: Annotated[str, Field(description="The id create_batch returned")],
    ) -> CallToolResult:
        """A batch's status (draft, running, paused, completed ...), counts per row status,
        credits spent, ETA in seconds, and every row with its status, errors, generation id
        (a version id: edit it with edit_thumbnail) and thumbnail link."""
        return answer(await run(backend.batch, batch_id))
