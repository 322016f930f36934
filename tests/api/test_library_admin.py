"""Admin library API: list/filter, detail, PATCH (audited, re-embedded), DELETE, retry, preview, search."""

from __future__ import annotations

import uuid

import numpy as np
from sqlalchemy import select

from api.library_support import (
    UPLOAD_URL,
    load_template,
    mark_analysed,
    thumbnail_like,
    upload,
    wait_template,
)
from routix.store.models import AdminAuditLog


def _uploaded(client, admin, services, n=1, category="gaming", **fields) -> list[dict]:
    body = upload(client, admin.headers, [(f"t{i}.jpg", thumbnail_like(100 + i + hash(category) % 50))
                                          for i in range(n)], category=category, **fields).json()
    for item in body["templates"]:
        wait_template(services, item["id"])
    return body["templates"]


def _audits(services, action):
    with services.db.session() as session:
        return session.scalars(select(AdminAuditLog).where(AdminAuditLog.action == action)
                               .order_by(AdminAuditLog.created_at)).all()


def test_list_filters_and_starters(client, make_admin, services):
    admin = make_admin()
    [game] = _uploaded(client, admin, services, category="gaming", tags="speedrun,retro", description="pixel art")
    [tech] = _uploaded(client, admin, services, category="tech", description="Clean desk setup")
    get = lambda **q: client.get(UPLOAD_URL, headers=admin.headers, params=q)  # noqa: E731
    uploads = get(source="upload").json()
    assert uploads["total"] == 2 and {i["id"] for i in uploads["items"]} == {game["id"], tech["id"]}
    assert [i["id"] for i in get(source="upload", category="tech").json()["items"]] == [tech["id"]]
    assert [i["id"] for i in get(q="SPEEDRUN", source="upload").json()["items"]] == [game["id"]]
    assert [i["id"] for i in get(q="desk setup", source="upload").json()["items"]] == [tech["id"]]
    starters = get(source="starter", limit=100).json()
    assert starters["total"] > 5 and all(i["image_url"] is None for i in starters["items"])
    assert all(i["preview_url"] for i in starters["items"])
    page = get(limit=2, offset=1).json()
    assert len(page["items"]) == 2 and page["total"] == starters["total"] + 2
    assert get(status="weird").status_code == 422
    assert get(category="nope").json()["code"] == "invalid_category"


def test_detail_patch_reembeds_and_audits(client, make_admin, services):
    admin = make_admin()
    [item] = _uploaded(client, admin, services, tags="old")
    before = mark_analysed(services, item["id"])
    detail = client.get(f"{UPLOAD_URL}/{item['id']}", headers=admin.headers).json()
    assert detail["style_dna"] == before.style_dna
    slots = {s["slot"] for s in detail["skeleton_slots"]}
    assert "title" in slots and all(len(s["box"]) == 4 for s in detail["skeleton_slots"])
    response = client.patch(f"{UPLOAD_URL}/{item['id']}", headers=admin.headers,
                            json={"name": "Volcano Boss", "tags": ["lava", "boss"], "priority": 3, "is_featured": True})
    assert response.status_code == 200, response.text
    assert response.json()["name"] == "Volcano Boss" and response.json()["tags"] == ["lava", "boss"]
    after = load_template(services, item["id"])
    assert "Volcano Boss" in after.searchable_text and "lava" in after.searchable_text
    assert not np.allclose(np.asarray(after.embedding), np.asarray(before.embedding))
    assert after.skeleton["name"] == "Volcano Boss"
    [audit] = _audits(services, "template.update")
    assert audit.resource_id == item["id"] and audit.admin_user_id == uuid.UUID(admin.user["id"])
    assert audit.changes["before"] == {"name": before.name, "tags": ["old"], "priority": 0, "is_featured": False}
    assert audit.changes["after"] == {"name": "Volcano Boss", "tags": ["lava", "boss"], "priority": 3,
                                      "is_featured": True}
    bad = client.patch(f"{UPLOAD_URL}/{item['id']}", headers=admin.headers, json={"category": "nope"})
    assert bad.status_code == 422
    assert client.patch(f"{UPLOAD_URL}/{item['id']}", headers=admin.headers, json={"slug": "x"}).status_code == 422


