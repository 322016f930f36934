"""``routix mcp`` over stdio, driven by the MCP SDK's own client: the offline tools end to end."""

from __future__ import annotations

import base64
import io
import os
import sys
from pathlib import Path

import anyio
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from PIL import Image

from routix.mcp.backend import GenerateArgs
from routix.mcp.local import LocalBackend

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "routix" / "samples" / "grace_hopper.jpg"
TOOLS = {"generate_thumbnail", "get_generation", "quality_report", "list_algorithms", "suggest_titles", "animate",
         "edit_thumbnail", "undo", "list_versions", "refine_title", "list_presets", "create_batch", "batch_status",
         "discover", "history"}


def _image(result) -> Image.Image:
    images = [c for c in result.content if c.type == "image"]
    assert len(images) == 1 and images[0].mimeType == "image/jpeg"
    return Image.open(io.BytesIO(base64.b64decode(images[0].data)))


def _run(out: Path, body) -> None:
    params = StdioServerParameters(command=sys.executable, args=["-m", "routix.cli", "mcp", "--out", str(out)],
                                   env={**os.environ, "ROUTIX_OCR": "false"})

    async def main() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            await body(session)

    anyio.run(main)


def test_stdio_tools_generate_then_read_animate(tmp_path):
    async def body(session: ClientSession) -> None:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        assert set(tools) == TOOLS
        schema = tools["generate_thumbnail"].inputSchema
        assert schema["required"] == ["prompt"]
        assert schema["properties"]["variants"]["maximum"] == 8
        assert all(tool.description for tool in tools.values())

        photo = base64.b64encode(SAMPLE.read_bytes()).decode()
        made = await session.call_tool("generate_thumbnail", {
            "prompt": "history documentary about computing pioneers", "title": "The First Bug", "variants": 1,
            "face_image_base64": photo})
        assert not made.isError, made.content[0].text
        assert _image(made).size == (1280, 720)
        view = made.structuredContent
        assert view["status"] == "completed" and view["title"] == "The First Bug"
        assert Path(view["files"]["design.psd"]).is_file() and len(view["variants"]) == 1
        assert Path(view["files"]["thumbnail.jpg"]).parent.parent == tmp_path

        again = await session.call_tool("get_generation", {"generation_id": view["id"]})
        assert not again.isError and again.structuredContent["id"] == view["id"]
        assert _image(again).size == (1280, 720)

        report = await session.call_tool("quality_report", {"generation_id": view["id"]})
        assert not report.isError and {c["name"] for c in report.structuredContent["checks"]} >= {"title_contrast"}

        algorithms = await session.call_tool("list_algorithms", {})
        assert [a["name"] for a in algorithms.structuredContent["algorithms"]] == ["lightning"]

        titles = await session.call_tool("suggest_titles", {"prompt": "how to invest your first $1000, calm"})
        suggestions = titles.structuredContent["suggestions"]
        assert titles.structuredContent["source"] == "offline" and len(suggestions) == 5
        assert all(s["fits"] and s["feed_letter_px"] >= 7 for s in suggestions)
        assert any("$1000" in s["text"] for s in suggestions)

        video = await session.call_tool("animate", {"generation_id": view["id"], "preset": "zoom", "duration": 2})
        assert not video.isError, video.content[0].text
        mp4 = Path(video.structuredContent["files"]["zoom.mp4"])
        assert mp4.is_file() and mp4.read_bytes()[4:8] == b"ftyp"

    _run(tmp_path, body)


