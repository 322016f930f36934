"""Batches end to end: a CSV with good and bad rows, per-row errors, estimate, run, export,
someone else's batch (404), templates, sharing and comments."""

from __future__ import annotations

import csv
import io
import json

from api.assets_support import encoded
from api.batches_support import csv_bytes, db_rows, upload_sheet, wait_batch, zip_bytes
from api.credits_support import assert_ledger_invariants, balance

SHEET = [
    ["Video", "Idea", "Thumbnail text"],
    ["ep1", "calm lofi study music with rain", "Study With Me"],
    ["ep2", "", "No prompt here"],
    ["ep3", "epic gaming montage, explosions", "Last One Standing"],
    ["ep4", "podcast episode with a guest", "x" * 400],
]


def test_csv_with_good_and_bad_rows_runs_the_good_ones_and_exports(client, make_account, services):
    account = make_account()
    before = balance(services, account.user["id"])
    preview = client.post("/api/v1/batches/sheet", files={"sheet": ("rows.csv", csv_bytes(SHEET), "text/csv")},
                          headers=account.headers)
    assert preview.status_code == 200, preview.text
    assert preview.json()["columns"] == ["Video", "Idea", "Thumbnail text"]
    assert preview.json()["mapping"] == {"name": "Video", "prompt": "Idea", "title": "Thumbnail text"}
    assert preview.json()["rows"] == 4

    created = upload_sheet(client, account, csv_bytes(SHEET), mapping=preview.json()["mapping"],
                           name="rows.csv")
    assert created.status_code == 201, created.text
    batch = created.json()
    assert batch["status"] == "draft"
    assert [r["status"] for r in batch["rows"]] == ["ready", "invalid", "ready", "invalid"]
    assert batch["rows"][1]["errors"] == ["prompt is empty"]
    assert "title is longer than" in batch["rows"][3]["errors"][0]
    assert batch["estimate"]["rows"] == 2 and batch["estimate"]["credits"] == 2
    assert batch["estimate"]["balance"] == before and batch["estimate"]["enough"] is True
    assert balance(services, account.user["id"]) == before  # nothing reserved before the start

    started = client.post(f"/api/v1/batches/{batch['id']}/start", headers=account.headers)
    assert started.status_code == 200, started.text
    assert started.json() == {"status": "running", "rows": 2}
    status = wait_batch(client, account.headers, batch["id"])
    assert status["status"] == "completed"
    assert status["counts"]["completed"] == 2 and status["counts"]["invalid"] == 2
    assert status["credits_spent"] == 2
    assert balance(services, account.user["id"]) == before - 2
    assert_ledger_invariants(services, account.user["id"])

    rows = client.get(f"/api/v1/batches/{batch['id']}/rows?status=completed", headers=account.headers).json()
    assert [r["name"] for r in rows["items"]] == ["ep1", "ep3"]
    assert all(r["thumbnail_url"] and r["generation_id"] for r in rows["items"])
    generation = client.get(f"/api/v1/generation/{rows['items'][0]['generation_id']}",
                            headers=account.headers)
    assert generation.status_code == 200 and generation.json()["status"] == "completed"

    exported = client.get(f"/api/v1/batches/{batch['id']}/export.csv", headers=account.headers)
    assert exported.status_code == 200
    table = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [(r["name"], r["status"], r["credits"]) for r in table] == [
        ("ep1", "completed", "1"), ("ep2", "invalid", "0"), ("ep3", "completed", "1"), ("ep4", "invalid", "0")]
    assert table[1]["error"] == "prompt is empty" and table[0]["thumbnail_url"]
    assert client.get(table[0]["thumbnail_url"]).headers["content-type"] == "image/jpeg"
    archive = client.get(f"/api/v1/batches/{batch['id']}/export.zip", headers=account.headers)
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert names == ["0001-ep1.jpg", "0003-ep3.jpg"]
    links = client.post(f"/api/v1/batches/{batch['id']}/export", headers=account.headers).json()
    as_json = json.loads(client.get(links["json_url"]).content)
    assert [r["status"] for r in as_json["rows"]] == ["completed", "invalid", "completed", "invalid"]


def test_someone_elses_batch_is_404(client, make_account):
    owner, other = make_account(), make_account()
    batch = client.post("/api/v1/batches", json={"rows": [{"prompt": "cooking pasta at home"}]},
                        headers=owner.headers).json()
    for method, path in [("get", ""), ("get", "/status"), ("get", "/rows"), ("post", "/start"), ("post", "/cancel"),
                         ("get", "/export.csv"), ("post", "/shares")]:
        kwargs = {"json": {"email": other.email}} if path == "/shares" else {}
        answer = getattr(client, method)(f"/api/v1/batches/{batch['id']}{path}", headers=other.headers, **kwargs)
        assert answer.status_code == 404, (path, answer.text)
    assert client.get(f"/api/v1/batches/{batch['id']}", headers=owner.headers).status_code == 200


