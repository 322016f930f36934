"""Routix service benchmark: 100 generations submitted at once on the embedded default.

Starts ``routix serve`` (SQLite, its workers in one process per core, in-memory bus; OCR off) in a subprocess on
a free port with a fresh data dir, then over real HTTP (httpx) and one WebSocket client:

* baseline, idle server: one generation alone (end-to-end latency, event delivery latency) and
  the status endpoint's latency;
* load: ``--jobs`` (100) ``POST /api/v1/generation/create`` at once (variants 0), while two
  pollers read ``GET /api/v1/generation/{id}/status``; waits until every job is final;
* checks: every job completed exactly once (rows, distinct ids, distinct result keys, one set
  of files each, one ``generation:completed`` event each), nothing lost or duplicated;
* prints throughput (jobs/s), p50/p95 time to thumbnail (create sent -> ``generation:thumbnail``
  received: the first phase) and end-to-end latency (create sent -> completed event received),
  both alone and under the burst (targets: alone, thumbnail p50 <= 400 ms and <= 0.4 of the
  whole job; burst, thumbnail p95 <= 30 s), the server's CPU-seconds per job, status p50/p99
  idle and under load with their ratio, and progress event delivery latency (the bus's
  ``published_at`` stamp in the worker -> WebSocket client receive) p50/p99 against the 100 ms target.

Run: ``python bench/service.py [--jobs N] [--workers W] [--worker-processes P]`` (``P`` 0: the
workers are threads of the server process, as before worker processes). Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx
import psutil
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
PROMPTS = ["gaming thumbnail with explosions", "podcast cover, calm, blue", "how to invest your first $1000",
           "my trip to japan travel vlog", "easy pasta recipe in 10 minutes", "tech review of a new phone"]
FINAL = ("generation:completed", "generation:failed")
PASSWORD = "correct horse battery staple"


def pct(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of ``values``; NaN when empty."""
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def ms(value: float) -> str:
    return f"{value * 1000:8.1f} ms"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, port: int, workers: int, processes: int | None = None) -> subprocess.Popen:
    """``routix serve`` on the embedded default, as a new user would run it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROUTIX_")}
    env.update(ROUTIX_DATA_DIR=str(data_dir), ROUTIX_OCR="false", ROUTIX_WORKERS=str(workers),
               ROUTIX_RATE_LIMITS="false")  # the bench starts many generations per user quickly
    if processes is not None:
        env["ROUTIX_WORKER_PROCESSES"] = str(processes)
    routix = Path(sys.executable).parent / "routix"
    cmd = [str(routix)] if routix.exists() else [sys.executable, "-m", "routix.cli"]
    with open(data_dir.parent / "serve.log", "wb") as log:  # the server process keeps its own copy open
        return subprocess.Popen(cmd + ["serve", "--port", str(port), "--log-level", "warning"], env=env,
                                stdout=log, stderr=subprocess.STDOUT)


async def wait_healthy(http: httpx.AsyncClient, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"routix serve exited with status {server.returncode}")
        try:
            if (await http.get("/health")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("routix serve did not become healthy")


class Listener:
    """One WebSocket client: records when each event arrived and its delivery latency."""

    def __init__(self) -> None:
        self.progress_delays: list[float] = []
        self.final_delays: list[float] = []
        self.finished: dict[str, float] = {}  # request id -> receive time (epoch s) of its final event
        self.thumbnails: dict[str, float] = {}  # request id -> receive time (epoch s) of generation:thumbnail
        self.final_events: Counter[str] = Counter()
        self.outcome: dict[str, str] = {}
        self.waiters: dict[str, asyncio.Event] = defaultdict(asyncio.Event)

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
                if request_id is None:
                    continue
                delay = now - event.get("published_at", now)
                if name == "generation:thumbnail":
                    self.thumbnails.setdefault(request_id, now)
                if name == "generation:progress":
                    self.progress_delays.append(delay)
                elif name in FINAL:
                    self.final_delays.append(delay)
                    self.final_events[request_id] += 1
                    self.finished.setdefault(request_id, now)
                    self.outcome[request_id] = data.get("status", name)
                    self.waiters[request_id].set()


async def create(http: httpx.AsyncClient, headers: dict, i: int) -> tuple[str, float]:
    """Submit one generation; (its id, the epoch time the request was sent)."""
    sent = time.time()
    body = {"prompt": PROMPTS[i % len(PROMPTS)], "title": f"Episode {i}", "variants": 0, "seed": 1000 + i}
    response = await http.post("/api/v1/generation/create", json=body, headers=headers)
    if response.status_code not in (200, 201):
        raise SystemExit(f"create failed: {response.status_code} {response.text[:300]}")
    return response.json()["id"], sent


async def one_job(http, headers, listener: Listener, i: int, timeout: float = 300) -> tuple[str, float, float]:
    """One generation alone: (its id, seconds to its thumbnail event, seconds to its final event)."""
    request_id, sent = await create(http, headers, i)
    await asyncio.wait_for(listener.waiters[request_id].wait(), timeout)
    thumbnail = listener.thumbnails.get(request_id, float("nan")) - sent
    return request_id, thumbnail, listener.finished[request_id] - sent


async def grant_credits(http: httpx.AsyncClient, data_dir: Path, user_id: str, credits: int) -> None:
    """Give ``user_id`` ``credits`` more (an admin made with the CLI grants them): the free plan's
    50 do not cover a burst of 100."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("ROUTIX_")}, "ROUTIX_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "-m", "routix.cli", "users", "create-admin", "--email", "admin@example.com",
                    "--password-stdin"], input=PASSWORD.encode(), env=env, check=True, capture_output=True)
    admin = (await http.post("/api/v1/auth/login", json={"email": "admin@example.com", "password": PASSWORD})).json()
    granted = await http.post(f"/api/v1/admin/users/{user_id}/credits", json={"amount": credits, "reason": "bench"},
                              headers={"Authorization": f"Bearer {admin['access_token']}"})
    granted.raise_for_status()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process ``pid`` and its live child processes (the worker
    processes) used so far."""
    process = psutil.Process(pid)
    return sum(sum(p.cpu_times()[:2]) for p in [process, *process.children(recursive=True)])


async def sample_rss(pid: int, peaks: dict[str, float], stop: asyncio.Event, every: float = 0.25) -> None:
    """Record in ``peaks`` the highest resident memory (MB) of the server process (``api``) and of
    any one of its child processes (``worker``) until ``stop`` is set."""
    process = psutil.Process(pid)
    while not stop.is_set():
        try:
            peaks["api"] = max(peaks.get("api", 0.0), process.memory_info().rss / 2**20)
            for child in process.children(recursive=True):
                peaks["worker"] = max(peaks.get("worker", 0.0), child.memory_info().rss / 2**20)
        except psutil.Error:
            pass
        await asyncio.sleep(every)


async def status_latencies(http, headers, ids: list[str], *, count: int | None = None,
                           stop: asyncio.Event | None = None, pause: float = 0.0) -> list[float]:
    """Time ``GET .../status`` for random ids: ``count`` calls, or until ``stop`` is set."""
    out: list[float] = []
    while (count is None or len(out) < count) and not (stop and stop.is_set()):
        t0 = time.perf_counter()
        response = await http.get(f"/api/v1/generation/{random.choice(ids)}/status", headers=headers)
        out.append(time.perf_counter() - t0)
        if response.status_code != 200:
            raise SystemExit(f"status failed: {response.status_code} {response.text[:200]}")
        if pause:
            await asyncio.sleep(pause)
    return out


def audit(data_dir: Path, ids: list[str]) -> dict[str, object]:
    """What the database and the blob directory hold for ``ids`` (read-only)."""
    db = sqlite3.connect(f"file:{data_dir / 'routix.db'}?mode=ro", uri=True)
    hex_ids = [i.replace("-", "") for i in ids]
    marks = ",".join("?" * len(hex_ids))
    rows = db.execute(f"SELECT id, status, attempt, outputs FROM generation_requests WHERE id IN ({marks})",
                      hex_ids).fetchall()
    db.close()
    keys = [json.loads(outputs or "{}").get("thumbnail.jpg") for _, _, _, outputs in rows]
    blob_root = data_dir / "blobs" / "generations"
    file_sets = [sorted(p.name for p in (blob_root / i).iterdir()) if (blob_root / i).is_dir() else [] for i in ids]
    return {
        "rows": len(rows), "distinct_rows": len({r[0] for r in rows}),
        "completed": sum(r[1] == "completed" for r in rows),
        "attempts": Counter(r[2] for r in rows),
        "distinct_result_keys": len({k for k in keys if k}),
        "jobs_with_one_thumbnail_file": sum(names.count("thumbnail.jpg") == 1 for names in file_sets),
    }


async def bench(args) -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="routix-bench-")) / "data"
    data_dir.mkdir(parents=True)
    port = free_port()
    server = start_server(data_dir, port, args.workers, args.worker_processes)
    limits = httpx.Limits(max_connections=args.jobs + 16, max_keepalive_connections=args.jobs + 16)
    failures: list[str] = []
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120, limits=limits) as http:
            t0 = time.perf_counter()
            await wait_healthy(http, server)
            print(f"routix serve up in {time.perf_counter() - t0:.1f} s "
                  f"(embedded default, {args.workers} workers, "
                  f"worker processes {'as serve decides' if args.worker_processes is None else args.worker_processes}, "
                  f"OCR off, data {data_dir}); "
                  f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            account = (await http.post("/api/v1/auth/register", json={
                "email": "bench@example.com", "password": PASSWORD})).json()
            await grant_credits(http, data_dir, account["user"]["id"], args.jobs + 50)
            headers = {"Authorization": f"Bearer {account['access_token']}"}
            listener, ready = Listener(), asyncio.Event()
            ws_task = asyncio.create_task(listener.run(f"ws://127.0.0.1:{port}/ws?token={account['access_token']}",
                                                       ready))
            await asyncio.wait_for(ready.wait(), 30)

            # baseline: one job alone (the first also loads the models), then the idle status endpoint
            _, _, cold = await one_job(http, headers, listener, 0)
            listener.progress_delays.clear()  # model loading is not the idle baseline
            idle_ids, idle_latency, idle_thumbnail = [], [], []
            for i in range(1, 11):
                request_id, thumbnail, latency = await one_job(http, headers, listener, i)
                idle_ids.append(request_id)
                idle_latency.append(latency)
                idle_thumbnail.append(thumbnail)
            idle_delivery = list(listener.progress_delays)
            idle_status = await status_latencies(http, headers, idle_ids, count=300)

            # load: every job at once, status pollers running meanwhile
            listener.progress_delays.clear()
            listener.final_delays.clear()
            stop = asyncio.Event()
            pollers = [asyncio.create_task(status_latencies(http, headers, idle_ids, stop=stop, pause=0.02))
                       for _ in range(2)]
            start = time.time()
            cpu_before = cpu_seconds(server.pid)
            peaks: dict[str, float] = {}
            sampler = asyncio.create_task(sample_rss(server.pid, peaks, stop))
            submitted = await asyncio.gather(*(create(http, headers, 100 + i) for i in range(args.jobs)))
            ids = [request_id for request_id, _ in submitted]
            sent = dict(submitted)
            accepted = time.time()
            # and one poller on the jobs under load
            pollers.append(asyncio.create_task(status_latencies(http, headers, ids, stop=stop, pause=0.02)))
            try:
                await asyncio.wait_for(asyncio.gather(*(listener.waiters[i].wait() for i in ids)), args.timeout)
            except TimeoutError:
                failures.append(f"{sum(i not in listener.finished for i in ids)} jobs not final after {args.timeout} s")
            end = max((listener.finished.get(i, time.time()) for i in ids), default=time.time())
            cpu_per_job = (cpu_seconds(server.pid) - cpu_before) / args.jobs
            stop.set()
            loaded_status = [x for chunk in await asyncio.gather(*pollers) for x in chunk]
            await sampler
            await asyncio.sleep(1.0)  # late duplicates would arrive now
            ws_task.cancel()
            await asyncio.gather(ws_task, return_exceptions=True)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()

    e2e = [listener.finished[i] - sent[i] for i in ids if i in listener.finished]
    to_thumbnail = [listener.thumbnails[i] - sent[i] for i in ids if i in listener.thumbnails]
    found = audit(data_dir, ids)
    if not args.keep:
        shutil.rmtree(data_dir.parent, ignore_errors=True)
    completed_events = sum(listener.final_events[i] for i in ids)
    outcome = Counter(listener.outcome.get(i, "none") for i in ids)
    n = args.jobs
    checks = {
        "rows": found["rows"] == n and found["distinct_rows"] == n,
        "completed": found["completed"] == n and outcome["completed"] == n,
        "distinct result keys": found["distinct_result_keys"] == n,
        "one set of files each": found["jobs_with_one_thumbnail_file"] == n,
        "one final event each": all(listener.final_events[i] == 1 for i in ids),
        "one thumbnail event each": len(to_thumbnail) == n,
    }
    failures += [name for name, ok in checks.items() if not ok]

    print(f"\n{n} generations submitted at once (accepted in {accepted - start:.2f} s; "
          f"load average now {os.getloadavg()[0]:.1f})")
    print(f"  rows {found['rows']} (distinct {found['distinct_rows']}), completed {found['completed']}, "
          f"distinct result keys {found['distinct_result_keys']}, "
          f"one set of files {found['jobs_with_one_thumbnail_file']},"
          f" final events {completed_events}, attempts {dict(found['attempts'])}")
    duplicated = completed_events - len(listener.finished.keys() & set(ids))
    print(f"  lost: {n - outcome['completed']}   duplicated: {duplicated}")
    wall = end - start
    alone = statistics.median(idle_latency)
    print(f"  throughput {n / wall:.2f} jobs/s ({wall:.1f} s for {n}); one job alone takes {alone:.2f} s: "
          f"speed-up of {args.workers} workers over one job at a time {n / wall * alone:.2f}x")
    alone_thumb = statistics.median(idle_thumbnail)
    print(f"  one job alone: time to thumbnail p50 {ms(alone_thumb)}  p95 {ms(pct(idle_thumbnail, .95))}"
          f"  (target p50 <= 400 ms), whole job p50 {ms(alone)}: ratio {alone_thumb / alone:.2f} (target <= 0.4)")
    print(f"  burst: time to thumbnail (create sent -> thumbnail event)  p50 {ms(statistics.median(to_thumbnail))}"
          f"  p95 {ms(pct(to_thumbnail, .95))}  (target p95 <= 30 s)")
    print(f"  burst: end-to-end (create sent -> completed event)  p50 {ms(statistics.median(e2e))}"
          f"  p95 {ms(pct(e2e, .95))}   (first job incl. model load {cold:.2f} s)")
    print(f"  server CPU per job under the burst {cpu_per_job:.2f} CPU-s ({os.cpu_count()} CPUs; "
          f"server and worker processes)")
    print(f"  peak RSS under the burst: server process {peaks.get('api', 0):.0f} MB, "
          + (f"largest worker process {peaks['worker']:.0f} MB" if "worker" in peaks else "no worker processes"))
    idle_p99, load_p99 = pct(idle_status, .99), pct(loaded_status, .99)
    print(f"  status endpoint idle  p50 {ms(statistics.median(idle_status))}  p99 {ms(idle_p99)}"
          f"   n={len(idle_status)}")
    print(f"  status endpoint load  p50 {ms(statistics.median(loaded_status))}  p99 {ms(load_p99)}   "
          f"n={len(loaded_status)}   ratio p99 load/idle {load_p99 / idle_p99:.1f}x")
    delivery = listener.progress_delays
    d99 = pct(delivery, .99)
    print(f"  progress event delivery (worker publish -> WebSocket client)  p50 {ms(statistics.median(delivery))}  "
          f"p99 {ms(d99)}  max {ms(max(delivery))}  n={len(delivery)}   target p99 < 100 ms: "
          f"{'met' if d99 < 0.1 else 'NOT met'}")
    print(f"  same, one job alone (idle)  p50 {ms(statistics.median(idle_delivery))}  p99 {ms(pct(idle_delivery, .99))}"
          f"   ratio p99 load/idle {d99 / pct(idle_delivery, .99):.1f}x")
    print(f"  completed event delivery under load  p50 {ms(statistics.median(listener.final_delays))}  "
          f"p99 {ms(pct(listener.final_delays, .99))}")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("all checks passed: none lost, none duplicated")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2, help="jobs at once (ROUTIX_WORKERS)")
    parser.add_argument("--worker-processes", type=int, default=None,
                        help="ROUTIX_WORKER_PROCESSES (default: serve's own choice, one per core on 2+ cores)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for every job")
    parser.add_argument("--keep", action="store_true", help="keep the data dir (database, blobs, serve.log)")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(bench(args)))


if __name__ == "__main__":
    main()