def test_stdio_tool_errors_carry_the_message(tmp_path):
    async def body(session: ClientSession) -> None:
        await session.list_tools()  # the SDK client validates calls against the listed tools
        cases = [
            ("get_generation", {"generation_id": "nope"}, "no generation 'nope'"),
            ("generate_thumbnail", {"prompt": "   "}, "prompt is empty"),
            ("generate_thumbnail", {"prompt": "a cat", "face_image_base64": "not base64!"}, "not valid base64"),
            ("generate_thumbnail", {"prompt": "a cat", "face_asset_id": "0d5e3c6e"}, "needs a Routix server"),
        ]
        for tool, arguments, expected in cases:
            result = await session.call_tool(tool, arguments)
            assert result.isError and expected in result.content[0].text, (tool, result.content)

        too_many = await session.call_tool("generate_thumbnail", {"prompt": "a cat", "variants": 9})
        assert too_many.isError and "variants" in too_many.content[0].text

        made = await session.call_tool("generate_thumbnail", {"prompt": "cozy cooking vlog"})
        unknown = await session.call_tool("animate", {"generation_id": made.structuredContent["id"],
                                                      "preset": "spin"})
        assert unknown.isError and "preset" in unknown.content[0].text

    _run(tmp_path, body)


def test_stdio_version_title_preset_tools_offline(tmp_path):
    async def body(session: ClientSession) -> None:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        assert tools["edit_thumbnail"].inputSchema["required"] == ["version_id", "instruction"]
        row = tools["create_batch"].inputSchema["$defs"]["BatchRow"]
        assert row["required"] == ["prompt"] and row["additionalProperties"] is False

        made = (await session.call_tool("generate_thumbnail", {"prompt": "gaming thumbnail with explosions",
                                                               "title": "I Survived", "seed": 7})).structuredContent
        first = Image.open(made["files"]["thumbnail.jpg"]).convert("RGB")

        edited = await session.call_tool("edit_thumbnail", {"version_id": made["id"],
                                                            "instruction": "change the title to 'I Made It'"})
        assert not edited.isError, edited.content[0].text
        view = edited.structuredContent
        assert view["kind"] == "edit" and view["parent_id"] == made["id"] and view["title"] == "I Made It"
        assert "I Made It" in view["edit_summary"]
        second = _image(edited).convert("RGB")
        assert second.size == (1280, 720) and second.tobytes() != first.tobytes()

        back = await session.call_tool("undo", {"version_id": view["id"]})
        assert not back.isError, back.content[0].text
        undone = back.structuredContent
        assert undone["kind"] == "undo" and undone["title"] == "I Survived" and undone["parent_id"] == view["id"]
        assert Path(undone["files"]["design.json"]).read_bytes() == Path(made["files"]["design.json"]).read_bytes()

        tree = (await session.call_tool("list_versions", {"version_id": view["id"]})).structuredContent
        assert tree["root_id"] == made["id"] and tree["ancestors"] == [made["id"]]
        assert tree["children"] == [undone["id"]]
        assert [v["kind"] for v in tree["versions"]] == ["generate", "edit", "undo"]

        nothing = await session.call_tool("undo", {"version_id": made["id"]})
        assert nothing.isError and "nothing to undo" in nothing.content[0].text
        unclear = await session.call_tool("edit_thumbnail", {"version_id": made["id"], "instruction": "blorp"})
        assert unclear.isError and "What should I change?" in unclear.content[0].text

        titles = await session.call_tool("suggest_titles", {"prompt": "budget travel in japan", "count": 3,
                                                            "version_id": made["id"]})
        assert not titles.isError and len(titles.structuredContent["suggestions"]) == 3
        refined = await session.call_tool("refine_title", {"title": "the best budget travel tips", "mode": "upper"})
        assert refined.structuredContent["text"] == "THE BEST BUDGET TRAVEL TIPS"
        bad_mode = await session.call_tool("refine_title", {"title": "x", "mode": "louder"})
        assert bad_mode.isError

        presets = (await session.call_tool("list_presets", {})).structuredContent["presets"]
        assert len(presets) >= 3 and all(p["name"] and p["description"] for p in presets)

        batch = await session.call_tool("create_batch", {"name": "two", "rows": [
            {"prompt": "gaming thumbnail", "title": "Level Up"}, {"prompt": "cat video", "algorithm": "no-such"}]})
        assert not batch.isError, batch.content[0].text
        ran = batch.structuredContent
        assert ran["status"] == "completed" and ran["counts"]["completed"] == 1 and ran["counts"]["invalid"] == 1
        assert Image.open(ran["rows"][0]["thumbnail_url"]).size == (1280, 720)
        assert "no-such" in ran["rows"][1]["errors"][0]
        again = await session.call_tool("batch_status", {"batch_id": ran["id"]})
        assert again.structuredContent == ran
        unknown = await session.call_tool("batch_status", {"batch_id": "nope"})
        assert unknown.isError and "no batch 'nope'" in unknown.content[0].text
        photos = await session.call_tool("create_batch", {"rows": [{"prompt": "a cat", "face_asset_ids": ["x"]}]})
        assert photos.isError and "need a Routix server" in photos.content[0].text

    _run(tmp_path, body)