def test_json_rows_with_assets_and_a_zip_of_images(client, make_account, services):
    account, other = make_account(), make_account()
    photo = encoded((120, 90))
    mine = client.post("/api/v1/assets", files={"file": ("me.jpg", photo, "image/jpeg")}, data={"asset_type": "face"},
                       headers=account.headers).json()["id"]
    theirs = client.post("/api/v1/assets", files={"file": ("x.jpg", photo, "image/jpeg")},
                         data={"asset_type": "face"}, headers=other.headers).json()["id"]
    body = {"name": "Faces", "rows": [{"prompt": "fitness workout", "face_asset_ids": [mine]},
                                      {"prompt": "fitness workout", "face_asset_ids": [theirs]}]}
    created = client.post("/api/v1/batches", json=body, headers=account.headers).json()
    assert [r["status"] for r in created["rows"]] == ["ready", "invalid"]
    assert created["rows"][1]["errors"] == [f"asset {theirs} not found"]

    sheet = csv_bytes([["prompt", "photo"], ["travel vlog in japan", "Me.JPG"], ["travel vlog", "../../etc/passwd"],
                       ["travel vlog", "notes.txt"], ["travel vlog", "missing.jpg"]])
    images = zip_bytes({"photos/me.jpg": photo, "notes.txt": b"not an image", "../../etc/passwd": b"x"})
    upload = upload_sheet(client, account, sheet, images=images, mapping={"prompt": "prompt", "face": "photo"})
    assert upload.status_code == 201, upload.text
    rows = upload.json()["rows"]
    assert rows[0]["status"] == "ready" and len(rows[0]["inputs"]["face_asset_ids"]) == 1
    assert "refused" in rows[1]["errors"][0] and "'..'" in rows[1]["errors"][0]
    assert "refused" in rows[2]["errors"][0]
    assert rows[3]["errors"] == ["image 'missing.jpg' is not in the zip of images"]


def test_bad_uploads_store_nothing(client, make_account, services):
    account = make_account()
    bad = [
        (b"\xff\xfe\x00garbage", {"prompt": "a"}, "invalid_sheet"),
        (csv_bytes([["a", "a"], ["1", "2"]]), {"prompt": "a"}, "invalid_sheet"),
        (csv_bytes([["idea"], ["x"]]), {"prompt": "nope"}, "invalid_mapping"),
        (csv_bytes([["idea"], ["x"]]), {"title": "idea"}, "invalid_mapping"),
    ]
    for sheet, mapping, code in bad:
        answer = upload_sheet(client, account, sheet, mapping=mapping)
        assert answer.status_code == 422 and answer.json()["code"] == code, answer.text
    bomb = zip_bytes({"me.jpg": b"\0" * 30_000_000})
    answer = upload_sheet(client, account, csv_bytes([["prompt", "face"], ["x", "me.jpg"]]), images=bomb,
                          mapping={"prompt": "prompt", "face": "face"})
    assert answer.status_code == 201 and "refused" in answer.json()["rows"][0]["errors"][0]
    settings = upload_sheet(client, account, csv_bytes([["prompt"], ["x"]]), settings={"reference_pack_id": str(
        __import__("uuid").uuid4())})
    assert settings.status_code == 422 and settings.json()["code"] == "feature_unavailable"
    unknown_kit = upload_sheet(client, account, csv_bytes([["prompt"], ["x"]]), settings={"brand_kit_id": str(
        __import__("uuid").uuid4())})
    assert unknown_kit.status_code == 404
    assert client.get("/api/v1/batches", headers=account.headers).json()["total"] == 1


def test_templates_sharing_and_comments(client, make_account, services):
    owner, friend, stranger = make_account(), make_account(), make_account()
    saved = client.post("/api/v1/batch-templates", json={
        "name": "Podcast", "settings": {"variants": 1}, "mapping": {"prompt": "Idea", "title": "Text"}},
        headers=owner.headers)
    assert saved.status_code == 201, saved.text
    again = client.post("/api/v1/batch-templates", json={"name": "Podcast"}, headers=owner.headers)
    assert again.status_code == 409
    sheet = csv_bytes([["Idea", "Text"], ["podcast about money", "Get Rich Slowly"]])
    batch = upload_sheet(client, owner, sheet, template_id=saved.json()["id"]).json()
    assert batch["settings"]["variants"] == 1 and batch["rows"][0]["title"] == "Get Rich Slowly"
    assert upload_sheet(client, stranger, sheet, template_id=saved.json()["id"]).status_code == 404

    for email in (friend.email, "nobody-here@example.com"):
        shared = client.post(f"/api/v1/batches/{batch['id']}/shares", json={"email": email}, headers=owner.headers)
        assert shared.status_code == 200 and shared.json() == {"shared": True}
    view = client.get(f"/api/v1/batches/{batch['id']}", headers=friend.headers)
    assert view.status_code == 200 and view.json()["owner"] is False and view.json()["estimate"] is None
    assert client.post(f"/api/v1/batches/{batch['id']}/start", headers=friend.headers).status_code == 404
    assert client.get(f"/api/v1/batches/{batch['id']}", headers=stranger.headers).status_code == 404
    row_id = batch["rows"][0]["id"]
    for account, text in ((friend, "love this one"), (owner, "thanks!")):
        said = client.post(f"/api/v1/batches/{batch['id']}/rows/{row_id}/comments", json={"body": text},
                           headers=account.headers)
        assert said.status_code == 201, said.text
    assert client.post(f"/api/v1/batches/{batch['id']}/rows/{row_id}/comments", json={"body": "hi"},
                       headers=stranger.headers).status_code == 404
    thread = client.get(f"/api/v1/batches/{batch['id']}/comments", headers=owner.headers).json()
    assert [(c["author"], c["body"]) for c in thread] == [(friend.email, "love this one"), (owner.email, "thanks!")]
    from sqlalchemy import select

    from routix.store.models import AdminAuditLog

    with services.db.session() as session:
        actions = sorted(session.scalars(select(AdminAuditLog.action).where(
            AdminAuditLog.action.like("batch.%"))))
    assert actions == ["batch.comment", "batch.comment", "batch.share", "batch.share"]
    assert [r.status for r in db_rows(services, batch["id"])] == ["ready"]


