"""Seeding for the page-by-page studio tests: a user with a finished chat, a gallery and an admin.

Everything goes through the public API (httpx) except the admin flag (set in the database, like
``admin_helpers.make_admin``) and the template upload (through the admin page, as an admin would).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from web.admin_helpers import make_admin
from web.conftest import GENERATION_TIMEOUT_MS, api_account, make_generations

CHAT = "/api/v1/chat/conversations"


@dataclass
class Seed:
    user: dict
    admin: dict
    conversation_id: str
    result: dict
    choice_id: str


def chat_until_result(live_server, auth: dict, prompt: str, algorithm: str) -> tuple[str, dict]:
    """A conversation asking for ``prompt`` with ``algorithm``, no upload; returns its id and the
    ``thumbnail_result`` message once the generation has finished."""
    headers = {"Authorization": f"Bearer {auth['access_token']}"}
    with httpx.Client(base_url=live_server.url, headers=headers, timeout=30) as client:
        cid = client.post(CHAT, json={}).raise_for_status().json()["id"]

        def say(body: dict) -> dict:
            answer = client.post(f"{CHAT}/{cid}/messages", json={"metadata": {}, "content": "", **body})
            return answer.raise_for_status().json()

        say({"type": "text", "content": prompt})
        say({"type": "algorithm_selection", "metadata": {"algorithm": algorithm}})
        started = say({"type": "text", "content": "skip"})
        request_id = started["replies"][-1]["metadata"]["request_id"]
        deadline = time.monotonic() + GENERATION_TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            found = client.get(f"{CHAT}/{cid}/messages", params={"limit": 100}).raise_for_status().json()["messages"]
            for message in found:
                final = message["type"] in ("thumbnail_result", "error")
                if final and message["metadata"].get("request_id") == request_id:
                    return cid, message
            time.sleep(0.3)
    raise TimeoutError(f"no result for {request_id}")


def chat_at_choice(live_server, auth: dict, prompt: str) -> str:
    """A conversation that asked for ``prompt`` and waits at the algorithm choice; returns its id."""
    headers = {"Authorization": f"Bearer {auth['access_token']}"}
    with httpx.Client(base_url=live_server.url, headers=headers, timeout=30) as client:
        cid = client.post(CHAT, json={}).raise_for_status().json()["id"]
        body = {"type": "text", "content": prompt, "metadata": {}}
        client.post(f"{CHAT}/{cid}/messages", json=body).raise_for_status()
    return cid


def seed(live_server) -> Seed:
    """A user ("Maya") with a finished chat that asked for v1 (no Gemini key here: it ran as
    Lightning) and three more thumbnails in the gallery, and an admin ("Ada")."""
    user = api_account(live_server, "Maya")
    cid, result = chat_until_result(
        live_server, user, 'Gaming thumbnail with explosions, title "Boss Fight at Midnight"', "v1")
    make_generations(live_server, user, ["Cooking: ramen in 10 minutes", 'Travel vlog, title "Lisbon in 48 hours"',
                                         "Tech review: budget phone"])
    choice = chat_at_choice(live_server, user, "Podcast cover, calm and blue, for an episode about sleep")
    return Seed(user=user, admin=make_admin(live_server, "Ada"), conversation_id=cid, result=result, choice_id=choice)
