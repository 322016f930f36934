"""Videos through the service: a completed generation -> a ``video`` job -> MP4/WebM/GIF/poster
files behind signed links; progress events; credits per second (charged once, refunded on
failure); ownership and state checks; the free plan's hourly limit; expiring files.

Runs on the embedded default and on the scaled backend (Celery worker process). Clips are
short (2 s, 24 fps) to keep the suite fast.
"""

from __future__ import annotations

import dataclasses
import io
import time
import uuid
from datetime import timedelta
from pathlib import Path

import av
import numpy as np
import pytest
import respx
from PIL import Image
from pydantic import SecretStr
from sqlalchemy import select

from api.backends import BACKEND
from api.chat_support import EventCollector
from api.jobs_support import WAIT_SECONDS, wait_final
from routix.config import Settings
from routix.errors import InvalidInput
from routix.generations.renders import render_generation
from routix.store.models import CreditTransaction, GenerationRequest, User, Video, utcnow

SHORT = {"preset": "parallax", "duration": 2, "fps": 24}
embedded_only = pytest.mark.skipif(BACKEND != "embedded", reason="patches the in-process worker")


@pytest.fixture(autouse=True)
def _worker_process(celery_worker):
    yield


def _generation(client, account) -> str:
    """A completed Lightning generation of ``account``; returns its id."""
    body = {"prompt": "tech explainer about the first computer bug", "title": "The First Bug", "variants": 0}
    created = client.post("/api/v1/generation/create", json=body, headers=account.headers)
    assert created.status_code == 201, created.text
    assert wait_final(client, account.headers, created.json()["id"])["status"] == "completed"
    return created.json()["id"]


def _stored_generation(services, account, status: str) -> str:
    """A generation row of ``account`` in ``status`` written directly (no job, no files)."""
    with services.db.session() as session:
        row = GenerationRequest(user_id=uuid.UUID(account.user["id"]), prompt="a cooking show", status=status,
                                stage=status, design={"layers": []} if status == "completed" else None)
        session.add(row)
        session.flush()
        return str(row.id)


def _animate(client, account, generation_id: str, **body):
    return client.post(f"/api/v1/generation/{generation_id}/video", json={**SHORT, **body}, headers=account.headers)


def _wait_video(client, account, video_id: str) -> dict:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        view = client.get(f"/api/v1/videos/{video_id}", headers=account.headers).json()
        if view["status"] in ("completed", "failed"):
            return view
        time.sleep(0.1)
    raise AssertionError(f"video {video_id} did not finish within {WAIT_SECONDS} s")


def _ledger(services, video_id: str) -> dict[str, int]:
    with services.db.session() as session:
        keys = CreditTransaction.dedupe_key.like(f"%:video:{video_id}")
        rows = session.scalars(select(CreditTransaction).where(keys))
        return {row.transaction_type: row.amount for row in rows}


def _balance(services, account) -> int:
    with services.db.session() as session:
        return session.get(User, uuid.UUID(account.user["id"])).credits


def test_a_video_runs_to_completion_with_files_events_and_credits(client, make_account, services):
    account = make_account()
    generation_id = _generation(client, account)
    before = _balance(services, account)
    with EventCollector(services.bus, account.user["id"]) as seen:
        response = _animate(client, account, generation_id, formats=["mp4", "webm", "gif", "poster"])
        assert response.status_code == 202, response.text
        created = response.json()
        assert created["status"] == "queued" and created["progress"] == 0
        assert created["frames"] == 48 and created["credits"] == 2 and created["eta_seconds"] > 0
        assert created["generation_id"] == generation_id and created["files"] == {}
        view = _wait_video(client, account, created["id"])
        completed = seen.wait_for(lambda e: e["event"] == "video:completed")
    assert view["status"] == "completed", view
    assert view["progress"] == 100 and view["eta_seconds"] == 0 and view["attempt"] == 1
    progress = [e["data"] for e in seen.events if e["event"] == "video:progress"]
    assert progress and all(e["video_id"] == created["id"] for e in progress)
    assert [e["progress"] for e in progress] == sorted(e["progress"] for e in progress)
    assert completed["data"]["video_id"] == created["id"]
    assert set(completed["data"]["files"]) == {"mp4", "webm", "gif", "poster"}

    files = view["files"]
    assert set(files) == {"mp4", "webm", "gif", "poster"} and set(view["sizes"]) == set(files)
    assert files["mp4"]["name"] == "parallax.mp4" and files["poster"]["name"] == "parallax-poster.jpg"
    for fmt, entry in files.items():
        download = client.get(entry["url"])
        assert download.status_code == 200, (fmt, download.text[:200])
        assert len(download.content) == entry["bytes"] == view["sizes"][fmt] > 0
    with av.open(io.BytesIO(client.get(files["mp4"]["url"]).content)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.codec_context.width, stream.codec_context.height) == (1280, 720)
        frames = sum(1 for _ in container.decode(stream))
        assert frames == 48
        assert abs(float(stream.duration * stream.time_base) - 2.0) < 0.1
    with av.open(io.BytesIO(client.get(files["webm"]["url"]).content)) as container:
        assert container.streams.video[0].codec_context.name == "vp9"
    assert client.get(files["gif"]["url"]).content[:6] == b"GIF89a"

    # charged once: 2 credits for 2 s, the reservation stands, the settlement moves nothing
    assert _balance(services, account) == before - 2
    assert _ledger(services, created["id"]) == {"reserve": -2, "commit": 0}
    expires = view["expires_at"]
    assert expires is not None and not view["keep"] and not view["expired"]
    listed = client.get("/api/v1/videos", headers=account.headers).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == created["id"]


