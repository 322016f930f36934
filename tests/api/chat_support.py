"""Helpers for the chat API tests: post a message, wait for the assistant, fetch files."""

from __future__ import annotations

import asyncio
import io
import threading
import time
from pathlib import Path

from PIL import Image

BASE = "/api/v1/chat/conversations"
FACE = Path(__file__).resolve().parents[2] / "src" / "routix" / "samples" / "grace_hopper.jpg"
#: Longest wait for a generation to finish (a timeout, not an assertion on speed).
WAIT_SECONDS = 240


def new_conversation(client, account, **body) -> dict:
    response = client.post(BASE, json=body or None, headers=account.headers)
    assert response.status_code == 201, response.text
    return response.json()


def say(client, account, conversation_id: str, content: str = "", type_: str = "text", metadata=None,
        status: int = 201) -> dict:
    body = {"content": content, "type": type_, "metadata": metadata or {}}
    response = client.post(f"{BASE}/{conversation_id}/messages", json=body, headers=account.headers)
    assert response.status_code == status, response.text
    return response.json()


def reply_types(answer: dict) -> list[str]:
    return [m["type"] for m in answer["replies"]]


def messages(client, account, conversation_id: str) -> list[dict]:
    """Every message of the conversation, oldest first (page by page along ``next_cursor``)."""
    out: list[dict] = []
    params: dict[str, str | int] = {"limit": 100}
    while True:
        response = client.get(f"{BASE}/{conversation_id}/messages", params=params, headers=account.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        out += page["messages"]
        if page["next_cursor"] is None:
            return out
        params = {"limit": 100, "cursor": page["next_cursor"]}


def wait_for_result(client, account, conversation_id: str, request_id: str) -> dict:
    """The thumbnail_result or error message for ``request_id`` once the job has finished."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        for message in messages(client, account, conversation_id):
            if message["type"] in ("thumbnail_result", "error") and message["metadata"].get("request_id") == request_id:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no result message for generation {request_id} within {WAIT_SECONDS} s")


def upload_face(client, account) -> str:
    files = {"file": ("me.jpg", FACE.read_bytes(), "image/jpeg")}
    response = client.post("/api/v1/assets", files=files, data={"asset_type": "face"}, headers=account.headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def download_image(client, url: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:200])
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


class EventCollector:
    """Collects the events ``bus`` delivers to ``user_id`` (from any process the bus spans) on a
    background thread. ``with EventCollector(bus, uid) as seen: ...; seen.events``."""

    def __init__(self, bus, user_id: str) -> None:
        self.bus, self.user_id, self.events = bus, user_id, []
        self._ready, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    async def _run(self) -> None:
        async with self.bus.subscribe(self.user_id) as inbox:
            self._ready.set()
            while not self._stop.is_set():
                event = await inbox.get(timeout=0.1)
                if event is not None:
                    self.events.append(event)

    def wait_for(self, predicate, seconds: float = WAIT_SECONDS) -> dict:
        """The first collected event matching ``predicate`` (AssertionError after ``seconds``)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = next((e for e in list(self.events) if predicate(e)), None)
            if found is not None:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no matching event within {seconds} s; got {[e['event'] for e in self.events]}")

    def __enter__(self) -> EventCollector:
        self._thread.start()
        assert self._ready.wait(30), "the bus subscription did not start"
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(10)
