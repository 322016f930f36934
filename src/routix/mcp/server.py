"""``build_server(backend)``: the Routix MCP server (a ``FastMCP`` with the tools of ``tools.py``).

Run it over stdio with ``routix mcp`` (:mod:`routix.cli.mcp`), or over streamable HTTP inside
the app at ``/mcp`` (:mod:`routix.mcp.http`).
"""

from __future__ import annotations

from typing import Any

from mcp.server.fastmcp import FastMCP

from routix.mcp import browse_tools, more_tools, tools
from routix.mcp.backend import Backend

INSTRUCTIONS = (
    "Routix makes YouTube thumbnails (1280x720) with editable layers. Call generate_thumbnail with a prompt "
    "(and optionally a title, a face photo, variants); it returns the image and a generation id. Use "
    "suggest_titles for title ideas, quality_report to check contrast and legibility, animate for an MP4, "
    "get_generation to fetch a generation again. Every generation is a version: edit_thumbnail changes it by a "
    "plain-language instruction, undo goes back, list_versions shows the history. list_presets names the style "
    "presets; create_batch and batch_status run many thumbnails at once. history searches your own generations; "
    "discover lists the thumbnails people published."
)


def build_server(backend: Backend, **settings: Any) -> FastMCP:
    """A FastMCP server named ``routix`` whose tools act through ``backend``; ``settings`` are
    FastMCP settings (e.g. ``streamable_http_path``, ``stateless_http``)."""
    server = FastMCP("routix", instructions=f"{INSTRUCTIONS} This server acts {backend.where}.", **settings)
    tools.register(server, backend)
    more_tools.register(server, backend)
    browse_tools.register(server, backend)
    return server
