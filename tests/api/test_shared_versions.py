"""A shared version as its recipients see it, and comments on it: the detail (title, the
owner's display name, signed links to the files it made, the first comments) for the owner and
every recipient, 404 for anyone else; comments paged oldest first by cursor, checked bodies, an
audit row per comment, and comments going with their version when it is deleted.

Runs on the embedded default and on the scaled backend (PostgreSQL, Redis, Celery).
"""

from __future__ import annotations

import base64
import json
import uuid

from sqlalchemy import func, select

from api.sharing_support import stored_generation, thumbnail_bytes
from routix.generations.views import output_key
from routix.store.models import AdminAuditLog, GenerationComment, GenerationRequest, User

#: files a finished version has besides its thumbnail (``assets/`` and ``design.json`` stay private)
EXTRA_OUTPUTS = ("thumbnail.png", "cover.jpg", "design.psd", "variant-1.jpg", "variant-2.jpg", "design.json",
                 "assets/face-1.png")


def _finished_version(services, owner, *, title: str = "Lemon Pasta") -> str:
    """A completed version of ``owner`` with every kind of output, a face input and an edit summary."""
    gid = stored_generation(services, owner, prompt="secret prompt: my sister's lemon pasta", title=title)
    with services.db.session() as session:
        row = session.get(GenerationRequest, uuid.UUID(gid))
        outputs = dict(row.outputs or {})
        for name in EXTRA_OUTPUTS:
            outputs[name] = output_key(gid, name)
            services.blobs.put(outputs[name], thumbnail_bytes((20, 120, 200)), "image/jpeg")
        row.outputs = outputs
        row.face_asset_ids = [str(uuid.uuid4())]
        row.kind = "edit"
        row.edit = {"summary": "Title 25 % larger", "instruction": "make the title bigger please"}
    return gid


def _rename(services, account, name: str) -> None:
    with services.db.session() as session:
        session.get(User, uuid.UUID(account.user["id"])).username = name


def _share(client, owner, gid: str, friend) -> None:
    answer = client.post(f"/api/v1/generation/{gid}/share", json={"email": friend.email}, headers=owner.headers)
    assert answer.status_code == 202, answer.text


def _comment(client, account, gid: str, body: str):
    return client.post(f"/api/v1/shared/{gid}/comments", json={"body": body}, headers=account.headers)


def test_a_recipient_sees_the_files_and_the_owners_display_name_only(client, services, make_account):
    owner, friend = make_account(), make_account()
    _rename(services, owner, "Chef Ana")
    gid = _finished_version(services, owner)
    _share(client, owner, gid, friend)

    answer = client.get(f"/api/v1/shared/{gid}", headers=friend.headers)
    assert answer.status_code == 200, answer.text
    detail = answer.json()
    assert detail["generation_id"] == gid and detail["title"] == "Lemon Pasta"
    assert detail["owner_name"] == "Chef Ana" and detail["yours"] is False
    assert detail["shared_at"] and detail["status"] == "completed"
    assert (detail["kind"], detail["description"]) == ("edit", "Title 25 % larger")
    files = detail["files"]
    assert all(files[key] for key in ("thumbnail_url", "thumbnail_png_url", "cover_url", "psd_url"))
    assert files["psd_square_url"] is None and len(files["variants"]) == 2
    download = client.get(files["thumbnail_url"])
    assert download.status_code == 200 and download.content[:2] == b"\xff\xd8"
    assert detail["comments"] == {"items": [], "total": 0, "limit": 20, "offset": 0, "next_cursor": None}
    text = answer.text
    for private in (owner.email, owner.user["id"], "secret prompt", "make the title bigger", "face-1", "face_asset",
                    "design.json"):
        assert private not in text, private

    mine = client.get(f"/api/v1/shared/{gid}", headers=owner.headers).json()
    assert mine["yours"] is True and mine["owner_name"] == "Chef Ana"
    assert mine["shared_at"] == detail["shared_at"]  # the owner: when it was first shared


def test_strangers_get_404_on_the_detail_and_the_comments(client, services, make_account):
    owner, friend, stranger = make_account(), make_account(), make_account()
    gid = _finished_version(services, owner)
    _share(client, owner, gid, friend)
    assert _comment(client, friend, gid, "Love the colours").status_code == 201
    unknown = str(uuid.uuid4())

    for target in (gid, unknown):
        detail = client.get(f"/api/v1/shared/{target}", headers=stranger.headers)
        listed = client.get(f"/api/v1/shared/{target}/comments", headers=stranger.headers)
        posted = _comment(client, stranger, target, "let me in")
        assert detail.status_code == listed.status_code == posted.status_code == 404
        assert detail.json()["code"] == "not_found" and detail.json()["detail"] == "generation not found"
    assert client.get(f"/api/v1/shared/{gid}", headers={}).status_code == 401
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(GenerationComment)) == 1


