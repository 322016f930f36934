"""Template analysis jobs (kind ``template_analysis``): a real analysis, failures and retries, the
claim race, a crashed worker's job, the reaper."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import update

from api.jobs_support import load_job, set_job
from api.library_support import (
    UPLOAD_URL,
    fixture_bytes,
    load_template,
    thumbnail_like,
    upload,
    wait_template,
)
from routix.jobs import leases
from routix.jobs.reaper import Reaper
from routix.jobs.registry import PRIORITY_BATCH
from routix.jobs.runner import run_job
from routix.library.upload import create_templates, make_meta
from routix.store.models import TemplateRecord, utcnow
from routix.templates import Template


def _pending(services, n=1, seed=0) -> list[str]:
    """Rows + blobs + jobs like an upload, without dispatching the jobs (the test runs them)."""
    with services.db.session() as session:
        result = create_templates(session, services, None, [(f"p{i}.jpg", thumbnail_like(seed + i)) for i in range(n)],
                                  make_meta("gaming", "retro", "pending one"), dispatch=False)
        return [str(row.id) for row in result.templates]


def _set(services, template_id, **values) -> None:
    with services.db.session() as session:
        session.execute(update(TemplateRecord).where(TemplateRecord.id == uuid.UUID(template_id)).values(**values))


def _job(services, template_id):
    return load_job(services, template_id, "template_analysis")


def test_uploaded_image_is_analysed_by_the_worker(client, make_admin, services):
    admin = make_admin()
    body = upload(client, admin.headers, [("astro.jpg", fixture_bytes("astronaut.jpg"))], category="education",
                  tags="space,astronaut", name="Space Portrait").json()
    row = wait_template(services, body["templates"][0]["id"])
    assert row.status == "analyzed", row.analysis_error
    assert row.analysis_attempt == 1 and row.analyzed_at and row.analysis_error is None
    template = Template.model_validate(row.skeleton)
    assert template.id == row.slug and template.name == "Space Portrait" and template.category == "education"
    assert row.has_face is template.dna.has_face is True  # the astronaut photo is a face
    assert row.energy_level == template.dna.energy and 1 <= row.energy_level <= 10
    assert row.style_dna["palette"] and "Space Portrait" in row.searchable_text and "astronaut" in row.searchable_text
    vector = np.asarray(row.embedding, dtype=np.float32)
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-3
    hits = client.post(f"{UPLOAD_URL}/search", headers=admin.headers,
                       json={"query": "space astronaut portrait", "k": 50}).json()["results"]
    assert str(row.id) in [h["template"]["id"] for h in hits]
    detail = client.get(f"{UPLOAD_URL}/{row.id}", headers=admin.headers).json()
    assert {"subject", "title"} <= {s["slot"] for s in detail["skeleton_slots"]}


def test_failure_is_recorded_and_an_admin_retry_succeeds(client, make_admin, services):
    admin = make_admin()
    item = upload(client, admin.headers, [("x.jpg", thumbnail_like(5))]).json()["templates"][0]
    row = wait_template(services, item["id"])
    image = services.blobs.get(row.image_key)
    services.blobs.delete(row.image_key)  # the reference image went missing
    assert client.post(f"{UPLOAD_URL}/{item['id']}/analyze", headers=admin.headers).status_code == 202
    failed = wait_template(services, item["id"], statuses=("failed",))
    assert failed.analysis_error.startswith("Analysis failed:") and failed.analysis_attempt == 2
    listed = client.get(UPLOAD_URL, headers=admin.headers, params={"status": "failed"}).json()["items"]
    assert [i["analysis_error"] for i in listed] == [failed.analysis_error]
    services.blobs.put(row.image_key, image, "image/jpeg")
    assert client.post(f"{UPLOAD_URL}/{item['id']}/analyze", headers=admin.headers).status_code == 202
    fixed = wait_template(services, item["id"], statuses=("analyzed",))
    assert fixed.analysis_attempt == 3 and fixed.analysis_error is None


def test_only_one_racing_worker_claims_and_analyses(services):
    [template_id] = _pending(services, seed=20)
    job = _job(services, template_id)
    assert (job.status, job.priority, job.user_id) == ("pending", PRIORITY_BATCH, None)
    outcomes: list[str] = []
    barrier = threading.Barrier(3)

    def worker(name):
        barrier.wait()
        outcomes.append(run_job(services, job.id, name))

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["completed", "skipped", "skipped"]
    row = load_template(services, template_id)
    assert row.status == "analyzed" and row.analysis_attempt == 1
    assert _job(services, template_id).status == "completed"
    assert run_job(services, job.id, "late") == "skipped"  # finished jobs are left alone


def test_a_crashed_workers_analysis_is_taken_over_and_the_old_worker_is_fenced(services):
    [template_id] = _pending(services, seed=30)
    job = _job(services, template_id)
    old = leases.claim(services.db, job.id, "dead-worker", 30)
    _set(services, template_id, status="analyzing", analysis_attempt=1)  # it had started, then died
    assert run_job(services, job.id, "rescuer") == "skipped"  # the lease is still live
    set_job(services, job, lease_expires_at=utcnow() - timedelta(seconds=1))
    assert run_job(services, job.id, "rescuer") == "completed"
    row = load_template(services, template_id)
    assert row.status == "analyzed" and row.analysis_attempt == 2
    with services.db.session() as session, pytest.raises(leases.LeaseLost):  # the first worker's late write
        leases.fence(session, old)


def test_unknown_ids_are_skipped(services):
    assert run_job(services, "not-a-uuid", "w") == "skipped"
    assert run_job(services, uuid.uuid4(), "w") == "skipped"


def test_a_deleted_template_makes_its_job_a_no_op(services):
    [template_id] = _pending(services, seed=35)
    with services.db.session() as session:
        session.delete(session.get(TemplateRecord, uuid.UUID(template_id)))
    assert run_job(services, _job(services, template_id).id, "w") == "completed"
    assert load_template(services, template_id) is None


def test_reaper_redispatches_waiting_and_abandoned_analyses(services):
    waiting, abandoned, busy = _pending(services, n=3, seed=40)
    old = utcnow() - timedelta(seconds=60)
    set_job(services, _job(services, waiting), updated_at=old)
    for template_id in (abandoned, busy):
        leases.claim(services.db, _job(services, template_id).id, "worker", 30)
    set_job(services, _job(services, abandoned), lease_expires_at=old)
    dispatched: list[str] = []
    reaper = Reaper(services, dispatched.append, pending_grace=5.0)
    jobs = [str(_job(services, t).id) for t in (waiting, abandoned)]
    assert sorted(reaper.sweep()) == sorted(jobs) == sorted(dispatched)
    assert reaper.sweep() == []  # both touched: not again within the grace
