"""The MCP server inside the app (streamable HTTP at ``/mcp``) and ``routix mcp --server``, both
driven by the MCP SDK's own clients against a live server: auth, the tools as the key's user."""

from __future__ import annotations

import base64
import io
import os
import sys
from pathlib import Path

import anyio
import httpx
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamablehttp_client
from PIL import Image

from api.live_server import serve

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "routix" / "samples" / "grace_hopper.jpg"


@pytest.fixture
def live(services):
    with serve(services, start_workers=True) as server:
        yield server


def api_key(live) -> str:
    account = live.register()
    with live.http() as http:
        response = http.post("/api/v1/auth/api-keys", json={"name": "mcp"},
                             headers={"Authorization": f"Bearer {account['access_token']}"})
    assert response.status_code == 201, response.text
    return response.json()["key"]


def _image(result) -> Image.Image:
    images = [c for c in result.content if c.type == "image"]
    assert len(images) == 1, result.content
    return Image.open(io.BytesIO(base64.b64decode(images[0].data)))


async def _use_tools(session: ClientSession, *, with_face: bool) -> str:
    """Call every tool once; the id of the generation made."""
    await session.initialize()
    names = {t.name for t in (await session.list_tools()).tools}
    assert {"generate_thumbnail", "get_generation", "quality_report", "list_algorithms", "suggest_titles",
            "animate"} <= names
    arguments = {"prompt": "gaming thumbnail with explosions", "title": "I Survived", "variants": 1}
    if with_face:
        arguments["face_image_base64"] = base64.b64encode(SAMPLE.read_bytes()).decode()
    made = await session.call_tool("generate_thumbnail", arguments)
    assert not made.isError, made.content[0].text
    assert _image(made).size == (1280, 720)
    view = made.structuredContent
    assert view["status"] == "completed" and view["title"] == "I Survived" and len(view["variants"]) == 1
    assert view["files"]["thumbnail"].startswith("http")
    assert view["algorithm_used"] == "lightning"
    again = await session.call_tool("get_generation", {"generation_id": view["id"]})
    assert _image(again).size == (1280, 720)
    report = await session.call_tool("quality_report", {"generation_id": view["id"]})
    assert not report.isError and "passed" in report.structuredContent
    algorithms = await session.call_tool("list_algorithms", {})
    assert "lightning" in [a["name"] for a in algorithms.structuredContent["algorithms"]]
    video = await session.call_tool("animate", {"generation_id": view["id"], "preset": "zoom", "duration": 2})
    assert not video.isError, video.content[0].text
    with httpx.Client(timeout=30) as http:
        mp4 = http.get(video.structuredContent["files"]["zoom.mp4"])
    assert mp4.status_code == 200 and mp4.content[4:8] == b"ftyp"
    missing = await session.call_tool("get_generation", {"generation_id": "00000000-0000-0000-0000-000000000000"})
    assert missing.isError and missing.content[0].text
    bad = await session.call_tool("generate_thumbnail", {"prompt": "a cat", "algorithm": "no-such-algorithm"})
    assert bad.isError and "no-such-algorithm" in bad.content[0].text
    return str(view["id"])


def test_http_mcp_acts_as_the_api_keys_user(live):
    key = api_key(live)
    made: list[str] = []

    async def main() -> None:
        async with (streamablehttp_client(f"{live.base_url}/mcp", headers={"Authorization": f"Bearer {key}"})
                    as (read, write, _), ClientSession(read, write) as session):
            made.append(await _use_tools(session, with_face=True))

    anyio.run(main)
    with live.http() as http:  # the generation is the key owner's, like one made over REST
        listed = http.get("/api/v1/generation", headers={"Authorization": f"Bearer {key}"}).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == made[0]


def test_http_mcp_refuses_without_a_valid_credential(live):
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    headers = {"Accept": "application/json, text/event-stream"}
    with live.http() as http:
        anonymous = http.post("/mcp", json=body, headers=headers)
        wrong = http.post("/mcp", json=body, headers={**headers, "Authorization": "Bearer rtx_not_a_key"})
    for response in (anonymous, wrong):
        assert response.status_code == 401, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.headers["www-authenticate"] == "Bearer"


def test_stdio_mcp_against_a_server_with_an_api_key(live, tmp_path):
    key = api_key(live)
    params = StdioServerParameters(command=sys.executable, args=["-m", "routix.cli", "mcp", "--server", live.base_url],
                                   env={**os.environ, "ROUTIX_API_KEY": key, "ROUTIX_DATA_DIR": str(tmp_path)})

    async def main() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await _use_tools(session, with_face=False)

    anyio.run(main)


