"""Template secrecy: a user whose generation used an uploaded template never learns which one.

An administrator uploads a reference image; it is analysed and made the only active template,
so the pipeline must pick it. A normal user then generates (inside a chat conversation, followed
live over the WebSocket). The template's id, slug, name, description, file name, image keys,
sha256 and searchable text must appear nowhere the user can look: HTTP answers (status, result,
list, chat messages), the downloaded design JSON, quality JSON and PSD layer names, every
WebSocket event, and the error of a later generation that prefers the (since deleted) template.
Admin routes answer the user 403 and the reference image is not reachable without a signature.
"""

from __future__ import annotations

import io
import json
import uuid
from urllib.parse import urlsplit

import pytest
from psd_tools import PSDImage

from api.library_support import (
    fixture_bytes,
    load_template,
    only_template,
    wait_template,
)
from api.live_server import open_socket, recv, serve
from routix.store.models import GenerationRequest, User

pytestmark = pytest.mark.slow
NAME = "Quillfeather Parlour Layout"
DESCRIPTION = "Zanzibar marmalade arrangement with a wide banner"


@pytest.fixture
def live(services, celery_worker):  # celery_worker: the conftest fixture (a worker process when scaled)
    with serve(services, start_workers=True) as server:
        yield server


def _bearer(account: dict) -> dict:
    return {"Authorization": f"Bearer {account['access_token']}"}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _secrets(row) -> list[str]:
    values = [str(row.id), str(row.id).replace("-", ""), row.slug, row.name, row.description, row.image_key,
              row.thumb_key, row.sha256, row.file_name, row.searchable_text, "Quillfeather", "Zanzibar"]
    return [v for v in values if v]


def _generate(http, headers, ws, body: dict) -> tuple[str, list[dict]]:
    created = http.post("/api/v1/generation/create", headers=headers, json=body)
    assert created.status_code == 201, created.text
    request_id = created.json()["id"]
    events = []
    while not events or events[-1]["event"] not in ("generation:completed", "generation:failed"):
        event = recv(ws, timeout=180)
        if event["data"].get("request_id") == request_id or event["event"].startswith("chat:"):
            events.append(event)
    return request_id, events


