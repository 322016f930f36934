"""Inputs at the edges of the limits: whatever ``POST /generation/create`` accepts must make a
valid design (the job completes), and what cannot is refused with 422 before a job exists."""

from __future__ import annotations

import pytest

from api.jobs_support import wait_final
from routix.design import Design, TextLayer

CREATE = "/api/v1/generation/create"
TEXT_LIMIT = next(m.max_length for m in TextLayer.model_fields["text"].metadata if hasattr(m, "max_length"))


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):  # a Celery worker process on the scaled backend
    yield


def _design(client, headers: dict, request_id: str) -> Design:
    files = client.get(f"/api/v1/generation/{request_id}", headers=headers).json()["result"]
    return Design.model_validate(client.get(files["design_url"]).json())


@pytest.mark.parametrize("prompt", [
    "x" * 201,                                        # one word over the text layer's limit, no title
    "minecraft " + "speedrun" * 40 + " world record",  # a long word among short ones
])
def test_a_prompt_with_an_overlong_word_completes_with_a_valid_design(client, make_account, prompt):
    account = make_account()
    response = client.post(CREATE, json={"prompt": prompt, "algorithm": "lightning"}, headers=account.headers)
    assert response.status_code == 201, response.text
    status = wait_final(client, account.headers, response.json()["id"])
    assert status["status"] == "completed", status
    assert status["attempt"] == 1, status
    design = _design(client, account.headers, response.json()["id"])
    titles = [layer for layer in design.layers if layer.slot == "title"]
    assert titles, "the design has a title"
    for layer in titles:
        assert 0 < len(layer.text) <= TEXT_LIMIT
        assert max(len(word) for word in layer.text.split()) <= 32


@pytest.mark.parametrize("body", [
    {"prompt": "gaming thumbnail", "title": "T" * (TEXT_LIMIT + 1)},  # longer than a text layer holds
    {"prompt": "gaming thumbnail", "title": "   "},                   # nothing to draw
    {"prompt": "   "},
    {"prompt": "x" * 1001},
    # separators JSON accepts and str.strip() removes: the planner would find nothing to read
    {"prompt": "\x1c\x1f"},
    {"prompt": "gaming thumbnail", "title": "\x1e"},
])
def test_a_request_that_cannot_make_a_design_is_refused_at_submission(client, make_account, body):
    account = make_account()
    response = client.post(CREATE, json=body, headers=account.headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    listed = client.get("/api/v1/generation", headers=account.headers).json()
    assert listed["total"] == 0


def test_the_submission_limits_are_the_job_limits():
    from routix.brief.offline import MAX_PROMPT_CHARS, MAX_TITLE_CHARS
    from routix.generations.params import MAX_PROMPT, GenerationParams

    def limit(field: str) -> int:
        return next(m.max_length for m in GenerationParams.model_fields[field].metadata if hasattr(m, "max_length"))

    assert limit("title") == MAX_TITLE_CHARS == TEXT_LIMIT
    assert limit("prompt") == MAX_PROMPT <= MAX_PROMPT_CHARS
