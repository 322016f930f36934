"""The MCP tools: what an agent can ask of Routix, each a thin call into a :class:`Backend`.

``register(server, backend)`` adds ``generate_thumbnail``, ``get_generation``,
``quality_report``, ``list_algorithms`` and ``animate`` (:mod:`routix.mcp.more_tools` adds the
version, title, preset and batch tools, :mod:`routix.mcp.browse_tools` discover and history).
Every tool answers
a ``CallToolResult``: text (a JSON summary) and ``structuredContent`` (the same dict), plus
the thumbnail as image content (JPEG, 1280x720) when there is one. A request that cannot be
answered (bad input, unknown id, a failed generation, the server's refusal) is a tool error
(``isError``) whose text is the problem's own message; argument checks (types, ranges) are the
SDK's, from the JSON Schema below.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from functools import partial, wraps
from typing import Annotated, Any, ParamSpec

import anyio.to_thread
from mcp.server.fastmcp import FastMCP
from mcp.types import CallToolResult, ContentBlock, ImageContent, TextContent, ToolAnnotations
from pydantic import Field

from routix.errors import RoutixError
from routix.generations.params import MAX_PROMPT, MAX_SEED, MAX_TITLE_CHARS, MAX_VARIANTS
from routix.mcp.backend import AnimateArgs, Backend, GenerateArgs, ToolFailure

P = ParamSpec("P")
#: Largest face photo accepted as base64, bytes once decoded.
MAX_FACE_BYTES = 15_000_000

GenerationId = Annotated[str, Field(description="a generation id, as generate_thumbnail returned it")]


def _text(data: Any) -> TextContent:
    return TextContent(type="text", text=json.dumps(data, indent=2, ensure_ascii=False))


def answer(data: dict[str, Any], image: bytes | None = None) -> CallToolResult:
    content: list[ContentBlock] = [_text(data)]
    if image is not None:
        content.append(ImageContent(type="image", data=base64.b64encode(image).decode("ascii"),
                                    mimeType="image/jpeg"))
    return CallToolResult(content=content, structuredContent=data)


def failure(message: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=message)], isError=True)


def errors_as_results(fn: Callable[P, Awaitable[CallToolResult]]) -> Callable[P, Awaitable[CallToolResult]]:
    """A backend's refusal (ToolFailure) or a Routix error -> a tool error with its message."""

    @wraps(fn)
    async def run(*args: P.args, **kwargs: P.kwargs) -> CallToolResult:
        try:
            return await fn(*args, **kwargs)
        except (ToolFailure, RoutixError) as exc:
            return failure(str(exc))

    return run


