"""`routix serve` as a user runs it: worker processes on 2+ cores, threads on one, a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import psutil
import pytest

from routix.cli import service
from routix.config import Settings
from routix.kit import cpu


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(("cores", "workers", "asked", "expected"), [
    (2, 2, None, 2), (8, 2, None, 2), (1, 2, None, 0), (4, 3, None, 3), (2, 2, 0, 0), (2, 2, 1, 1),
])
def test_serve_decides_the_worker_processes_from_the_cores(monkeypatch, tmp_path, cores, workers, asked, expected):
    monkeypatch.setattr(cpu, "available_cores", lambda: cores)
    settings = Settings(data_dir=tmp_path, workers=workers, worker_processes=asked)
    assert service.serve_settings(settings).worker_processes == expected


def test_serve_leaves_the_celery_queue_alone(tmp_path):
    settings = Settings(data_dir=tmp_path, queue="celery", redis_url="redis://127.0.0.1:6379/15")
    assert service.serve_settings(settings).worker_processes is None


def test_share_metrics_uses_a_fresh_folder_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")  # unset for share_metrics, restored after the test
    stale = tmp_path / "metrics" / "counter_1.db"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    service.share_metrics(Settings(data_dir=tmp_path))
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path / "metrics")
    assert not stale.exists()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "/somewhere/else")
    service.share_metrics(Settings(data_dir=tmp_path))
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == "/somewhere/else"


def test_serve_runs_its_workers_in_processes_and_stops_them(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ROUTIX_", "PROMETHEUS_"))}
    env.update(ROUTIX_DATA_DIR=str(tmp_path / "data"), ROUTIX_OCR="false")
    server = subprocess.Popen([sys.executable, "-m", "routix.cli", "serve", "--port", str(port),
                               "--log-level", "warning"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        processes = min(cpu.available_cores(), 2) if cpu.available_cores() >= 2 else 0
        children = [c for c in psutil.Process(server.pid).children()  # not multiprocessing's resource tracker
                    if "resource_tracker" not in " ".join(c.cmdline())]
        assert len(children) == processes
        if processes:
            metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
            assert metrics.status_code == 200 and "routix_http_requests" in metrics.text
        server.send_signal(signal.SIGTERM)
        assert server.wait(60) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after its graceful shutdown
        assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
        banner = " ".join((server.stdout.read() if server.stdout else "").split())  # rich wraps long lines
        assert ("2 workers in 2 processes" if processes else "(2 workers)") in banner, banner
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