def test_users_never_see_the_template_their_generation_used(live, services):
    admin, user = live.register(), live.register()
    with services.db.session() as session:
        session.get(User, uuid.UUID(admin["user"]["id"])).is_admin = True
    with live.http() as http:
        up = http.post("/api/v1/admin/templates", headers=_bearer(admin),
                       files=[("files", ("quillfeather-ref.jpg", fixture_bytes("coffee.jpg"), "image/jpeg"))],
                       data={"category": "food", "tags": "coffee,latte,cafe", "description": DESCRIPTION, "name": NAME})
        assert up.status_code == 202, up.text
        template_id = up.json()["templates"][0]["id"]
    row = wait_template(services, template_id)
    assert row.status == "analyzed", row.analysis_error
    only_template(services, template_id)
    secrets = _secrets(row)
    seen: list[str] = []  # everything the user received
    headers = _bearer(user)

    with open_socket(live, f"?token={user['access_token']}") as ws, live.http() as http:
        assert recv(ws)["event"] == "connection:established"
        conversation = http.post("/api/v1/chat/conversations", headers=headers, json={"title": "coffee"}).json()
        request_id, events = _generate(http, headers, ws, {
            "prompt": "cozy latte art coffee cafe morning", "title": "Perfect Latte",
            "conversation_id": conversation["id"]})
        seen.append(json.dumps(events))
        with services.db.session() as session:  # it really used the uploaded template
            used = session.get(GenerationRequest, uuid.UUID(request_id))
            assert used.template_id == row.slug and used.status == "completed", used.error_message
        for url in (f"/api/v1/generation/{request_id}/status", f"/api/v1/generation/{request_id}",
                    "/api/v1/generation", f"/api/v1/chat/conversations/{conversation['id']}/messages",
                    f"/api/v1/chat/conversations/{conversation['id']}", "/api/v1/chat/conversations"):
            response = http.get(url, headers=headers)
            assert response.status_code == 200, (url, response.text)
            seen.append(response.text)
        result = http.get(f"/api/v1/generation/{request_id}", headers=headers).json()
        files = result.get("result") or result
        design = http.get(_path(files["design_url"])).content.decode()
        quality = http.get(_path(files["quality_url"])).content.decode()
        psd = PSDImage.open(io.BytesIO(http.get(_path(files["psd_url"])).content))
        seen += [design, quality, json.dumps([layer.name for layer in psd.descendants()])]
        ref = json.loads(design)["meta"]["template_ref"]
        assert ref and ref.startswith("tpl_")

        # the template leaves the library: a generation preferring it fails without naming it
        deleted = http.delete(f"/api/v1/admin/templates/{template_id}", headers=_bearer(admin))
        assert deleted.status_code == 204
        failed_id, failed_events = _generate(http, headers, ws, {"prompt": "another latte", "template_preference": ref})
        seen.append(json.dumps(failed_events))
        status = http.get(f"/api/v1/generation/{failed_id}/status", headers=headers).json()
        assert status["status"] == "failed"
        seen.append(json.dumps(status))

        # no way in through the admin API or by guessing blob links
        for method, url in [("get", "/api/v1/admin/templates"), ("get", f"/api/v1/admin/templates/{template_id}"),
                            ("post", "/api/v1/admin/templates/search"),
                            ("get", f"/api/v1/admin/templates/{template_id}/preview.png")]:
            kwargs = {"json": {"query": "coffee"}} if method == "post" else {}
            assert getattr(http, method)(url, headers=headers, **kwargs).status_code == 403
        for guess in (f"/files/{row.image_key}", f"/files/{row.thumb_key}?exp=9999999999&sig=forged"):
            assert http.get(guess, headers=headers).status_code == 403

    wire = "\n".join(seen)
    assert "Perfect Latte" in wire  # the check below looks at real content
    leaked = [s for s in secrets if s in wire]
    assert leaked == [], f"template details leaked to the user: {leaked}"
    assert "template_id" not in wire and "alternatives" not in wire
    assert load_template(services, template_id) is None


class _DictSink:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = data


def test_every_progress_message_of_the_pipeline_is_anonymous(services):
    """The worker throttles progress writes, so the live test may not see every message: here
    the pipeline's own reports are all recorded, unthrottled."""
    from routix.assembly import assemble
    from routix.generate import MemoryAssets, generate
    from routix.generate.pipeline import GenerationRequest as PipelineRequest
    from routix.jobs.runner import run_job
    from routix.library.search import library_index
    from routix.library.upload import create_templates, make_meta

    with services.db.session() as session:
        result = create_templates(session, services, None, [("quill.jpg", fixture_bytes("coffee.jpg"))],
                                  make_meta("food", "coffee,latte,cafe", DESCRIPTION, NAME), dispatch=False)
    [row] = result.templates
    assert run_job(services, result.jobs[row.id], "test") == "completed"
    only_template(services, row.id)
    row = load_template(services, row.id)
    ports = assemble(services, "lightning", user_id=str(uuid.uuid4()))
    planner, algorithm = ports.planner, ports.algorithm
    reports = []
    sink = _DictSink()
    result = generate(PipelineRequest(prompt="cozy latte art coffee cafe morning", title="Perfect Latte"),
                      planner=planner, index=library_index(services), algorithm=algorithm, assets=MemoryAssets(),
                      sink=sink, progress=reports.append, ocr=False)
    assert result.template_id == row.slug
    messages = "\n".join(r.message for r in reports)
    assert "Matched a layout" in messages
    design = result.design.model_dump_json(by_alias=True)
    psd = PSDImage.open(io.BytesIO(sink.files["design.psd"]))
    layer_names = json.dumps([layer.name for layer in psd.descendants()])
    leaked = [s for s in _secrets(row) if s in messages or s in design or s in layer_names]
    assert leaked == []
