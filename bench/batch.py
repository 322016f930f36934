"""Routix batch benchmark: a ``--rows`` (100) row batch on the embedded default, with 5 % of the
provider calls failing (injected), against single generations in the same run.

Starts ``routix serve`` (SQLite, in-process workers, in-memory bus; OCR off) in a subprocess
with ``ROUTIX_BATCH_FAULTS=rate=0.05,retry_after=0.2`` (``routix.batches.faults``: each attempt
of each row fails with probability 0.05 before the pipeline runs, as a provider outage would).
Over real HTTP:

* baseline: ``--singles`` (8) single generations submitted at once -> generations/s, and one
  generation alone on the idle server (its end-to-end seconds);
* the batch: ``POST /api/v1/batches`` with ``--rows`` rows and ``start: true``; while it runs,
  ``GET /api/v1/batches/{id}/status`` is read continuously (p50/p99 against the 1 s target) and
  one interactive generation is made (its seconds against the idle one);
* checks, read from the database: every row ended (completed, or failed with a reason after its
  retries), each row has exactly one job and one generation, each generation one reservation
  and one settlement, and the balance moved by exactly the credits of the completed rows.

Run: ``python bench/batch.py [--rows N]`` (``make bench-long`` runs 1,000 rows). Exit status 1
when a check fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from service import free_port, ms, pct

PROMPTS = ["gaming thumbnail with explosions", "podcast cover, calm, blue", "how to invest your first $1000",
           "my trip to japan travel vlog", "easy pasta recipe in 10 minutes", "tech review of a new phone"]
PASSWORD = "correct horse battery"


def start_server(data_dir: Path, port: int, workers: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROUTIX_")}
    env.update(ROUTIX_DATA_DIR=str(data_dir), ROUTIX_OCR="false", ROUTIX_WORKERS=str(workers),
               ROUTIX_RATE_LIMITS="false", ROUTIX_BATCH_FAULTS="rate=0.05,retry_after=0.2")
    with open(data_dir.parent / "serve.log", "wb") as log:
        return subprocess.Popen([sys.executable, "-m", "routix.cli", "serve", "--port", str(port), "--log-level",
                                 "warning"], env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_healthy(http: httpx.Client, server: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"routix serve exited with status {server.returncode}")
        try:
            if http.get("/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("routix serve did not become healthy")


def account(http: httpx.Client, data_dir: Path, credits: int) -> dict[str, str]:
    """A user with ``credits`` more credits (granted by an admin made with the CLI)."""
    user = http.post("/api/v1/auth/register", json={"email": "bench@example.com", "password": PASSWORD}).json()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("ROUTIX_")}, "ROUTIX_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "-m", "routix.cli", "users", "create-admin", "--email", "admin@example.com",
                    "--password-stdin"], input=PASSWORD.encode(), env=env, check=True, capture_output=True)
    admin = http.post("/api/v1/auth/login", json={"email": "admin@example.com", "password": PASSWORD}).json()
    granted = http.post(f"/api/v1/admin/users/{user['user']['id']}/credits",
                        json={"amount": credits, "reason": "bench"},
                        headers={"Authorization": f"Bearer {admin['access_token']}"})
    granted.raise_for_status()
    return {"Authorization": f"Bearer {user['access_token']}"}


def generation(http: httpx.Client, headers: dict, i: int) -> str:
    body = {"prompt": PROMPTS[i % len(PROMPTS)], "title": f"Single {i}", "variants": 0, "seed": 500 + i}
    answer = http.post("/api/v1/generation/create", json=body, headers=headers)
    answer.raise_for_status()
    return answer.json()["id"]


def wait_generations(http: httpx.Client, headers: dict, ids: list[str], timeout: float = 900) -> None:
    pending, deadline = set(ids), time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for gid in list(pending):
            status = http.get(f"/api/v1/generation/{gid}/status", headers=headers).json()["status"]
            if status in ("completed", "failed"):
                pending.discard(gid)
        time.sleep(0.1)
    if pending:
        raise SystemExit(f"{len(pending)} generations did not finish")


def timed_generation(http: httpx.Client, headers: dict, i: int) -> tuple[float, str]:
    """(seconds from create to final status, the generation's id)."""
    started = time.perf_counter()
    gid = generation(http, headers, i)
    wait_generations(http, headers, [gid])
    return time.perf_counter() - started, gid


def balance(http: httpx.Client, headers: dict) -> int:
    return int(http.get("/api/v1/auth/me", headers=headers).json()["credits"])


def charged_for(data_dir: Path, generation_id: str) -> int:
    """Credits the ledger took for one generation (reserve + settle)."""
    db = sqlite3.connect(f"file:{data_dir / 'routix.db'}?mode=ro", uri=True)
    total = db.execute("SELECT COALESCE(SUM(amount), 0) FROM credit_transactions WHERE generation_request_id = ?",
                       (generation_id.replace("-", ""),)).fetchone()[0]
    db.close()
    return -int(total)


def audit(data_dir: Path, batch_id: str) -> dict[str, object]:
    """What the database says about the batch's rows, jobs, generations and credits."""
    db = sqlite3.connect(f"file:{data_dir / 'routix.db'}?mode=ro", uri=True)
    bid = batch_id.replace("-", "")
    rows = db.execute("SELECT id, status, error_message, generation_id, credits FROM batch_rows WHERE batch_id = ?",
                      (bid,)).fetchall()
    row_ids = {str(__import__("uuid").UUID(r[0])) for r in rows}
    jobs = db.execute("SELECT subject_id, status, attempt FROM jobs WHERE kind = 'batch_row'").fetchall()
    jobs = [j for j in jobs if j[0] in row_ids]
    gens = [r[3] for r in rows if r[3]]
    entries = db.execute("SELECT generation_request_id, transaction_type FROM credit_transactions "
                         "WHERE generation_request_id IS NOT NULL").fetchall()
    gen_set = set(gens)
    mine = [e for e in entries if e[0] in gen_set]
    db.close()
    per_row_jobs = {}
    for subject, *_ in jobs:
        per_row_jobs[subject] = per_row_jobs.get(subject, 0) + 1
    return {
        "rows": len(rows), "completed": sum(r[1] == "completed" for r in rows),
        "failed": sum(r[1] == "failed" for r in rows),
        "failed_without_reason": sum(r[1] == "failed" and not r[2] for r in rows),
        "unfinished": sum(r[1] not in ("completed", "failed") for r in rows),
        "jobs_per_row_max": max(per_row_jobs.values(), default=0), "rows_without_job": len(row_ids) - len(per_row_jobs),
        "retried_rows": sum(j[2] > 1 for j in jobs), "generations": len(gens), "distinct_generations": len(gen_set),
        "reserves": sum(e[1] == "reserve" for e in mine), "settles": sum(e[1] in ("commit", "release") for e in mine),
        "charged": sum(r[4] for r in rows),
    }


def bench(args) -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="routix-bench-batch-")) / "data"
    data_dir.mkdir(parents=True)
    port = free_port()
    server = start_server(data_dir, port, args.workers)
    failures: list[str] = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            t0 = time.perf_counter()
            wait_healthy(http, server)
            print(f"routix serve up in {time.perf_counter() - t0:.1f} s (rows={args.rows}, workers={args.workers}, "
                  "5 % injected provider failures)")
            headers = account(http, data_dir, args.rows + args.singles + 10)
            idle_one, _ = timed_generation(http, headers, 0)
            started = time.perf_counter()
            wait_generations(http, headers, [generation(http, headers, i) for i in range(1, args.singles + 1)])
            singles_rate = args.singles / (time.perf_counter() - started)
            before = balance(http, headers)

            rows = [{"name": f"ep-{i}", "prompt": PROMPTS[i % len(PROMPTS)], "title": f"Episode {i}"}
                    for i in range(1, args.rows + 1)]
            started = time.perf_counter()
            created = http.post("/api/v1/batches", json={"name": "bench", "rows": rows, "start": True}, headers=headers)
            created.raise_for_status()
            batch_id = created.json()["id"]
            latencies: list[float] = []
            busy: dict[str, Any] = {}

            def interactive() -> None:
                time.sleep(2.0)
                busy["seconds"], busy["id"] = timed_generation(http, headers, 999)

            side = threading.Thread(target=interactive)
            side.start()
            status: dict = {}
            while True:
                t = time.perf_counter()
                status = http.get(f"/api/v1/batches/{batch_id}/status", headers=headers).json()
                latencies.append(time.perf_counter() - t)
                if status["status"] in ("completed", "cancelled", "paused"):
                    break
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
            side.join()
            spent = before - balance(http, headers)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    facts = audit(data_dir, batch_id)
    spent -= charged_for(data_dir, busy["id"]) if "id" in busy else 0  # the interactive generation's own cost
    rate = facts["completed"] / elapsed
    print(f"  batch: {facts['completed']} completed, {facts['failed']} failed, {facts['retried_rows']} rows retried, "
          f"in {elapsed:.1f} s")
    print(f"  rows/s {rate:6.2f}   single generations/s {singles_rate:6.2f}   ratio {rate / singles_rate:5.2f}")
    print(f"  status while running: p50 {ms(pct(latencies, 0.5))}  p99 {ms(pct(latencies, 0.99))}  "
          f"({len(latencies)} reads; target p99 < 1 s)")
    during = busy.get("seconds", float("nan"))
    print(f"  interactive generation: idle {idle_one:5.1f} s   during the batch {during:5.1f} s"
          f"   ratio {during / idle_one:5.2f}")
    checks = {
        "every row ended": facts["unfinished"] == 0 and status.get("status") == "completed",
        "failed rows have a reason": facts["failed_without_reason"] == 0,
        "one job per row": facts["jobs_per_row_max"] == 1 and facts["rows_without_job"] == 0,
        "one generation per row": facts["generations"] == facts["distinct_generations"] == facts["rows"],
        "one reservation and one settlement each": facts["reserves"] == facts["settles"] == facts["generations"],
        "credits exact": spent == facts["charged"] == facts["completed"],
        "status p99 < 1 s": pct(latencies, 0.99) < 1.0,
    }
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
        if not ok:
            failures.append(name)
    if failures:
        print(f"  facts: {facts}, spent {spent}; server log: {data_dir.parent / 'serve.log'}")
    else:
        shutil.rmtree(data_dir.parent, ignore_errors=True)
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--singles", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    raise SystemExit(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