def _photo(text: str) -> bytes:
    """Base64 (or a ``data:image/...;base64,`` URL) -> bytes, with a message an agent can act on."""
    payload = text.split(",", 1)[1] if text.startswith("data:") and "," in text else text
    try:
        data = base64.b64decode(payload.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ToolFailure("face_image_base64 is not valid base64 (send the JPEG/PNG/WebP file's bytes, base64 "
                          "encoded)") from None
    if not data:
        raise ToolFailure("face_image_base64 is empty")
    if len(data) > MAX_FACE_BYTES:
        raise ToolFailure(f"the face photo is {len(data) / 1e6:.1f} MB; send at most {MAX_FACE_BYTES / 1e6:.0f} MB")
    return data


async def run(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in a worker thread (the backends block)."""
    return await anyio.to_thread.run_sync(partial(fn, *args))


def register(server: FastMCP, backend: Backend) -> None:
    """Add the Routix tools, acting through ``backend``, to ``server``."""

    @server.tool(annotations=ToolAnnotations(title="Generate a thumbnail", readOnlyHint=False, openWorldHint=False))
    @errors_as_results
    async def generate_thumbnail(
        prompt: Annotated[str, Field(min_length=1, max_length=MAX_PROMPT, description=(
            'What the thumbnail is about, in plain words: "gaming thumbnail with explosions". A title in quotes '
            'or after "titled" is drawn as the title.'))],
        title: Annotated[str | None, Field(max_length=MAX_TITLE_CHARS, description=(
            "The title text to draw, as written (default: derived from the prompt; see suggest_titles)"))] = None,
        algorithm: Annotated[str | None, Field(description=(
            "A name from list_algorithms (default: the server's default algorithm; offline: lightning, free)"))] = None,
        variants: Annotated[int, Field(ge=0, le=MAX_VARIANTS, description=(
            f"How many alternative designs to make too (0-{MAX_VARIANTS})"))] = 0,
        seed: Annotated[int | None, Field(ge=0, le=MAX_SEED, description=(
            "A fixed seed for the art; the same request and seed give the same thumbnail"))] = None,
        face_image_base64: Annotated[str | None, Field(description=(
            "A photo of the person to feature, JPEG/PNG/WebP bytes base64-encoded (a data: URL works too)"))] = None,
        face_asset_id: Annotated[str | None, Field(description=(
            "Or: the id of a face photo already uploaded to the Routix server (not available offline)"))] = None,
    ) -> CallToolResult:
        """Make a YouTube thumbnail (1280x720 JPEG) from a prompt, optionally with a title and a
        face photo. Waits until it is finished (a few seconds with lightning) and returns the
        image, the generation id (for get_generation, quality_report and animate) and links (or
        local file paths) to every file: thumbnail, 3000x3000 cover, layered PSD, design JSON,
        quality report and the variants."""
        args = GenerateArgs(
            prompt=prompt, title=title, algorithm=algorithm, variants=variants, seed=seed,
            faces=[_photo(face_image_base64)] if face_image_base64 else [],
            face_asset_ids=[face_asset_id] if face_asset_id else [],
        )
        view = await run(backend.generate, args)
        return answer(view, await run(backend.thumbnail, view["id"]))

    @server.tool(annotations=ToolAnnotations(title="Get a generation", readOnlyHint=True, openWorldHint=False))
    @errors_as_results
    async def get_generation(generation_id: GenerationId) -> CallToolResult:
        """The status of a generation (completed, failed, or still running with its progress
        0-100) and, once completed, its links and the thumbnail image."""
        view = await run(backend.get, generation_id)
        image = await run(backend.thumbnail, view["id"]) if view["status"] == "completed" else None
        return answer(view, image)

    @server.tool(annotations=ToolAnnotations(title="Quality report", readOnlyHint=True, openWorldHint=False))
    @errors_as_results
    async def quality_report(generation_id: GenerationId) -> CallToolResult:
        """The quality report of a completed generation: WCAG contrast of the title, safe
        margins, the timestamp corner, small-size legibility (OCR) and whether it passed,
        with a message per problem found."""
        return answer(await run(backend.quality, generation_id))

    @server.tool(annotations=ToolAnnotations(title="List algorithms", readOnlyHint=True, openWorldHint=False))
    @errors_as_results
    async def list_algorithms() -> CallToolResult:
        """The generation algorithms ("Routix Versions") generate_thumbnail accepts, with what
        each one is."""
        return answer({"algorithms": await run(backend.algorithms), "where": backend.where})

    @server.tool(annotations=ToolAnnotations(title="Animate a thumbnail", readOnlyHint=False, openWorldHint=False))
    @errors_as_results
    async def animate(
        generation_id: GenerationId,
        preset: Annotated[str, Field(description=(
            "zoom, pan, fade_in, parallax (layers move by depth), title_reveal or subject_pop"))] = "parallax",
        duration: Annotated[float, Field(ge=2, le=15, description="Seconds, 2-15")] = 5.0,
        size: Annotated[str, Field(description=(
            "1280x720 (the 16:9 layout), 1080x1080 (the 1:1 layout) or 1080x1920 (the 9:16 layout, "
            "Shorts/Reels)"))] = "1280x720",
    ) -> CallToolResult:
        """Animate a completed generation's layers into an MP4 (with a poster JPEG); returns
        links to the files (local file paths when running offline)."""
        view = await run(backend.animate, generation_id, AnimateArgs(preset=preset, duration=duration, size=size))
        return answer(view)
