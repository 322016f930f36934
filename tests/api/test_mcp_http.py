"""The MCP server inside the app (streamable HTTP at ``/mcp``) and ``routix mcp --server``, both
driven by the MCP SDK's own clients against a live server: auth, the tools as the key's user,
discover and history over real generations (published, private, another account's)."""

from __future__ import annotations

import base64
import io
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import anyio
import httpx
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamablehttp_client
from PIL import Image

from api.live_server import serve
from api.sharing_support import stored_generation

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "routix" / "samples" / "grace_hopper.jpg"


@pytest.fixture
def live(services, celery_worker):
    """A live server; on the scaled backend its jobs run in the session's Celery worker."""
    with serve(services, start_workers=True) as server:
        yield server


def account_with_key(live) -> tuple[dict, str]:
    """A fresh account (the register answer) and an API key of it."""
    account = live.register()
    with live.http() as http:
        response = http.post("/api/v1/auth/api-keys", json={"name": "mcp"},
                             headers={"Authorization": f"Bearer {account['access_token']}"})
    assert response.status_code == 201, response.text
    return account, response.json()["key"]


def api_key(live) -> str:
    return account_with_key(live)[1]


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


async def _use_browse_tools(session: ClientSession, http: httpx.Client, live, me: dict, key: str) -> None:
    """discover and history as the API key's user, next to another account's private and public
    generations."""
    await session.initialize()
    tools = {t.name: t for t in (await session.list_tools()).tools}
    assert tools["history"].inputSchema["properties"]["limit"]["maximum"] == 100
    mine = {"Authorization": f"Bearer {key}"}
    stranger = live.register()
    theirs = {"Authorization": f"Bearer {stranger['access_token']}"}
    # the stranger's private generation shares the word "volcano" with mine; their public one is in discover
    secret = stored_generation(live.services, SimpleNamespace(user=stranger["user"]),
                               prompt="volcano secrets nobody may see", title="Hidden Volcano")
    shown = stored_generation(live.services, SimpleNamespace(user=stranger["user"]), prompt="lighthouse at dawn",
                              title="Lighthouse Dawn", category="travel")
    assert http.post(f"/api/v1/generation/{shown}/publish", json={"display_name": "Keeper"},
                     headers=theirs).status_code == 200
    failed = stored_generation(live.services, SimpleNamespace(user=me["user"]), prompt="underwater cave diving",
                               status="failed")
    volcano = (await session.call_tool("generate_thumbnail", {"prompt": "volcano documentary about iceland",
                                                              "title": "Fire Island"})).structuredContent
    pasta = (await session.call_tool("generate_thumbnail", {"prompt": "cozy cooking vlog, pasta night",
                                                            "title": "Pasta Night"})).structuredContent
    published = http.post(f"/api/v1/generation/{volcano['id']}/publish", json={"display_name": "Volcano Fan"},
                          headers=mine)
    assert published.status_code == 200, published.text

    feed = await session.call_tool("discover", {})
    assert not feed.isError, feed.content[0].text
    page = feed.structuredContent
    assert page["sort"] == "recent" and page["total"] == 2 and page["next_cursor"] is None
    assert [(i["title"], i["display_name"]) for i in page["items"]] == [("Fire Island", "Volcano Fan"),
                                                                        ("Lighthouse Dawn", "Keeper")]
    first = page["items"][0]
    assert first["like_count"] == 0 and first["view_count"] == 0 and first["prompt"] == volcano["prompt"]
    assert first["url"] == published.json()["url"] and first["url"].startswith(live.base_url + "/p/")
    image = http.get(first["image_url"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(image.content)).size == (1280, 720)
    assert http.get(first["url"]).status_code == 200
    assert not any("secret" in (i["prompt"] or "") or i["title"] == "Pasta Night" for i in page["items"])

    one = (await session.call_tool("discover", {"limit": 1})).structuredContent
    assert [i["title"] for i in one["items"]] == ["Fire Island"] and one["next_cursor"]
    rest = (await session.call_tool("discover", {"limit": 1, "cursor": one["next_cursor"]})).structuredContent
    assert [i["title"] for i in rest["items"]] == ["Lighthouse Dawn"] and rest["next_cursor"] is None
    other_sort = await session.call_tool("discover", {"sort": "popular", "cursor": one["next_cursor"]})
    assert other_sort.isError and other_sort.content[0].text
    travel = (await session.call_tool("discover", {"category": "travel", "sort": "trending"})).structuredContent
    assert [i["title"] for i in travel["items"]] == ["Lighthouse Dawn"]

    found = (await session.call_tool("history", {"search": "volc"})).structuredContent
    assert [i["id"] for i in found["items"]] == [volcano["id"]] and found["total"] == 1
    assert found["items"][0]["published"] is True and found["items"][0]["title"] == "Fire Island"
    assert http.get(found["items"][0]["thumbnail_url"]).status_code == 200
    assert (await session.call_tool("history", {"search": "nobody"})).structuredContent["items"] == []
    assert (await session.call_tool("history", {"search": "lighthouse"})).structuredContent["items"] == []
    failures = (await session.call_tool("history", {"status": "failed"})).structuredContent
    assert [(i["id"], i["status"]) for i in failures["items"]] == [(failed, "failed")]
    done = (await session.call_tool("history", {"status": "completed"})).structuredContent
    assert [i["id"] for i in done["items"]] == [pasta["id"], volcano["id"]]
    assert done["items"][0]["published"] is False
    category = done["items"][1]["category"]
    assert category and volcano["id"] in [i["id"] for i in (await session.call_tool(
        "history", {"category": category})).structuredContent["items"]]

    everything = (await session.call_tool("history", {})).structuredContent
    assert everything["total"] == 3 and {i["id"] for i in everything["items"]} == {failed, volcano["id"], pasta["id"]}
    assert secret not in {i["id"] for i in everything["items"]} and shown not in {i["id"] for i in everything["items"]}
    times = [i["created_at"] for i in everything["items"]]
    assert times == sorted(times, reverse=True)  # newest first
    paged = (await session.call_tool("history", {"limit": 2})).structuredContent
    after = (await session.call_tool("history", {"limit": 2, "cursor": paged["next_cursor"]})).structuredContent
    assert [i["id"] for i in paged["items"] + after["items"]] == [i["id"] for i in everything["items"]]
    assert after["next_cursor"] is None
    bad = await session.call_tool("history", {"cursor": "not-a-cursor"})
    assert bad.isError and bad.content[0].text
    wrong_status = await session.call_tool("history", {"status": "exploded"})
    assert wrong_status.isError


def test_http_mcp_discover_and_history(live):
    me, key = account_with_key(live)

    async def main() -> None:
        async with (streamablehttp_client(f"{live.base_url}/mcp", headers={"Authorization": f"Bearer {key}"})
                    as (read, write, _), ClientSession(read, write) as session):
            with live.http() as http:
                await _use_browse_tools(session, http, live, me, key)

    anyio.run(main)


def test_stdio_mcp_discover_and_history_against_a_server(live, tmp_path):
    me, key = account_with_key(live)
    params = StdioServerParameters(command=sys.executable, args=["-m", "routix.cli", "mcp", "--server", live.base_url],
                                   env={**os.environ, "ROUTIX_API_KEY": key, "ROUTIX_DATA_DIR": str(tmp_path)})

    async def main() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            with live.http() as http:
                await _use_browse_tools(session, http, live, me, key)

    anyio.run(main)
