"""The embedded queue with worker processes: jobs run in child processes, their events reach the
API process's WebSocket clients, a dead worker process is replaced, and stop leaves no child."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from api.backends import BACKEND
from api.live_server import open_socket, recv, serve
from routix.jobs.processes import ProcessQueue
from routix.services import Services

pytestmark = pytest.mark.skipif(BACKEND == "scaled", reason="worker processes are the embedded queue's")


@pytest.fixture
def process_services(settings):
    svc = Services(settings.model_copy(update={"worker_processes": 2}))
    svc.migrate()
    yield svc
    svc.close()


def _events_until_final(ws, generation_id: str, timeout: float = 90) -> list[dict]:
    """Every event of ``generation_id`` on ``ws`` until its completed or failed event."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        event = recv(ws, timeout=max(0.1, deadline - time.monotonic()))
        data = event.get("data") or {}
        if str(data.get("request_id") or data.get("id")) != generation_id:
            continue
        seen.append(event)
        if event["event"] in ("generation:completed", "generation:failed"):
            return seen
    raise AssertionError(f"no final event for {generation_id}; saw {[e['event'] for e in seen]}")


def _generate(live, account: dict) -> tuple[str, list[dict]]:
    headers = {"Authorization": f"Bearer {account['access_token']}"}
    with open_socket(live, f"?token={account['access_token']}") as ws:
        assert recv(ws)["event"] == "connection:established"
        with live.http() as http:
            body = {"prompt": "gaming thumbnail with explosions", "title": "Boss Fight", "variants": 0}
            created = http.post("/api/v1/generation/create", headers=headers, json=body)
        assert created.status_code == 201, created.text
        generation_id = str(created.json()["id"])
        return generation_id, _events_until_final(ws, generation_id)


def test_jobs_run_in_worker_processes_and_their_events_reach_the_api_process(process_services):
    queue = process_services.queue
    assert isinstance(queue, ProcessQueue)
    with serve(process_services, start_workers=True) as live:
        assert queue.wait_ready(120), "the worker processes did not start"
        pids = queue.pids()
        assert len(pids) == 2 and os.getpid() not in pids
        assert not [t for t in threading.enumerate() if t.name.startswith("routix-worker-")]  # no job threads here
        generation_id, events = _generate(live, live.register())
        names = [event["event"] for event in events]
        assert names[-1] == "generation:completed", names
        assert "generation:thumbnail" in names and names.index("generation:thumbnail") < len(names) - 1
        with live.http() as http:
            status = http.get(f"/api/v1/generation/{generation_id}/status",
                              headers={"Authorization": f"Bearer {live.register()['access_token']}"})
        assert status.status_code == 404  # someone else's generation stays hidden across processes too
    assert queue.pids() == [] and not queue._threads  # stop: every child joined, relay and supervisor gone


def test_a_killed_worker_process_is_replaced(process_services):
    queue = process_services.queue
    with serve(process_services, start_workers=True) as live:
        assert queue.wait_ready(120)
        victim = queue.pids()[0]
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (victim in queue.pids() or len(queue.pids()) < 2):
            time.sleep(0.1)
        assert victim not in queue.pids() and len(queue.pids()) == 2
        assert queue.wait_ready(120)
        _, events = _generate(live, live.register())
        assert events[-1]["event"] == "generation:completed"


def test_the_processes_share_the_jobs_and_the_threads_per_job(settings):
    services = Services(settings.model_copy(update={"worker_processes": 2, "workers": 5}))
    try:
        queue = ProcessQueue(services, processes=2)
        assert [queue._threads_of(i) for i in range(queue.processes)] == [3, 2]
        assert ProcessQueue(services, processes=8).processes == 5  # never more processes than jobs at once
        with pytest.raises(ValueError):
            ProcessQueue(services, processes=0)
    finally:
        services.close()
