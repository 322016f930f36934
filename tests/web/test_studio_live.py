"""Live progress survives a dropped WebSocket: the page reconnects with backoff and catches up
on what it missed (the finished thumbnail) without a reload."""

from __future__ import annotations

import re
import time

import httpx
from playwright.sync_api import expect

from web.conftest import GENERATION_TIMEOUT_MS, register


def test_a_dropped_socket_reconnects_and_catches_up_on_the_result(page, live_server, photo_path):
    state = {"block": False, "connections": 0, "open": []}

    def route(ws):
        state["connections"] += 1
        if state["block"]:
            ws.close(code=1011, reason="test: server unreachable")
            return
        ws.connect_to_server()
        state["open"].append(ws)

    page.route_web_socket(re.compile(r"/ws\?token="), route)
    register(page)
    page.get_by_label("Message").fill("Tech review thumbnail: tiny drone")
    page.get_by_label("Message").press("Enter")
    page.locator('.algo-card[data-algorithm="lightning"]').click()
    skip = page.get_by_role("button", name="Skip, generate without")
    expect(skip).to_be_enabled()
    assert state["connections"] >= 1

    # the network drops as the generation starts; reconnects fail until it has finished
    state["block"] = True
    for ws in state["open"]:
        ws.close(code=1006, reason="test: connection lost")
    skip.click()
    progress = page.locator(".progress-card")
    expect(progress).to_be_visible()
    request_id = progress.get_attribute("data-request-id")
    token = page.evaluate("localStorage.getItem('routix.access')")
    deadline = time.monotonic() + GENERATION_TIMEOUT_MS / 1000
    while httpx.get(f"{live_server.url}/api/v1/generation/{request_id}/status",
                    headers={"Authorization": f"Bearer {token}"}).json()["status"] not in ("completed", "failed"):
        assert time.monotonic() < deadline, "the generation did not finish"
        time.sleep(0.2)
    for _ in range(100):  # let the page retry (and fail) at least twice with backoff
        if state["connections"] >= 3:
            break
        page.wait_for_timeout(200)
    refused = state["connections"]
    assert refused >= 3, "the page kept retrying while the server was unreachable"
    expect(page.locator("li[data-type=thumbnail_result]")).to_have_count(0)  # nothing arrived while offline

    state["block"] = False
    expect(page.locator("li[data-type=thumbnail_result] .result-image img")).to_have_count(1, timeout=30_000)
    expect(progress.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    assert state["connections"] > refused, "the page connected again"
