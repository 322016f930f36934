"""The studio in a real browser: first-load transfer size and time to the chat being visible.

Starts Routix (embedded default, OCR off) on a free port, prepares one user with a finished
chat (request -> Routix Lightning -> Grace Hopper's photo -> thumbnail with 3 variants), then
loads pages in headless Debian Chromium (Playwright), each run in a fresh browser context
(cold cache) unless said otherwise:

* first-load bytes of ``/`` and ``/c/{id}``: every response of the load except user images
  (``/files/...``), as transferred (headers + body; Chromium's own counters);
* time to chat visible: navigation start -> the conversation's messages are in the page
  (``li[data-type=thumbnail_result]`` rendered), median of N cold and N warm (reload) loads;
* the baseline, measured in the same run: one ``fetch`` of the conversation's messages from
  the already-loaded page (the API round trip the page cannot avoid); the ratio says what the
  shell adds on top of it.

Targets (docs/studio.md, "Caching and size"): first load < 300 KB; chat visible < 1 s on this machine.

``python bench/web.py [--runs N] [--screenshots DIR]`` -- ``--screenshots`` also writes
screenshots (welcome, chat with a result, gallery; 1440x900 and 390x844) into DIR; the docs' page-by-page
set comes from ``ROUTIX_SCREENSHOTS=1 pytest tests/web/test_studio_pages.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402

PHOTO = ROOT / "src" / "routix" / "samples" / "grace_hopper.jpg"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MAX_FIRST_LOAD_BYTES = 300 * 1024
MAX_CHAT_VISIBLE_MS = 1000.0
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


def start_server(data_dir: Path):
    """Routix with the studio on a free port in a thread; returns (base URL, server)."""
    import socket

    import uvicorn

    from routix import web
    from routix.api.app import create_app
    from routix.config import Settings
    from routix.services import Services

    services = Services(Settings(data_dir=data_dir, ocr=False, secret_key="bench-web-" + "x" * 40, rate_limits=False))
    app = create_app(services, start_workers=True, migrate=True)
    web.install(app)  # a no-op once api/app.py installs the studio itself
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           ws="websockets-sansio"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def prepare_chat(base: str) -> tuple[dict, str]:
    """One user with a finished conversation (result + variants). Returns (auth, conversation id)."""
    client = httpx.Client(base_url=base, timeout=120)
    auth = client.post("/api/v1/auth/register", json={
        "email": f"bench-{time.time_ns()}@example.com", "password": "correct horse battery", "username": "Ada",
    }).json()
    client.headers["Authorization"] = f"Bearer {auth['access_token']}"
    cid = client.post("/api/v1/chat/conversations", json={}).json()["id"]
    say = lambda body: client.post(f"/api/v1/chat/conversations/{cid}/messages", json=body).raise_for_status()  # noqa: E731
    say({"content": "Gaming thumbnail with explosions for my Minecraft survival episode"})
    say({"type": "algorithm_selection", "metadata": {"algorithm": "lightning"}})
    with PHOTO.open("rb") as photo:
        asset = client.post("/api/v1/assets", files={"file": ("face.jpg", photo, "image/jpeg")},
                            data={"asset_type": "face"}).json()
    say({"type": "file_upload", "metadata": {"asset_id": asset["id"], "kind": "face"}})
    _wait_results(client, cid, 1)
    say({"content": "more variants"})
    _wait_results(client, cid, 2)
    return auth, cid


def _wait_results(client: httpx.Client, cid: str, count: int) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        messages = client.get(f"/api/v1/chat/conversations/{cid}/messages").json()["messages"]
        if sum(m["type"] in ("thumbnail_result", "error") for m in messages) >= count:
            return
        time.sleep(0.3)
    raise TimeoutError("the generation did not finish")


def new_context(browser, base: str, auth: dict, size=(1440, 900)):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, base_url=base,
                                  device_scale_factor=1)
    context.add_init_script(
        f"localStorage.setItem('routix.access', {auth['access_token']!r}); "
        f"localStorage.setItem('routix.refresh', {auth['refresh_token']!r});"
    )
    return context


def first_load(browser, base: str, auth: dict, path: str, ready: str) -> tuple[int, int, list[str]]:
    """Bytes transferred for one cold load of ``path`` (user images excluded), request count,
    and the biggest responses."""
    context = new_context(browser, base, auth)
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(path)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    sizes = []
    for request in responses:
        if "/files/" in request.url:
            continue
        s = request.sizes()
        sizes.append((s["responseHeadersSize"] + s["responseBodySize"], request.url.replace(base, "")))
    context.close()
    sizes.sort(reverse=True)
    return sum(n for n, _ in sizes), len(sizes), [f"{n / 1024:6.1f} KB  {u}" for n, u in sizes[:5]]


def chat_visible_ms(browser, base: str, auth: dict, cid: str,
                    runs: int) -> tuple[list[float], list[float], list[float]]:
    """(cold, warm, baseline) milliseconds."""
    cold, warm, baseline = [], [], []
    ready = "() => document.querySelector('li[data-type=thumbnail_result] .result-card') && performance.now()"
    for _ in range(runs):
        context = new_context(browser, base, auth)
        page = context.new_page()
        page.goto(f"/c/{cid}", wait_until="commit")
        cold.append(page.wait_for_function(ready, polling="raf").json_value())
        page.reload(wait_until="commit")
        warm.append(page.wait_for_function(ready, polling="raf").json_value())
        baseline.append(page.evaluate(
            """async (cid) => { const t = performance.now();
                 const r = await fetch(`/api/v1/chat/conversations/${cid}/messages?limit=500`,
                   {headers: {Authorization: `Bearer ${localStorage.getItem('routix.access')}`}});
                 await r.json(); return performance.now() - t; }""", cid))
        context.close()
    return cold, warm, baseline


def screenshots(browser, base: str, auth: dict, cid: str, out: Path) -> None:
    """welcome, chat (with a result) and gallery at desktop and phone width."""
    out.mkdir(parents=True, exist_ok=True)
    for kind, size in SIZES.items():
        context = new_context(browser, base, auth, size)
        page = context.new_page()
        page.goto("/")
        page.wait_for_selector(".chip")
        page.wait_for_timeout(400)
        page.screenshot(path=str(out / f"welcome-{kind}.png"))
        page.goto(f"/c/{cid}")
        page.wait_for_selector("li[data-type=thumbnail_result] .carousel img")
        page.wait_for_function("() => [...document.images].every((i) => i.complete)")
        # show the first result card (image, badges, downloads) rather than the very end
        page.evaluate("""() => { const cards = document.querySelectorAll('li[data-type=thumbnail_result]');
                                 const last = cards[cards.length - 1];
                                 const thread = document.getElementById('thread');
                                 thread.scrollTop = last.offsetTop - thread.offsetTop - 90; }""")
        page.wait_for_timeout(400)
        page.screenshot(path=str(out / f"chat-{kind}.png"))
        page.goto("/gallery")
        page.wait_for_selector(".gallery-card img")
        page.wait_for_function("() => [...document.images].every((i) => i.complete)")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out / f"gallery-{kind}.png"))
        context.close()
    print(f"  screenshots written to {out}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--screenshots", type=Path, default=None)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="routix-bench-web-") as tmp:
        base, server = start_server(Path(tmp))
        auth, cid = prepare_chat(base)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print("studio first load (cold cache, user images excluded)")
            ok = True
            for path, ready in (("/", ".chip"), (f"/c/{cid}", "li[data-type=thumbnail_result] .result-card")):
                total, count, top = first_load(browser, base, auth, path, ready)
                good = total < MAX_FIRST_LOAD_BYTES
                ok &= good
                print(f"  {path[:14]:<16} {total / 1024:7.1f} KB in {count} responses   target < 300 KB  "
                      f"{'OK' if good else 'OVER'}")
                for line in top:
                    print(f"      {line}")
            cold, warm, base_ms = chat_visible_ms(browser, base, auth, cid, args.runs)
            median = statistics.median
            print(f"time to chat visible (/c/{{id}} with 8 messages, 2 results, 3 variants), n={args.runs}")
            print(f"  cold cache   p50 {median(cold):7.1f} ms   max {max(cold):7.1f} ms   target < 1000 ms  "
                  f"{'OK' if median(cold) < MAX_CHAT_VISIBLE_MS else 'OVER'}")
            print(f"  warm cache   p50 {median(warm):7.1f} ms   max {max(warm):7.1f} ms")
            print(f"  baseline: one messages fetch from the loaded page  p50 {median(base_ms):6.1f} ms   "
                  f"chat visible (cold) / baseline = {median(cold) / median(base_ms):.1f}x")
            ok &= median(cold) < MAX_CHAT_VISIBLE_MS
            if args.screenshots:
                screenshots(browser, base, auth, cid, args.screenshots)
            browser.close()
        server.should_exit = True
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
