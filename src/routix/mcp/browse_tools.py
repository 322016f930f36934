"""The MCP tools for looking around, each a thin call into a :class:`~routix.mcp.backend.Backend`.

``register(server, backend)`` adds ``discover`` (the public thumbnails people published on
the server: ``GET /api/v1/discover``) and ``history`` (the caller's own generations, newest
first: ``GET /api/v1/history``). Both answer one page and a ``next_cursor`` to pass back for
the next one. Answers and errors have the shape of :mod:`routix.mcp.tools`: text (JSON) plus
``structuredContent``, and a tool error (``isError``) carrying the problem's message (e.g. a
cursor of another sort, or discover offline).
"""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.fastmcp import FastMCP
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import Field

from routix.kit.pagination import CURSOR_PATTERN, DEFAULT_LIMIT, MAX_CURSOR_CHARS, MAX_LIMIT
from routix.mcp.backend import Backend, DiscoverArgs, HistoryArgs
from routix.mcp.tools import answer, errors_as_results, run

Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description=f"How many items (1-{MAX_LIMIT})")]
Cursor = Annotated[str | None, Field(min_length=1, max_length=MAX_CURSOR_CHARS, pattern=CURSOR_PATTERN, description=(
    "The next_cursor of the previous page, for the page after it (omit for the first page)"))]
Category = Annotated[str | None, Field(min_length=1, max_length=100, description=(
    "Only this category, exactly: gaming, food, tech, travel, science, education, ..."))]
#: The discover feed's orders (``routix.discover.repository.KEYSETS``).
Sort = Literal["recent", "popular", "trending"]
#: A generation's statuses (``routix.store.models.GENERATION_STATUSES``).
Status = Literal["pending", "analyzing", "searching", "composing", "generating", "completed", "failed"]


def register(server: FastMCP, backend: Backend) -> None:
    """Add the discover and history tools, acting through ``backend``, to ``server``."""

    @server.tool(annotations=ToolAnnotations(title="Discover public thumbnails", readOnlyHint=True,
                                             openWorldHint=False))
    @errors_as_results
    async def discover(
        sort: Annotated[Sort, Field(description=(
            "recent (newest first), popular (most likes), trending (likes and views; newer weigh more)"))] = "recent",
        category: Category = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> CallToolResult:
        """Thumbnails people published on the Routix server (only public ones): title, the
        publisher's display name, category, likes, views, the public page link and the 1280x720
        image link, and the prompt to remix. Pass next_cursor back (same sort) for the next page.
        Needs a server: offline nothing is published."""
        args = DiscoverArgs(sort=sort, category=category, limit=limit, cursor=cursor)
        return answer(await run(backend.discover, args))

    @server.tool(annotations=ToolAnnotations(title="Search your history", readOnlyHint=True, openWorldHint=False))
    @errors_as_results
    async def history(
        search: Annotated[str | None, Field(max_length=200, description=(
            "Words of the prompt, title or name; every word must match, each as a word's beginning"))] = None,
        status: Annotated[Status | None, Field(description=(
            "Only generations in this status (completed, failed, or a running one)"))] = None,
        category: Category = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> CallToolResult:
        """Your own generations (every version: generated, edited, undone), newest first, with
        their id (for get_generation, edit_thumbnail ...), name, status, prompt, title,
        category, whether published, and thumbnail link. Pass next_cursor back for the next
        page."""
        args = HistoryArgs(search=search, status=status, category=category, limit=limit, cursor=cursor)
        return answer(await run(backend.history, args))