def test_search_finds_analysed_active_templates_only(client, make_admin, services):
    admin = make_admin()
    [item] = _uploaded(client, admin, services, tags="volcano,lava,eruption", name="Lava Run")
    mark_analysed(services, item["id"])
    search = lambda: client.post(f"{UPLOAD_URL}/search", headers=admin.headers,  # noqa: E731
                                 json={"query": "volcano lava eruption", "k": 50}).json()["results"]
    hits = search()
    assert hits and all(-1 <= h["similarity"] <= 1 for h in hits)
    assert item["id"] in [h["template"]["id"] for h in hits]
    off = client.patch(f"{UPLOAD_URL}/{item['id']}", headers=admin.headers, json={"is_active": False})
    assert off.status_code == 200
    assert item["id"] not in [h["template"]["id"] for h in search()]
    bad = client.post(f"{UPLOAD_URL}/search", headers=admin.headers,
                      json={"query": "x", "energy_min": 8, "energy_max": 2})
    assert bad.status_code == 422


def test_delete_removes_row_and_blobs_but_not_starters(client, make_admin, services):
    admin = make_admin()
    [item] = _uploaded(client, admin, services)
    mark_analysed(services, item["id"])
    assert client.get(f"{UPLOAD_URL}/{item['id']}/preview.png", headers=admin.headers).status_code == 200
    row = load_template(services, item["id"])
    keys = [row.image_key, row.thumb_key, f"templates/previews/{row.slug}.png"]
    assert all(services.blobs.exists(k) for k in keys)
    assert client.delete(f"{UPLOAD_URL}/{item['id']}", headers=admin.headers).status_code == 204
    assert load_template(services, item["id"]) is None
    assert not any(services.blobs.exists(k) for k in keys)
    assert client.get(f"{UPLOAD_URL}/{item['id']}", headers=admin.headers).status_code == 404
    [audit] = _audits(services, "template.delete")
    assert audit.changes["before"]["slug"] == row.slug and audit.changes["after"] is None
    starter = client.get(UPLOAD_URL, headers=admin.headers, params={"source": "starter", "limit": 1}).json()["items"][0]
    refused = client.delete(f"{UPLOAD_URL}/{starter['id']}", headers=admin.headers)
    assert refused.status_code == 409 and refused.json()["code"] == "starter_template"
    png = client.get(f"{UPLOAD_URL}/{starter['id']}/preview.png", headers=admin.headers)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_retry_resets_and_reruns_the_analysis(client, make_admin, services):
    admin = make_admin()
    [item] = _uploaded(client, admin, services)
    first = load_template(services, item["id"])
    response = client.post(f"{UPLOAD_URL}/{item['id']}/analyze", headers=admin.headers)
    assert response.status_code == 202
    row = wait_template(services, item["id"], statuses=("analyzed", "failed"))
    assert row.analysis_attempt == first.analysis_attempt + 1
    [audit] = _audits(services, "template.analyze")
    assert audit.changes["before"]["status"] == first.status and audit.changes["after"]["status"] == "pending_analysis"


def test_admin_routes_refuse_users_and_unknown_ids(client, make_admin, make_account, services):
    admin, user = make_admin(), make_account()
    [item] = _uploaded(client, admin, services)
    base = f"{UPLOAD_URL}/{item['id']}"
    for method, url, kwargs in [("get", UPLOAD_URL, {}), ("get", base, {}), ("patch", base, {"json": {"priority": 1}}),
                                ("delete", base, {}), ("post", f"{base}/analyze", {}),
                                ("get", f"{base}/preview.png", {}),
                                ("post", f"{UPLOAD_URL}/search", {"json": {"query": "x"}})]:
        response = getattr(client, method)(url, headers=user.headers, **kwargs)
        assert response.status_code == 403, (method, url, response.text)
        assert getattr(client, method)(url, **kwargs).status_code == 401
    for unknown in (str(uuid.uuid4()), "not-a-uuid"):
        assert client.get(f"{UPLOAD_URL}/{unknown}", headers=admin.headers).status_code == 404
    assert load_template(services, item["id"]) is not None
