"""``/metrics``: Prometheus series for HTTP requests, jobs, pipeline stages, credits and the
queue, scraped after a real generation; access by token or from loopback only."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from api.backends import BACKEND
from api.jobs_support import load_row, wait_final
from routix.services import Services

pytestmark = pytest.mark.skipif(BACKEND != "embedded", reason="job series of a Celery worker process need "
                                "PROMETHEUS_MULTIPROC_DIR shared with it")
TOKEN = "scrape-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture
def app_with_token(settings):
    from routix.api.app import create_app

    services = Services(settings.model_copy(update={"metrics_token": SecretStr(TOKEN)}))
    services.migrate()
    yield create_app(services, start_workers=True, migrate=False), services


@pytest.fixture
def client(app_with_token) -> Iterator[TestClient]:
    with TestClient(app_with_token[0]) as test_client:
        yield test_client


def scrape(client: TestClient) -> Samples:
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_a_generation_shows_in_the_http_job_stage_and_credit_series(client, app_with_token):
    services = app_with_token[1]
    email = f"user-{uuid.uuid4().hex[:8]}@example.com"
    registered = client.post("/api/v1/auth/register", json={"email": email, "password": "correct horse battery"})
    headers = {"Authorization": f"Bearer {registered.json()['access_token']}"}
    before = scrape(client)

    created = client.post("/api/v1/generation/create", headers=headers,
                          json={"prompt": "gaming thumbnail with explosions", "title": "Boss Fight"})
    assert created.status_code == 201, created.text
    assert wait_final(client, headers, created.json()["id"])["status"] == "completed"
    row = load_row(services, created.json()["id"])

    deadline = time.monotonic() + 10  # the runner counts the job just after the row turned final
    after = scrape(client)
    while value(after, "routix_jobs_total", kind="generation", outcome="completed") == value(
            before, "routix_jobs_total", kind="generation", outcome="completed") and time.monotonic() < deadline:
        time.sleep(0.05)
        after = scrape(client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    # HTTP: by route template, never the raw path
    assert delta("routix_http_requests_total", method="POST", route="/api/v1/generation/create", status="201") == 1
    assert delta("routix_http_requests_total", method="GET", route="/api/v1/generation/{request_id}/status",
                 status="200") >= 1
    assert delta("routix_http_request_duration_seconds_count", method="POST", route="/api/v1/generation/create") == 1
    assert not any(row.id.hex in "".join(v for _, v in labels) or str(row.id) in "".join(v for _, v in labels)
                   for _, labels in after)
    # jobs by kind and outcome
    assert delta("routix_jobs_total", kind="generation", outcome="completed") == 1
    # stage durations: one observation per stage on the row, summing to the row's timings
    assert row.timings
    for stage, seconds in row.timings.items():
        assert delta("routix_generation_stage_seconds_count", stage=stage) == 1
        assert delta("routix_generation_stage_seconds_sum", stage=stage) == pytest.approx(seconds, abs=1e-6)
    # credits: Lightning costs 1 credit, reserved on accept and charged on completion
    assert delta("routix_credits_total", movement="reserved") == 1
    assert delta("routix_credits_total", movement="charged") == 1
    assert delta("routix_credits_total", movement="refunded") == 0


def test_the_queue_depth_is_read_at_scrape_time(client):
    text = client.get("/metrics", headers=AUTH).text
    assert "# TYPE routix_jobs_queued gauge" in text


def test_head_requests_count_under_their_route(client):
    before = scrape(client)
    assert client.head("/health").status_code == 200
    assert client.head("/api/v1/generation/00000000-0000-0000-0000-000000000000/status").status_code == 401
    after = scrape(client)
    assert value(after, "routix_http_requests_total", method="HEAD", route="/health", status="200") == value(
        before, "routix_http_requests_total", method="HEAD", route="/health", status="200") + 1
    assert value(after, "routix_http_requests_total", method="HEAD", route="/api/v1/generation/{request_id}/status",
                 status="401") == value(before, "routix_http_requests_total", method="HEAD",
                                        route="/api/v1/generation/{request_id}/status", status="401") + 1
    for status in ("200", "401"):
        assert value(after, "routix_http_requests_total", method="HEAD", route="unmatched", status=status) == value(
            before, "routix_http_requests_total", method="HEAD", route="unmatched", status=status)


def test_the_token_is_required_when_set(client):
    missing = client.get("/metrics")
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.get("/metrics", headers=AUTH).status_code == 200


def test_without_a_token_only_loopback_clients_may_scrape(services):
    from routix.api.app import create_app

    app = create_app(services, start_workers=False, migrate=False)
    with TestClient(app, client=("203.0.113.7", 40000)) as remote:
        assert remote.get("/metrics").status_code == 403
    with TestClient(app, client=("127.0.0.1", 40000)) as local:
        response = local.get("/metrics")
    assert response.status_code == 200 and "routix_http_requests_total" in response.text
    document = TestClient(app).get("/openapi.json").json()
    assert "/metrics" not in document["paths"]


def test_multiprocess_mode_merges_every_process(services, tmp_path, monkeypatch):
    """Two worker processes record into PROMETHEUS_MULTIPROC_DIR; one scrape reports both."""
    import os
    import subprocess
    import sys

    from routix.metrics.router import exposition

    child = "from routix.metrics.recording import record_http; record_http('GET', '/probe/{n}', 200, 0.01)"
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", child], env=env, check=True, timeout=120)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    text = exposition(services).decode()
    assert 'routix_http_requests_total{method="GET",route="/probe/{n}",status="200"} 2.0' in text
    assert "# TYPE routix_jobs_queued gauge" in text


def test_provider_calls_are_counted_by_provider_and_model():
    from routix.metrics.registry import REGISTRY
    from routix.providers.usage import ProviderCall, UsageRecorder

    labels = {"provider": "gemini", "model": f"probe-{uuid.uuid4().hex[:6]}"}
    recorder = UsageRecorder()
    recorder.record(ProviderCall(kind="image", outcome="ok", images=1, latency_s=2.5, cost_usd=0.04, **labels))
    recorder.record(ProviderCall(kind="image", outcome="error", latency_s=0.5, **labels))
    assert REGISTRY.get_sample_value("routix_provider_requests_total",
                                     {**labels, "kind": "image", "outcome": "ok"}) == 1
    assert REGISTRY.get_sample_value("routix_provider_requests_total",
                                     {**labels, "kind": "image", "outcome": "error"}) == 1
    assert REGISTRY.get_sample_value("routix_provider_cost_usd_total", labels) == pytest.approx(0.04)
    assert REGISTRY.get_sample_value("routix_provider_request_duration_seconds_sum", labels) == pytest.approx(3.0)


@pytest.mark.parametrize(("kind", "amount", "expected"), [
    ("reserve", -3, {"reserved": 3}), ("release", 3, {"refunded": 3}), ("plan_grant", 50, {"granted": 50}),
    ("signup_bonus", 50, {"granted": 50}), ("admin_grant", 7, {"granted": 7}), ("admin_deduct", -7, {"deducted": 7}),
])
def test_ledger_entries_map_to_credit_movements(kind, amount, expected):
    from routix.metrics.recording import credit_movements

    assert credit_movements(None, kind, amount, None) == expected  # only a commit reads the session
