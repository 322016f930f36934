"""Edits against fresh generations: `python bench/edit.py` (part of `make bench`).

Starts ``routix serve`` (embedded default, OCR off) like ``bench/service.py``, registers a user,
uploads the sample photo, then over real HTTP and one WebSocket client:

* **fresh**: ``--fresh`` (5) generations with the photo (each a new seed), create sent ->
  ``generation:completed`` received (a fresh generation's thumbnail arrives with it);
* **edit**: ``--edits`` (20) edits in a chain (each edits the previous version, so the result
  cache never answers), alternating instructions, ``POST .../edit`` sent -> the new version's
  ``generation:thumbnail`` event received, and -> ``generation:completed`` (cover, PSD too);
* prints p50/p95 of each and the ratio edit-thumbnail p50 / fresh p50 (target: p50 <= 300 ms
  and ratio <= 0.3), measured in this one run.

Run: ``python bench/edit.py [--fresh N] [--edits N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent))

from service import free_port, ms, pct, start_server, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg"
INSTRUCTIONS = ["make the title bigger", "make the title smaller", "move me a bit to the right",
                "move me a bit to the left", "title in yellow", "title in white"]


class Events:
    """Receive times (epoch s) of each request's thumbnail and final events."""

    def __init__(self) -> None:
        self.at: dict[tuple[str, str], float] = {}
        self.waiters: dict[tuple[str, str], asyncio.Event] = defaultdict(asyncio.Event)

    async def run(self, url: str, ready: asyncio.Event) -> None:
        async with connect(url, max_size=2**22) as ws:
            async for raw in ws:
                now = time.time()
                event = json.loads(raw)
                name, data = event.get("event"), event.get("data") or {}
                if name == "connection:established":
                    ready.set()
                    continue
                request_id = data.get("request_id")
                if request_id and name in ("generation:thumbnail", "generation:completed", "generation:failed"):
                    kind = "final" if name != "generation:thumbnail" else "thumbnail"
                    self.at.setdefault((request_id, kind), now)
                    self.waiters[(request_id, kind)].set()

    async def wait(self, request_id: str, kind: str, timeout: float = 300) -> float:
        await asyncio.wait_for(self.waiters[(request_id, kind)].wait(), timeout)
        return self.at[(request_id, kind)]


async def bench(args) -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="routix-bench-edit-")) / "data"
    data_dir.mkdir(parents=True)
    port = free_port()
    server = start_server(data_dir, port, 2)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
            await wait_healthy(http, server)
            print(f"routix serve up (embedded default, OCR off); load average {os.getloadavg()[0]:.1f} "
                  f"on {os.cpu_count()} CPUs")
            account = (await http.post("/api/v1/auth/register", json={
                "email": "bench-edit@example.com", "password": "correct horse battery"})).json()
            headers = {"Authorization": f"Bearer {account['access_token']}"}
            events, ready = Events(), asyncio.Event()
            task = asyncio.create_task(events.run(f"ws://127.0.0.1:{port}/ws?token={account['access_token']}",
                                                  ready))
            await asyncio.wait_for(ready.wait(), 30)
            face = (await http.post("/api/v1/assets", files={"file": ("me.jpg", SAMPLE.read_bytes(), "image/jpeg")},
                                    data={"asset_type": "face"}, headers=headers)).json()["id"]
            fresh: list[float] = []
            latest = None
            for i in range(args.fresh + 1):  # the first also loads the models: not counted
                body = {"prompt": "tech review of a new laptop", "title": "This Laptop Changed Everything",
                        "face_asset_ids": [face], "seed": 100 + i}
                sent = time.time()
                latest = (await http.post("/api/v1/generation/create", json=body, headers=headers)).json()["id"]
                done = await events.wait(latest, "final")
                if i:
                    fresh.append(done - sent)
            thumbs: list[float] = []
            finals: list[float] = []
            for i in range(args.edits + 1):  # the first edit warms the edit path: not counted
                sent = time.time()
                answer = await http.post(f"/api/v1/generation/{latest}/edit", headers=headers,
                                         json={"instruction": INSTRUCTIONS[i % len(INSTRUCTIONS)]})
                if answer.status_code != 201:
                    raise SystemExit(f"edit failed: {answer.status_code} {answer.text[:300]}")
                latest = answer.json()["id"]
                thumb = await events.wait(latest, "thumbnail")
                final = await events.wait(latest, "final")
                if i:
                    thumbs.append(thumb - sent)
                    finals.append(final - sent)
            task.cancel()
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(data_dir.parent, ignore_errors=True)
    fresh_p50, thumb_p50 = pct(fresh, 0.5), pct(thumbs, 0.5)
    print(f"fresh generate -> completed   p50 {ms(fresh_p50)}  p95 {ms(pct(fresh, 0.95))}  (n={len(fresh)})")
    print(f"edit -> thumbnail event       p50 {ms(thumb_p50)}  p95 {ms(pct(thumbs, 0.95))}  (n={len(thumbs)}; "
          "target p50 <= 300 ms)")
    print(f"edit -> completed (all files) p50 {ms(pct(finals, 0.5))}  p95 {ms(pct(finals, 0.95))}")
    print(f"ratio edit thumbnail / fresh  {thumb_p50 / fresh_p50:.2f}  (target <= 0.30)")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", type=int, default=5)
    parser.add_argument("--edits", type=int, default=20)
    raise SystemExit(asyncio.run(bench(parser.parse_args())))


if __name__ == "__main__":
    main()