def test_export_a_chosen_set_of_results_outside_batches(client, make_account):
    from api.jobs_support import wait_final

    account, other = make_account(), make_account()
    ids = []
    for prompt in ("cooking pasta at home", "tech review new phone"):
        created = client.post("/api/v1/generation/create", json={"prompt": prompt}, headers=account.headers).json()
        wait_final(client, account.headers, created["id"])
        ids.append(created["id"])
    archive = client.post("/api/v1/exports", json={"generation_ids": ids[::-1]}, headers=account.headers)
    assert archive.status_code == 200, archive.text
    import zipfile

    assert zipfile.ZipFile(io.BytesIO(archive.content)).namelist() == [f"0001-{ids[1]}.jpg", f"0002-{ids[0]}.jpg"]
    table = client.post("/api/v1/exports", json={"generation_ids": ids, "format": "csv"}, headers=account.headers)
    rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert [r["generation_id"] for r in rows] == ids and all(r["thumbnail_url"] for r in rows)
    stranger = client.post("/api/v1/exports", json={"generation_ids": ids}, headers=other.headers)
    assert stranger.status_code == 404


def test_status_of_a_1000_row_batch_costs_the_same_queries_as_a_3_row_one(client, make_account, services):
    import threading

    from sqlalchemy import event

    account = make_account()
    ids = []
    for n in (3, 1000):
        rows = [{"prompt": f"video idea number {i}", "name": f"v{i}"} for i in range(n)]
        created = client.post("/api/v1/batches", json={"rows": rows}, headers=account.headers)
        assert created.status_code == 201, created.text[:300]
        assert len(created.json()["rows"]) == n
        ids.append(created.json()["id"])
    for batch_id in ids:  # warm what the first status of a process or a minute reads once (caches)
        client.get(f"/api/v1/batches/{batch_id}/status", headers=account.headers).raise_for_status()
    counts = []
    for batch_id in ids:
        statements: list[str] = []

        def count(conn, cursor, statement, *args, _seen=statements):
            if not threading.current_thread().name.startswith("routix-"):  # not the workers' and reaper's polls
                _seen.append(statement)

        event.listen(services.db.engine, "before_cursor_execute", count)
        try:
            status = client.get(f"/api/v1/batches/{batch_id}/status", headers=account.headers).json()
        finally:
            event.remove(services.db.engine, "before_cursor_execute", count)
        counts.append(len(statements))
    assert status["counts"]["ready"] == 1000 and status["total"] == 1000
    assert counts[0] == counts[1], counts
    page = client.get(f"/api/v1/batches/{ids[1]}/rows?limit=100", headers=account.headers).json()
    assert page["total"] == 1000 and len(page["items"]) == 100 and page["next_cursor"]


def test_an_xlsx_sheet_uploads_like_a_csv(client, make_account):
    import openpyxl

    account = make_account()
    book = openpyxl.Workbook()
    book.active.append(["Episode", "Prompt", "Title", "Variants"])
    book.active.append(["e1", "minecraft build tutorial", "Castle in 1 Hour", 1])
    book.active.append(["e2", "fitness workout", "Abs", "lots"])
    data = io.BytesIO()
    book.save(data)
    created = upload_sheet(client, account, data.getvalue(), name="rows.xlsx")
    assert created.status_code == 201, created.text
    rows = created.json()["rows"]
    assert [(r["name"], r["status"], r["overrides"]) for r in rows] == [
        ("e1", "ready", {"variants": 1}), ("e2", "invalid", {})]
    assert rows[1]["errors"] == ["variants must be a whole number 0-8, not 'lots'"]
