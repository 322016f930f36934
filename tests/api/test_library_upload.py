"""Admin template uploads: single, many, zip; per-file rejections; duplicates; access; audit; blobs."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from api.library_support import (
    UPLOAD_URL,
    fixture_bytes,
    load_template,
    make_zip,
    thumbnail_like,
    upload,
)
from routix.store.models import AdminAuditLog, TemplateRecord


def test_single_image_upload_lands_as_pending_template_with_blobs_and_audit(client, make_admin, services):
    admin = make_admin()
    response = upload(client, admin.headers, [("My Layout.jpg", fixture_bytes("astronaut.jpg"))],
                      category="gaming", tags="Boss, FPS, boss", description="big face left", name="Boss face")
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["rejected"] == []
    [item] = body["templates"]
    assert item["slug"].startswith("u-") and len(item["slug"]) == 12
    assert item["name"] == "Boss face" and item["category"] == "gaming" and item["tags"] == ["boss", "fps"]
    assert item["source"] == "upload" and item["file_name"] == "My Layout.jpg"
    assert item["status"] in ("pending_analysis", "analyzing", "analyzed", "failed")
    assert item["image_url"] and item["thumbnail_url"]
    row = load_template(services, item["id"])
    assert row.image_key == f"templates/{row.sha256}.jpg" and row.thumb_key == f"templates/thumbs/{row.sha256}.jpg"
    assert services.blobs.exists(row.image_key) and services.blobs.exists(row.thumb_key)
    assert str(row.created_by) == admin.user["id"]
    with services.db.session() as session:
        audits = session.scalars(select(AdminAuditLog).where(AdminAuditLog.action == "template.create")).all()
    assert [a.resource_id for a in audits] == [item["id"]]
    assert audits[0].admin_email == admin.email and audits[0].changes["after"]["slug"] == item["slug"]
    # the signed image link serves the stored (cleaned) image
    image = client.get(item["image_url"].split("://", 1)[-1].split("/", 1)[-1].join(["/", ""]))
    assert image.status_code == 200 and image.content == services.blobs.get(row.image_key)


def test_many_files_and_a_zip_with_bad_entries(client, make_admin, services):
    admin = make_admin()
    archive = make_zip([
        ("set/a.png", thumbnail_like(1, fmt="PNG")), ("set/b.jpg", thumbnail_like(2)),
        ("../../evil.jpg", thumbnail_like(3)), ("set/notes.txt", b"hello, not an image"),
        ("set/bomb.jpg", b"\0" * 3_000_000),
    ])
    files = [("one.jpg", thumbnail_like(4)), ("two.webp", thumbnail_like(5, fmt="WEBP")), ("pack.zip", archive)]
    response = upload(client, admin.headers, files, category="tech", name="ignored for many")
    assert response.status_code == 202, response.text
    body = response.json()
    names = sorted(t["file_name"] for t in body["templates"])
    assert names == ["a.png", "b.jpg", "one.jpg", "two.webp"]
    assert all(t["name"] != "ignored for many" for t in body["templates"])
    rejected = {r["file_name"]: r["error"] for r in body["rejected"]}
    assert set(rejected) == {"pack.zip:../../evil.jpg", "pack.zip:set/notes.txt", "pack.zip:set/bomb.jpg"}
    assert "'..'" in rejected["pack.zip:../../evil.jpg"]
    assert "text file" in rejected["pack.zip:set/notes.txt"] and "ratio" in rejected["pack.zip:set/bomb.jpg"]
    with services.db.session() as session:
        assert session.scalar(select(TemplateRecord).where(TemplateRecord.source == "upload").limit(1)) is not None
        creates = session.scalars(select(AdminAuditLog.resource_id).where(
            AdminAuditLog.action == "template.create")).all()
    assert sorted(creates) == sorted(t["id"] for t in body["templates"])


def test_duplicates_are_rejected_within_and_across_uploads(client, make_admin):
    admin = make_admin()
    image = thumbnail_like(42)
    first = upload(client, admin.headers, [("a.jpg", image), ("again.jpg", image)]).json()
    assert len(first["templates"]) == 1
    assert first["rejected"] == [{"file_name": "again.jpg", "error": "already in the library"}]
    second = upload(client, admin.headers, [("b.jpg", image)])
    assert second.status_code == 202
    assert second.json() == {"templates": [], "rejected": [{"file_name": "b.jpg", "error": "already in the library"}]}


def test_bad_form_values_and_bad_files(client, make_admin, services):
    admin = make_admin()
    bad_category = upload(client, admin.headers, [("a.jpg", thumbnail_like(7))], category="cooking-ish")
    assert bad_category.status_code == 422 and bad_category.json()["code"] == "invalid_category"
    missing = upload(client, admin.headers, [("a.jpg", thumbnail_like(7))], category=None)
    assert missing.status_code == 422
    no_files = client.post(UPLOAD_URL, headers=admin.headers, data={"category": "gaming"},
                           files=[("other", ("x.txt", b"x", "text/plain"))])
    assert no_files.status_code == 422
    only_bad = upload(client, admin.headers, [("doc.pdf", b"%PDF-1.4 nope"), ("broken.jpg", thumbnail_like(8)[:300])])
    assert only_bad.status_code == 202
    assert only_bad.json()["templates"] == []
    errors = {r["file_name"]: r["error"] for r in only_bad.json()["rejected"]}
    assert "PDF" in errors["doc.pdf"] and errors["broken.jpg"]
    with services.db.session() as session:
        assert session.scalar(select(TemplateRecord.id).where(TemplateRecord.source == "upload")) is None


def test_upload_needs_an_admin(client, make_account):
    user = make_account()
    forbidden = upload(client, user.headers, [("a.jpg", thumbnail_like(9))])
    assert forbidden.status_code == 403 and forbidden.headers["content-type"].startswith("application/problem+json")
    assert upload(client, {}, [("a.jpg", thumbnail_like(9))]).status_code == 401


def test_every_uploaded_template_gets_an_analysis_job(client, make_admin, services):
    from api.library_support import wait_template

    admin = make_admin()
    body = upload(client, admin.headers, [("a.jpg", thumbnail_like(11)), ("b.jpg", thumbnail_like(12))]).json()
    for item in body["templates"]:
        row = wait_template(services, item["id"])  # the job ran: analysed or failed, never left pending
        assert row.analysis_attempt == 1
        uuid.UUID(item["id"])
