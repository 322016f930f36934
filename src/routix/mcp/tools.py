"""The MCP tools: what an agent can ask of Routix, each a thin call into a :class:`Backend`.

``register(server, backend)`` adds ``generate_thumbnail``, ``get_generation``,
``quality_report``, ``list_algorithms``, ``suggest_titles`` and ``animate``. Every tool answers
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
import re
from collections.abc import Awaitable, Callable
from functools import partial, wraps
from typing import Annotated, Any, ParamSpec

import anyio.to_thread
from mcp.server.fastmcp import FastMCP
from mcp.types import CallToolResult, ContentBlock, ImageContent, TextContent, ToolAnnotations
from pydantic import Field

from routix.brief.offline import get_planner
from routix.brief.title import extract_title
from routix.errors import RoutixError
from routix.generate.compose import derive_title
from routix.generations.params import MAX_PROMPT, MAX_SEED, MAX_TITLE_CHARS, MAX_VARIANTS
from routix.mcp.backend import AnimateArgs, Backend, GenerateArgs, ToolFailure

P = ParamSpec("P")
#: Largest face photo accepted as base64, bytes once decoded.
MAX_FACE_BYTES = 15_000_000

#: A title's introduction left at the end of the prompt once the title is cut out ("... titled").
_INTRO_AT_END = re.compile(r"\s*\b(?:titled|entitled|called|title\s*[:=]?|says|saying|text\s*:?|caption\s*:?)\s*$",
                           re.IGNORECASE)
GenerationId = Annotated[str, Field(description="a generation id, as generate_thumbnail returned it")]


def _text(data: Any) -> TextContent:
    return TextContent(type="text", text=json.dumps(data, indent=2, ensure_ascii=False))


def _answer(data: dict[str, Any], image: bytes | None = None) -> CallToolResult:
    content: list[ContentBlock] = [_text(data)]
    if image is not None:
        content.append(ImageContent(type="image", data=base64.b64encode(image).decode("ascii"),
                                    mimeType="image/jpeg"))
    return CallToolResult(content=content, structuredContent=data)


def _failure(message: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=message)], isError=True)


def _errors_as_results(fn: Callable[P, Awaitable[CallToolResult]]) -> Callable[P, Awaitable[CallToolResult]]:
    """A backend's refusal (ToolFailure) or a Routix error -> a tool error with its message."""

    @wraps(fn)
    async def run(*args: P.args, **kwargs: P.kwargs) -> CallToolResult:
        try:
            return await fn(*args, **kwargs)
        except (ToolFailure, RoutixError) as exc:
            return _failure(str(exc))

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


def suggested_titles(prompt: str, count: int = 4) -> dict[str, Any]:
    """Up to ``count`` title options for ``prompt``, derived offline by the title deriver the
    pipeline uses when no title is given (the first option, as the offline planner reads the
    prompt) from the prompt's words:
    a title the prompt carries ("titled ..."), then the first clause's words cut to fewer
    words (one-word cuts are left out). No language model is asked, so the options are the
    prompt's own words."""

    brief = get_planner().analyze(prompt)
    rest = prompt
    found = extract_title(prompt)
    if found is not None:  # the words around the carried title, without its "titled"
        (start, end) = found[1]
        rest = f"{_INTRO_AT_END.sub('', prompt[:start])} {prompt[end:]}".strip() or brief.category
    from_words = brief.model_copy(update={"title": None, "prompt": rest})
    first = derive_title(brief)
    shorter = [derive_title(from_words, max_words=n) for n in (7, 5, 4, 3)]
    titles = list(dict.fromkeys([first, *(t for t in shorter if len(t.split()) >= 2)]))[:count]
    return {"titles": titles, "category": brief.category, "mood": brief.mood,
            "title_in_prompt": brief.title}


def register(server: FastMCP, backend: Backend) -> None:
    """Add the Routix tools, acting through ``backend``, to ``server``."""

    async def run(fn: Callable[..., Any], *args: Any) -> Any:
        return await anyio.to_thread.run_sync(partial(fn, *args))

    @server.tool(annotations=ToolAnnotations(title="Generate a thumbnail", readOnlyHint=False, openWorldHint=False))
    @_errors_as_results
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
        return _answer(view, await run(backend.thumbnail, view["id"]))

    @server.tool(annotations=ToolAnnotations(title="Get a generation", readOnlyHint=True, openWorldHint=False))
    @_errors_as_results
    async def get_generation(generation_id: GenerationId) -> CallToolResult:
        """The status of a generation (completed, failed, or still running with its progress
        0-100) and, once completed, its links and the thumbnail image."""
        view = await run(backend.get, generation_id)
        image = await run(backend.thumbnail, view["id"]) if view["status"] == "completed" else None
        return _answer(view, image)

    @server.tool(annotations=ToolAnnotations(title="Quality report", readOnlyHint=True, openWorldHint=False))
    @_errors_as_results
    async def quality_report(generation_id: GenerationId) -> CallToolResult:
        """The quality report of a completed generation: WCAG contrast of the title, safe
        margins, the timestamp corner, small-size legibility (OCR) and whether it passed,
        with a message per problem found."""
        return _answer(await run(backend.quality, generation_id))

    @server.tool(annotations=ToolAnnotations(title="List algorithms", readOnlyHint=True, openWorldHint=False))
    @_errors_as_results
    async def list_algorithms() -> CallToolResult:
        """The generation algorithms ("Routix Versions") generate_thumbnail accepts, with what
        each one is."""
        return _answer({"algorithms": await run(backend.algorithms), "where": backend.where})

    @server.tool(annotations=ToolAnnotations(title="Suggest titles", readOnlyHint=True, openWorldHint=False))
    @_errors_as_results
    async def suggest_titles(
        prompt: Annotated[str, Field(min_length=1, max_length=MAX_PROMPT, description="What the video is about")],
        count: Annotated[int, Field(ge=1, le=5, description="How many options at most (1-5)")] = 4,
    ) -> CallToolResult:
        """A few short title options for a thumbnail, derived offline from the prompt's own
        words (no language model): the first is the title generate_thumbnail draws with the
        offline planner when none is given. Pass one (or your own) as generate_thumbnail's title."""
        return _answer(await run(suggested_titles, prompt, count))

    @server.tool(annotations=ToolAnnotations(title="Animate a thumbnail", readOnlyHint=False, openWorldHint=False))
    @_errors_as_results
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
        return _answer(view)