async def _use_version_tools(session: ClientSession, http: httpx.Client) -> None:
    """Edit, undo, versions, titles, presets and a batch, as the API key's user."""
    await session.initialize()
    await session.list_tools()
    made = (await session.call_tool("generate_thumbnail", {"prompt": "cozy cooking vlog", "title": "Soup Day",
                                                           "seed": 3})).structuredContent
    edited = await session.call_tool("edit_thumbnail", {"version_id": made["id"],
                                                        "instruction": "change the title to 'Stew Night'"})
    assert not edited.isError, edited.content[0].text
    view = edited.structuredContent
    assert view["kind"] == "edit" and view["title"] == "Stew Night" and view["id"] != made["id"]
    assert _image(edited).size == (1280, 720)
    again = await session.call_tool("edit_thumbnail", {"version_id": made["id"],
                                                       "instruction": "change the title to 'Stew Night'"})
    assert again.structuredContent["id"] == view["id"]  # the same edit of the same version is that version
    back = await session.call_tool("undo", {"version_id": view["id"]})
    assert not back.isError, back.content[0].text
    assert back.structuredContent["kind"] == "undo" and back.structuredContent["title"] == "Soup Day"
    tree = (await session.call_tool("list_versions", {"version_id": view["id"]})).structuredContent
    assert tree["root_id"] == made["id"] and tree["children"] == [back.structuredContent["id"]]
    assert [v["kind"] for v in tree["versions"]] == ["generate", "edit", "undo"]
    assert http.get(tree["versions"][1]["thumbnail_url"]).status_code == 200
    unclear = await session.call_tool("edit_thumbnail", {"version_id": made["id"], "instruction": "blorp"})
    assert unclear.isError and "What should I change?" in unclear.content[0].text
    missing = await session.call_tool("edit_thumbnail", {"version_id": "00000000-0000-0000-0000-000000000000",
                                                         "instruction": "title in yellow"})
    assert missing.isError

    titles = (await session.call_tool("suggest_titles", {"prompt": "budget travel in japan", "count": 4,
                                                         "version_id": made["id"]})).structuredContent
    assert titles["source"] == "offline" and len(titles["suggestions"]) == 4
    refined = await session.call_tool("refine_title", {"title": "the best budget travel tips", "mode": "upper"})
    assert refined.structuredContent["text"] == "THE BEST BUDGET TRAVEL TIPS"
    presets = (await session.call_tool("list_presets", {})).structuredContent["presets"]
    preview = http.get(presets[0]["preview_url"])
    assert preview.status_code == 200 and preview.headers["content-type"] == "image/jpeg"

    batch = await session.call_tool("create_batch", {"name": "two", "rows": [
        {"prompt": "gaming thumbnail", "title": "Level Up"}, {"prompt": "cat video", "algorithm": "no-such"}]})
    assert not batch.isError, batch.content[0].text
    created = batch.structuredContent
    assert created["total"] == 2 and created["rows"][1]["errors"]
    for _ in range(240):
        status = (await session.call_tool("batch_status", {"batch_id": created["id"]})).structuredContent
        if status["counts"]["completed"] == 1:
            break
        await anyio.sleep(0.5)
    assert status["rows"][0]["status"] == "completed" and status["rows"][0]["thumbnail_url"].startswith("http")
    unknown = await session.call_tool("batch_status", {"batch_id": "00000000-0000-0000-0000-000000000000"})
    assert unknown.isError


def test_http_mcp_version_title_preset_batch_tools(live):
    key = api_key(live)

    async def main() -> None:
        async with (streamablehttp_client(f"{live.base_url}/mcp", headers={"Authorization": f"Bearer {key}"})
                    as (read, write, _), ClientSession(read, write) as session):
            with httpx.Client(timeout=30) as http:
                await _use_version_tools(session, http)

    anyio.run(main)


def test_stdio_mcp_version_tools_against_a_server(live, tmp_path):
    key = api_key(live)
    params = StdioServerParameters(command=sys.executable, args=["-m", "routix.cli", "mcp", "--server", live.base_url],
                                   env={**os.environ, "ROUTIX_API_KEY": key, "ROUTIX_DATA_DIR": str(tmp_path)})

    async def main() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            with httpx.Client(timeout=30) as http:
                await _use_version_tools(session, http)

    anyio.run(main)
