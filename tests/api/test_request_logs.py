"""Logs you can follow: the X-Request-ID header (accepted when valid, else made up) on every
answer and in every problem body, JSON log lines carrying the request id, and a job's log lines
carrying its job id and the id of the request that enqueued it."""

from __future__ import annotations

import io
import json
import logging
import re
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.backends import BACKEND
from api.jobs_support import wait_final
from routix.kit import logs

HEX32 = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Everything logged at INFO and above during the test, through the JSON handler."""
    stream = io.StringIO()
    handler = logs.handler("json", stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def parsed(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_valid_request_id_is_echoed_and_on_the_requests_log_lines(client, json_lines):
    response = client.get("/health", headers={"X-Request-ID": "trace-42.a:b_c"})
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "trace-42.a:b_c"
    lines = parsed(json_lines)  # every line parses as JSON
    access = [line for line in lines if line["logger"] == "routix.access" and line["path"] == "/health"]
    assert len(access) == 1
    assert access[0]["request_id"] == "trace-42.a:b_c" and access[0]["status"] == 200
    assert access[0]["method"] == "GET" and access[0]["job_id"] is None and access[0]["level"] == "info"


@pytest.mark.parametrize("given", ["has spaces", "x" * 129, "-leading-dash", "semi;colon", ""])
def test_an_invalid_request_id_is_replaced_by_a_fresh_one(client, given):
    response = client.get("/health", headers={"X-Request-ID": given})
    assert HEX32.fullmatch(response.headers["x-request-id"])


def test_each_request_without_an_id_gets_its_own(client):
    first = client.get("/health").headers["x-request-id"]
    second = client.get("/health").headers["x-request-id"]
    assert HEX32.fullmatch(first) and HEX32.fullmatch(second) and first != second


def test_problem_bodies_carry_the_request_id(client, json_lines):
    unauthenticated = client.get("/api/v1/generation/00000000-0000-0000-0000-000000000000/status",
                                 headers={"X-Request-ID": "req-401"})
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["content-type"].startswith("application/problem+json")
    assert unauthenticated.json()["request_id"] == "req-401" == unauthenticated.headers["x-request-id"]

    invalid = client.post("/api/v1/auth/register", json={"email": 3})
    assert invalid.status_code == 422
    assert invalid.json()["request_id"] == invalid.headers["x-request-id"]

    too_large = client.post("/api/v1/auth/login", content=b"x" * 10, headers={
        "X-Request-ID": "req-413", "Content-Length": str(10**12)})
    assert too_large.status_code == 413 and too_large.json()["request_id"] == "req-413"
    assert too_large.headers["x-request-id"] == "req-413"


def test_an_unexpected_error_answers_a_problem_with_the_request_id(services, json_lines):
    from routix.api.app import create_app

    app = create_app(services, start_workers=False, migrate=False)

    @app.get("/test-boom")
    def boom() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/test-boom", headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    assert response.json()["request_id"] == "req-500" == response.headers["x-request-id"]
    errors = [line for line in parsed(json_lines) if line["logger"] == "routix.api"]
    assert errors and errors[0]["request_id"] == "req-500" and "RuntimeError: boom" in errors[0]["exc"]


@pytest.mark.skipif(BACKEND != "embedded", reason="the job runs in a Celery worker process, which logs there")
def test_a_jobs_log_lines_carry_its_job_id_and_the_enqueueing_request_id(client, make_account, json_lines):
    account = make_account()
    created = client.post("/api/v1/generation/create", headers={**account.headers, "X-Request-ID": "req-gen-1"},
                          json={"prompt": "gaming thumbnail with explosions", "title": "Boss Fight"})
    assert created.status_code == 201, created.text
    assert created.headers["x-request-id"] == "req-gen-1"
    assert wait_final(client, account.headers, created.json()["id"])["status"] == "completed"
    deadline = time.monotonic() + 10  # the runner logs the outcome just after the row turned final
    while time.monotonic() < deadline:
        jobs = [line for line in parsed(json_lines) if line["logger"] == "routix.jobs"]
        if any(line.get("outcome") == "completed" for line in jobs):
            break
        time.sleep(0.05)
    # the thumbnail phase hands the job back, the extras phase completes it: both lines are the job's
    assert [line.get("outcome") for line in jobs if line.get("outcome")] == ["next_phase", "completed"]
    assert all(line["request_id"] == "req-gen-1" for line in jobs)
    job_ids = {line["job_id"] for line in jobs}
    assert len(job_ids) == 1 and HEX32.fullmatch(next(iter(job_ids)).replace("-", ""))
    assert {line.get("kind") for line in jobs} == {"generation"}


@pytest.mark.skipif(BACKEND != "scaled", reason="needs the Celery worker process of the scaled backend")
def test_a_celery_workers_job_lines_carry_the_enqueueing_request_id(client, make_account, celery_worker_log):
    account = make_account()
    created = client.post("/api/v1/generation/create", headers={**account.headers, "X-Request-ID": "req-celery-1"},
                          json={"prompt": "gaming thumbnail with explosions"})
    assert created.status_code == 201, created.text
    assert wait_final(client, account.headers, created.json()["id"])["status"] == "completed"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in celery_worker_log.read_text().splitlines()
                 if line.startswith("{") and "req-celery-1" in line]
        if any(line.get("outcome") == "completed" for line in lines):
            break
        time.sleep(0.1)
    jobs = [line for line in lines if line["logger"] == "routix.jobs"]
    # the thumbnail phase hands the job back, the extras phase completes it: both lines are the job's
    assert [line.get("outcome") for line in jobs if line.get("outcome")] == ["next_phase", "completed"]
    assert len({line["job_id"] for line in jobs}) == 1 and jobs[0]["kind"] == "generation"


def test_a_celery_message_carries_the_request_id_to_the_worker(monkeypatch):
    from routix.jobs import celery_app as module
    from routix.jobs.runner import run_message

    sent: list[dict] = []

    class App:
        def send_task(self, name, args, kwargs, **options):
            sent.append({"args": args, "kwargs": kwargs})

    queue = object.__new__(module.CeleryQueue)
    queue.app, queue.queue = App(), "q"
    logs.remember_origin("job-1", "req-from-api")
    queue.dispatch("job-1")
    queue.dispatch("job-unknown")
    assert sent == [{"args": ["job-1"], "kwargs": {"request_id": "req-from-api"}},
                    {"args": ["job-unknown"], "kwargs": {}}]

    # the worker side: the message's request id becomes the job's origin in the worker process
    class Services:
        class db:
            @staticmethod
            def session():
                raise AssertionError("not reached for a malformed job id")

    assert run_message(Services, "not-a-uuid", "w", request_id="req-in-message") == "skipped"
    assert logs.origin_of("not-a-uuid") == "req-in-message"
    with logs.job_context("not-a-uuid"):
        assert logs.current_request_id() == "req-in-message" and logs.current_job_id() == "not-a-uuid"
    assert logs.current_job_id() is None


def test_text_lines_show_the_ids_in_brackets():
    stream = io.StringIO()
    logger = logging.getLogger("routix.test.text")
    logger.addHandler(logs.handler("text", stream))
    logger.propagate = False
    try:
        with logs.job_context("job-7", "req-7"):
            logger.warning("hello %s", "world")
        logger.warning("outside")
    finally:
        logger.handlers.clear()
        logger.propagate = True
    first, second = stream.getvalue().splitlines()
    assert first.endswith("WARNING routix.test.text [request=req-7 job=job-7] hello world")
    assert second.endswith("WARNING routix.test.text outside")