def test_stdio_history_offline_and_discover_needs_a_server(tmp_path):
    # another folder's generation (another user's routix mcp --out) is not this server's history
    theirs = LocalBackend(tmp_path / "theirs", ocr=False)
    stranger = theirs.generate(GenerateArgs(prompt="volcano secrets of a stranger"))

    async def body(session: ClientSession) -> None:
        tools = {t.name: t for t in (await session.list_tools()).tools}
        schema = tools["history"].inputSchema["properties"]
        assert schema["limit"]["maximum"] == 100 and "completed" in str(schema["status"])
        assert tools["discover"].inputSchema["properties"]["sort"]["default"] == "recent"

        volcano = (await session.call_tool("generate_thumbnail", {"prompt": "volcano documentary about iceland",
                                                                  "title": "Fire Island"})).structuredContent
        pasta = (await session.call_tool("generate_thumbnail", {"prompt": "cozy cooking vlog, pasta night",
                                                                "title": "Pasta Night"})).structuredContent
        edited = (await session.call_tool("edit_thumbnail", {"version_id": pasta["id"],
                                                             "instruction": "title in yellow"})).structuredContent

        found = await session.call_tool("history", {"search": "Volc ICEL"})
        assert not found.isError, found.content[0].text
        page = found.structuredContent
        assert [i["id"] for i in page["items"]] == [volcano["id"]] and page["total"] == 1
        item = page["items"][0]
        assert item["title"] == "Fire Island" and item["status"] == "completed" and item["published"] is False
        assert item["kind"] == "generate" and Image.open(item["thumbnail_url"]).size == (1280, 720)
        assert (await session.call_tool("history", {"search": "stranger"})).structuredContent["items"] == []
        assert (await session.call_tool("history", {"search": "olcano"})).structuredContent["items"] == []

        everything = (await session.call_tool("history", {})).structuredContent
        assert [i["id"] for i in everything["items"]] == [edited["id"], pasta["id"], volcano["id"]]
        assert everything["items"][0]["kind"] == "edit" and stranger["id"] not in str(everything)
        assert (await session.call_tool("history", {"status": "completed"})).structuredContent["total"] == 3
        assert (await session.call_tool("history", {"status": "failed"})).structuredContent["items"] == []
        category = item["category"]
        assert category and volcano["id"] in [i["id"] for i in (await session.call_tool(
            "history", {"category": category})).structuredContent["items"]]

        first = (await session.call_tool("history", {"limit": 2})).structuredContent
        rest = (await session.call_tool("history", {"limit": 2, "cursor": first["next_cursor"]})).structuredContent
        assert [i["id"] for i in first["items"] + rest["items"]] == [i["id"] for i in everything["items"]]
        assert rest["next_cursor"] is None
        bad = await session.call_tool("history", {"cursor": "not-a-cursor"})
        assert bad.isError and "cursor" in bad.content[0].text

        feed = await session.call_tool("discover", {"sort": "popular"})
        assert feed.isError and "--server" in feed.content[0].text

    _run(tmp_path / "mine", body)