def test_owner_and_recipients_comment_and_each_comment_is_audited(client, services, make_account):
    owner, friend, other = make_account(), make_account(), make_account()
    _rename(services, owner, "Chef Ana")
    _rename(services, friend, "Bea")
    gid = _finished_version(services, owner)
    _share(client, owner, gid, friend)
    _share(client, owner, gid, other)

    posted = _comment(client, friend, gid, "  Can the title be yellow?  ")
    assert posted.status_code == 201, posted.text
    first = posted.json()
    assert (first["author"], first["body"], first["mine"], first["by_owner"]) == (
        "Bea", "Can the title be yellow?", True, False)
    reply = _comment(client, owner, gid, "Sure, on it.").json()
    assert (reply["author"], reply["mine"], reply["by_owner"]) == ("Chef Ana", True, True)

    seen = client.get(f"/api/v1/shared/{gid}/comments", headers=other.headers).json()
    assert [(c["author"], c["body"], c["mine"], c["by_owner"]) for c in seen["items"]] == [
        ("Bea", "Can the title be yellow?", False, False), ("Chef Ana", "Sure, on it.", False, True)]
    detail = client.get(f"/api/v1/shared/{gid}", headers=friend.headers).json()
    assert [c["id"] for c in detail["comments"]["items"]] == [first["id"], reply["id"]]
    assert [c["mine"] for c in detail["comments"]["items"]] == [True, False]
    assert owner.email not in str(seen) and friend.email not in str(seen)

    with services.db.session() as session:
        rows = session.scalars(select(AdminAuditLog).where(AdminAuditLog.action == "generation.comment")
                               .order_by(AdminAuditLog.created_at)).all()
        assert [(r.admin_email, r.resource_type, r.resource_id) for r in rows] == [
            (friend.email, "generation", gid), (owner.email, "generation", gid)]
        assert rows[0].changes["after"] == {"comment": first["id"]}


def test_comment_bodies_are_checked(client, services, make_account):
    owner, friend = make_account(), make_account()
    gid = _finished_version(services, owner)
    _share(client, owner, gid, friend)
    for body in ("", "   ", "x" * 2001, "bad\x00byte"):
        answer = _comment(client, friend, gid, body)
        assert answer.status_code == 422, (body[:10], answer.text)
        assert answer.json()["code"] == "invalid_input"
    extra = client.post(f"/api/v1/shared/{gid}/comments", json={"body": "hi", "user_id": owner.user["id"]},
                        headers=friend.headers)
    assert extra.status_code == 422
    assert _comment(client, friend, gid, "y" * 2000).status_code == 201
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(GenerationComment)) == 1


def test_comments_page_oldest_first_by_cursor(client, services, make_account):
    owner, friend = make_account(), make_account()
    gid = _finished_version(services, owner)
    _share(client, owner, gid, friend)
    bodies = [f"comment {i}" for i in range(5)]
    for i, body in enumerate(bodies):
        assert _comment(client, owner if i % 2 else friend, gid, body).status_code == 201

    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"/api/v1/shared/{gid}/comments", params=query, headers=friend.headers).json()
        assert page["total"] == 5 and len(page["items"]) <= 2
        seen += [c["body"] for c in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == bodies and pages == 3
    second = client.get(f"/api/v1/shared/{gid}/comments", params={"limit": 2, "offset": 2}, headers=friend.headers)
    assert [c["body"] for c in second.json()["items"]] == bodies[2:4]

    other_list = json.dumps({"k": "shares_received", "v": ["2026-01-01T00:00:00+00:00", str(uuid.uuid4())]})
    for bad in ("not base64!", base64.urlsafe_b64encode(other_list.encode()).decode().rstrip("=")):
        answer = client.get(f"/api/v1/shared/{gid}/comments", params={"cursor": bad}, headers=friend.headers)
        assert answer.status_code == 422, bad
    assert client.get(f"/api/v1/shared/{gid}/comments", params={"limit": 101},
                      headers=friend.headers).status_code == 422


def test_deleting_the_version_removes_its_comments(client, services, make_account):
    owner, friend = make_account(), make_account()
    gid = _finished_version(services, owner)
    kept = _finished_version(services, owner, title="Another one")
    for target in (gid, kept):
        _share(client, owner, target, friend)
        assert _comment(client, friend, target, "nice").status_code == 201

    assert client.delete(f"/api/v1/generation/{gid}", headers=owner.headers).status_code == 204
    assert client.get(f"/api/v1/shared/{gid}", headers=friend.headers).status_code == 404
    assert client.get(f"/api/v1/shared/{gid}/comments", headers=friend.headers).status_code == 404
    with services.db.session() as session:
        left = session.scalars(select(GenerationComment.generation_id)).all()
    assert left == [uuid.UUID(kept)]
    assert client.get(f"/api/v1/shared/{kept}/comments", headers=friend.headers).json()["total"] == 1
