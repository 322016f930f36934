"""A real uvicorn server in a thread over a test's ``services`` (real HTTP and WebSocket I/O,
client-side timeouts so a missing event fails a test instead of hanging it)."""

from __future__ import annotations

import json
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import uvicorn
from websockets.sync.client import connect


@dataclass
class LiveServer:
    base_url: str
    services: object

    @property
    def ws_url(self) -> str:
        return self.base_url.replace("http://", "ws://", 1) + "/ws"

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30)

    def register(self) -> dict:
        """A fresh account: the register answer (``access_token``, ``refresh_token``, ``user``)."""
        email = f"user-{uuid.uuid4().hex[:8]}@example.com"
        with self.http() as http:
            response = http.post("/api/v1/auth/register", json={"email": email, "password": "correct horse battery"})
        assert response.status_code == 201, response.text
        return response.json()


@contextmanager
def serve(services, *, start_workers: bool = False, **options):
    """Run ``create_app(services)`` on a free port until the block ends (``options``: more
    ``uvicorn.Config`` options, e.g. ``routix serve``'s own)."""
    from routix.api.app import create_app

    app = create_app(services, start_workers=start_workers, migrate=False)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", ws="websockets-sansio",
                                           **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", services)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def recv(ws, timeout: float = 10.0) -> dict:
    """The next WebSocket message as JSON (raises TimeoutError after ``timeout`` seconds)."""
    return json.loads(ws.recv(timeout=timeout))


def open_socket(live: LiveServer, query: str = ""):
    """A connected WebSocket client to ``/ws`` (``query`` like ``?token=...``)."""
    return connect(live.ws_url + query, open_timeout=10, close_timeout=5)


def parse_sse(lines) -> list[dict]:
    """SSE lines -> [{"event", "data", "id"} | {"comment"}] until the stream ends."""
    out, current = [], {}
    for line in lines:
        if line == "":
            if current:
                out.append(current)
            current = {}
        elif line.startswith(":"):
            out.append({"comment": line[1:].strip()})
        else:
            field, _, value = line.partition(":")
            current[field] = value.strip()
    if current:
        out.append(current)
    return [{**m, "data": json.loads(m["data"])} if "data" in m else m for m in out]