def test_a_1080x1920_video_is_made_from_the_designs_9_16_layout(client, make_account, services):
    account = make_account()
    generation_id = _generation(client, account)
    response = _animate(client, account, generation_id, size="1080x1920", formats=["mp4", "poster"])
    assert response.status_code == 202, response.text
    view = _wait_video(client, account, response.json()["id"])
    assert view["status"] == "completed" and view["size"] == "1080x1920", view
    with av.open(io.BytesIO(client.get(view["files"]["mp4"]["url"]).content)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (1080, 1920)
    poster = Image.open(io.BytesIO(client.get(view["files"]["poster"]["url"]).content))
    assert poster.size == (1080, 1920)
    # a layout, not a crop of the 16:9 picture: the 9:16 render of the stored design
    with services.db.session() as session:
        row = session.get(GenerationRequest, uuid.UUID(generation_id))
        expected = render_generation(services, row, (1080, 1920))
    difference = np.abs(np.asarray(poster.convert("RGB"), np.int16) - np.asarray(expected, np.int16)).mean()
    assert difference < 4


@embedded_only
def test_an_ai_provider_makes_the_mp4_and_a_failing_one_falls_back_to_the_local_animator(
        client, make_account, services, monkeypatch):
    account = make_account()
    generation_id = _generation(client, account)
    remote = b"\x00\x00\x00\x18ftypmp42 made by runway"
    runway = "https://api.dev.runwayml.com/v1"
    monkeypatch.setattr(services, "settings", services.settings.model_copy(update={
        "video_provider": "runway", "runway_api_key": SecretStr("rw-key")}))
    with respx.mock(assert_all_called=False) as http:
        http.post(f"{runway}/image_to_video").respond(200, json={"id": "task-1"})
        http.get(f"{runway}/tasks/task-1").respond(200, json={"status": "SUCCEEDED", "output": ["https://cdn.rw/v.mp4"]})
        http.get("https://cdn.rw/v.mp4").respond(200, content=remote)
        started = _animate(client, account, generation_id, formats=["mp4", "webm"])
        made = _wait_video(client, account, started.json()["id"])
    assert made["status"] == "completed" and made["message"] == "Your video is ready. Made by Runway.", made
    assert client.get(made["files"]["mp4"]["url"]).content == remote
    assert set(made["files"]) == {"mp4", "webm"}, "the other formats come from the local animator"

    monkeypatch.setattr(services, "settings", services.settings.model_copy(update={"runway_api_key": None}))
    fallback = _wait_video(client, account, _animate(client, account, generation_id).json()["id"])
    assert fallback["status"] == "completed"
    assert fallback["message"] == "Your video is ready. Made with the local animator because Runway is not configured."
    with av.open(io.BytesIO(client.get(fallback["files"]["mp4"]["url"]).content)) as container:
        assert container.streams.video[0].codec_context.name == "h264"


@embedded_only
def test_a_failed_video_is_refunded_and_says_so(client, make_account, services, monkeypatch):
    import routix.videos.jobs as video_jobs

    def broken(*args, **kwargs):
        raise InvalidInput("this design has no subject to pop")

    monkeypatch.setattr(video_jobs, "render_animation", broken)
    account = make_account()
    generation_id = _generation(client, account)
    before = _balance(services, account)
    with EventCollector(services.bus, account.user["id"]) as seen:
        created = _animate(client, account, generation_id, preset="subject_pop").json()
        assert _balance(services, account) == before - 2  # reserved when accepted
        view = _wait_video(client, account, created["id"])
        failed = seen.wait_for(lambda e: e["event"] == "video:failed")
    assert view["status"] == "failed" and view["error"]["code"] == "invalid_input" and view["files"] == {}
    assert view["eta_seconds"] is None
    assert failed["data"]["video_id"] == created["id"] and failed["data"]["code"] == "invalid_input"
    assert _balance(services, account) == before
    assert _ledger(services, created["id"]) == {"reserve": -2, "release": 2}


def _video_files(services, video_id: str) -> set[str]:
    folder = Path(services.blobs.root) / "videos" / video_id
    return {f"videos/{video_id}/{p.name}" for p in folder.glob("*") if p.is_file() and not p.name.startswith(".")}


@embedded_only
def test_a_crash_mid_encode_is_retried_with_one_set_of_files_and_one_charge(client, make_account, services,
                                                                            monkeypatch):
    import routix.videos.jobs as video_jobs

    real, renders = video_jobs.render_animation, []

    def crashing(*args, **kwargs):
        renders.append(1)
        if len(renders) == 1:
            kwargs["progress"]("mp4", 5, 48)
            raise RuntimeError("the encoder crashed")
        return real(*args, **kwargs)

    monkeypatch.setattr(video_jobs, "render_animation", crashing)
    account = make_account()
    created = _animate(client, account, _generation(client, account), formats=["mp4", "poster"]).json()
    view = _wait_video(client, account, created["id"])
    assert view["status"] == "completed" and view["attempt"] == 2 and len(renders) == 2
    assert _ledger(services, created["id"]) == {"reserve": -2, "commit": 0}
    with services.db.session() as session:
        outputs = session.get(Video, uuid.UUID(created["id"])).outputs
    assert _video_files(services, created["id"]) == set(outputs.values()) and set(outputs) == {"mp4", "poster"}


@embedded_only
def test_a_worker_dying_after_storing_the_files_resumes_without_encoding_again(client, make_account, services,
                                                                               monkeypatch):
    import routix.videos.jobs as video_jobs
    from routix.jobs.registry import register

    real, renders, phases = video_jobs.render_animation, [], []

    def counting(*args, **kwargs):
        renders.append(1)
        return real(*args, **kwargs)

    def dying(ctx):
        result = video_jobs.run_video(ctx)
        phases.append(ctx.phase)
        if len(phases) == 1:
            raise RuntimeError("the worker died before finishing")
        return result

    monkeypatch.setattr(video_jobs, "render_animation", counting)
    account = make_account()
    generation_id = _generation(client, account)
    register(dataclasses.replace(video_jobs.VIDEO, run=dying), replace=True)
    try:
        created = _animate(client, account, generation_id).json()
        view = _wait_video(client, account, created["id"])
    finally:
        register(video_jobs.VIDEO, replace=True)
    assert view["status"] == "completed" and view["attempt"] == 2
    assert renders == [1] and phases == ["finish", "finish"]
    assert _ledger(services, created["id"]) == {"reserve": -2, "commit": 0}
    assert client.get(view["files"]["mp4"]["url"]).content[4:8] == b"ftyp"


def test_someone_elses_or_unknown_generation_is_404(client, make_account, services):
    owner, other = make_account(), make_account()
    generation_id = _stored_generation(services, owner, "completed")
    for target in (generation_id, str(uuid.uuid4())):
        response = _animate(client, other, target)
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "not_found"
        assert response.headers["content-type"].startswith("application/problem+json")
    assert client.get("/api/v1/videos", headers=other.headers).json()["total"] == 0


def test_a_generation_not_completed_is_409_and_bad_animations_are_422(client, make_account, services):
    account = make_account()
    pending = _stored_generation(services, account, "generating")
    response = _animate(client, account, pending)
    assert response.status_code == 409 and response.json()["code"] == "generation_not_completed"
    done = _stored_generation(services, account, "completed")
    wrong = _animate(client, account, done, size="720x1280")
    assert wrong.status_code == 422 and "1080x1920" in wrong.json()["detail"]
    bad = _animate(client, account, done, duration=20, fps=25)
    assert bad.status_code == 422
    assert "duration: must be 2-15 s" in bad.json()["detail"] and "fps: must be 24, 30 or 60" in bad.json()["detail"]
    assert _animate(client, account, done, formats=["poster"]).status_code == 422
    assert _animate(client, account, done, formats=["mov"]).status_code == 422
    before = _balance(services, account)
    assert client.get("/api/v1/videos", headers=account.headers).json()["total"] == 0
    assert _balance(services, account) == before


def test_videos_of_others_are_404_and_delete_refunds_an_unfinished_one(client, make_account, services):
    account, other = make_account(), make_account()
    video_id = _stored_video(services, account, status="queued", reserve=True)
    for path in (f"/api/v1/videos/{video_id}", f"/api/v1/videos/{uuid.uuid4()}"):
        assert client.get(path, headers=other.headers).status_code == 404
    assert client.delete(f"/api/v1/videos/{video_id}", headers=other.headers).status_code == 404
    assert client.post(f"/api/v1/videos/{video_id}/keep", headers=other.headers).status_code == 404
    before = _balance(services, account)
    assert client.delete(f"/api/v1/videos/{video_id}", headers=account.headers).status_code == 204
    assert client.get(f"/api/v1/videos/{video_id}", headers=account.headers).status_code == 404
    assert _balance(services, account) == before + 2
    assert _ledger(services, video_id) == {"reserve": -2, "release": 2}


def _stored_video(services, account, *, status: str = "completed", expires_in: timedelta | None = None,
                  keep: bool = False, reserve: bool = False) -> str:
    """A video row of ``account`` written directly, with one stored file when completed."""
    from routix.videos import credits

    generation_id = _stored_generation(services, account, "completed")
    with services.db.session() as session:
        row = Video(user_id=uuid.UUID(account.user["id"]), generation_id=uuid.UUID(generation_id), preset="zoom",
                    animation={"preset": "zoom"}, formats=["mp4"], size="1280x720", duration=2.0, fps=24, frames=48,
                    credits=2, status=status, keep=keep, outputs={}, sizes={},
                    expires_at=utcnow() + expires_in if expires_in is not None else None)
        session.add(row)
        session.flush()
        if status == "completed":
            key = f"videos/{row.id}/zoom.mp4"
            services.blobs.put(key, b"not really a video", "video/mp4")
            row.outputs, row.sizes = {"mp4": key}, {"mp4": 18}
        if reserve:
            credits.reserve(session, row)
        return str(row.id)


def test_cleanup_deletes_expired_files_and_keeps_kept_ones(client, make_account, services):
    from routix.jobs.context import JobContext
    from routix.jobs.registry import get_kind
    from routix.videos.jobs import clean_expired

    account = make_account()
    expired = _stored_video(services, account, expires_in=timedelta(days=-1))
    kept = _stored_video(services, account, expires_in=timedelta(days=-1))
    fresh = _stored_video(services, account, expires_in=timedelta(days=29))
    kept_view = client.post(f"/api/v1/videos/{kept}/keep", headers=account.headers).json()
    assert kept_view["keep"] and kept_view["expires_at"] is None

    ctx = JobContext(services=services, kind=get_kind("video_cleanup"), job_id=uuid.uuid4(), subject_id="videos",
                     user_id=None, attempt=1, phase=None)
    assert clean_expired(ctx) == 1
    assert not services.blobs.exists(f"videos/{expired}/zoom.mp4")
    assert services.blobs.exists(f"videos/{kept}/zoom.mp4") and services.blobs.exists(f"videos/{fresh}/zoom.mp4")
    gone = client.get(f"/api/v1/videos/{expired}", headers=account.headers).json()
    assert gone["expired"] and gone["files"] == {} and gone["status"] == "completed"
    assert client.get(f"/api/v1/videos/{fresh}", headers=account.headers).json()["files"]["mp4"]["bytes"] == 18
    again = client.post(f"/api/v1/videos/{expired}/keep", headers=account.headers)
    assert again.status_code == 409 and again.json()["code"] == "video_expired"
    assert clean_expired(ctx) == 0
    assert get_kind("video_cleanup").every


class TestRateLimit:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"rate_limits": True, "rate_limit_video": "2/hour",
                                           "rate_limit_prefix": f"test-{uuid.uuid4().hex[:12]}"})

    def test_the_free_plan_starts_a_few_videos_an_hour(self, client, make_account, services):
        assert Settings.model_fields["rate_limit_video"].default == "5/hour"
        account = make_account()
        pending = _stored_generation(services, account, "generating")
        assert [_animate(client, account, pending).status_code for _ in range(3)] == [409] * 3  # refused: not counted
        done = _generation(client, account)
        accepted = [_animate(client, account, done, formats=["mp4"]) for _ in range(2)]
        assert [r.status_code for r in accepted] == [202, 202]
        limited = _animate(client, account, done, formats=["mp4"])
        assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
        assert int(limited.headers["retry-after"]) >= 1
        listed = client.get("/api/v1/videos?limit=1", headers=account.headers).json()
        assert listed["total"] == 2 and listed["items"][0]["id"] == accepted[1].json()["id"]  # newest first
        rest = client.get(f"/api/v1/videos?limit=1&cursor={listed['next_cursor']}", headers=account.headers).json()
        assert [v["id"] for v in rest["items"]] == [accepted[0].json()["id"]] and rest["next_cursor"] is None
        assert client.get("/api/v1/videos?limit=101", headers=account.headers).status_code == 422

    def test_paid_plans_have_no_hourly_video_limit(self, settings):
        from routix.api.limits import VideoAdmission
        from routix.errors import RateLimited
        from routix.ratelimit import Limiter

        limiter = Limiter(settings)
        free, paid = VideoAdmission(limiter, "free-user", True), VideoAdmission(limiter, "paid-user", False)
        free(), free()
        with pytest.raises(RateLimited):
            free()
        for _ in range(10):
            paid()
