"""Sharing through the service: publish and unpublish a version, the public page and its
publication-checked images without a token, likes (one per user), views (once per viewer per
day), reports, the moderators' hide (audited), and read-only shares by e-mail.

Runs on the embedded default and on the scaled backend (PostgreSQL, Redis, Celery).
"""

from __future__ import annotations

import io
import re
import uuid

import pytest
from PIL import Image
from sqlalchemy import select

from api.sharing_support import publish, stored_generation
from routix.store.models import AdminAuditLog, Publication, PublicationView, Video


@pytest.fixture
def settings(settings):
    """The suite's settings with a public address (pages and cards link to it)."""
    return settings.model_copy(update={"public_url": "https://routix.example"})


def _og(html: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)"', html))


def test_publish_gives_an_unguessable_absolute_address_and_unpublish_404s_at_once(client, services, make_account):
    owner = make_account()
    gid = stored_generation(services, owner, prompt="pasta night live", title="Pasta Night")
    assert client.get(f"/api/v1/generation/{gid}/publication", headers=owner.headers).json()["published"] is False

    published = publish(client, owner, gid, display_name="Chef Ana")
    assert published["published"] is True
    slug = published["slug"]
    assert len(slug) >= 16 and re.fullmatch(r"[A-Za-z0-9_-]+", slug)
    assert published["url"] == f"https://routix.example/p/{slug}"

    page = client.get(f"/p/{slug}")  # no token
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-cache"
    tags = _og(page.text)
    assert tags["og:title"] == "Pasta Night"
    assert tags["og:url"] == f"https://routix.example/p/{slug}"
    assert tags["og:image"] == f"https://routix.example/p/{slug}/image/large.jpg"
    assert tags["twitter:card"] == "summary_large_image"
    assert "Chef Ana" in page.text
    assert owner.email not in page.text and owner.user["username"] not in page.text

    for size, (width, height) in {"large": (1280, 720), "medium": (640, 360), "small": (320, 180)}.items():
        image = client.get(f"/p/{slug}/image/{size}.jpg")
        assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
        assert image.headers["cache-control"] == "no-cache" and image.headers["etag"]
        assert Image.open(io.BytesIO(image.content)).size == (width, height)
        again = client.get(f"/p/{slug}/image/{size}.jpg", headers={"If-None-Match": image.headers["etag"]})
        assert again.status_code == 304
    assert client.get(f"/p/{slug}/image/huge.jpg").status_code == 404

    item = client.get(f"/api/v1/public/{slug}").json()
    assert item["display_name"] == "Chef Ana" and item["liked"] is None
    assert item["remix"] == {"prompt": "pasta night live", "title": "Pasta Night", "algorithm": "lightning"}
    assert "user_id" not in item and "email" not in str(item)

    etag = client.get(f"/p/{slug}/image/large.jpg").headers["etag"]
    assert client.delete(f"/api/v1/generation/{gid}/publish", headers=owner.headers).json()["published"] is False
    assert client.get(f"/p/{slug}").status_code == 404
    assert client.get(f"/p/{slug}/image/large.jpg").status_code == 404
    assert client.get(f"/p/{slug}/image/large.jpg", headers={"If-None-Match": etag}).status_code == 404
    assert client.get(f"/api/v1/public/{slug}").status_code == 404

    again = publish(client, owner, gid)
    assert again["slug"] == slug  # a link shared earlier works again
    assert client.get(f"/p/{slug}").status_code == 200


def test_only_the_owner_publishes_and_only_completed_thumbnails(client, services, make_account):
    owner, other = make_account(), make_account()
    gid = stored_generation(services, owner)
    assert client.post(f"/api/v1/generation/{gid}/publish", headers=other.headers).status_code == 404
    assert client.delete(f"/api/v1/generation/{gid}/publish", headers=other.headers).status_code == 404
    assert client.post(f"/api/v1/generation/{gid}/publish").status_code == 401
    running = stored_generation(services, owner, status="generating")
    answer = client.post(f"/api/v1/generation/{running}/publish", headers=owner.headers)
    assert answer.status_code == 409 and answer.json()["code"] == "not_publishable"
    with services.db.session() as session:
        assert session.scalars(select(Publication)).all() == []
    assert client.get("/p/not-a-real-slug-at-all").status_code == 404


def test_likes_are_one_per_user_and_toggle(client, services, make_account):
    owner, fan, other = make_account(), make_account(), make_account()
    slug = publish(client, owner, stored_generation(services, owner))["slug"]
    url = f"/api/v1/public/{slug}/like"
    assert client.post(url, json={"liked": True}, headers=fan.headers).json() == {"liked": True, "like_count": 1}
    assert client.post(url, json={"liked": True}, headers=fan.headers).json() == {"liked": True, "like_count": 1}
    assert client.post(url, headers=other.headers).json() == {"liked": True, "like_count": 2}
    assert client.get(f"/api/v1/public/{slug}", headers=fan.headers).json()["liked"] is True
    assert client.post(url, headers=fan.headers).json() == {"liked": False, "like_count": 1}
    assert client.post(url, json={"liked": False}, headers=fan.headers).json() == {"liked": False, "like_count": 1}
    assert client.post(url).status_code == 401
    assert client.post("/api/v1/public/unknown-slug-1234/like", headers=fan.headers).status_code == 404


def test_views_count_once_per_viewer_per_day(client, services, make_account):
    owner, viewer = make_account(), make_account()
    slug = publish(client, owner, stored_generation(services, owner))["slug"]
    for _ in range(3):
        client.get(f"/p/{slug}", headers={"User-Agent": "browser-a"})
        client.get(f"/api/v1/public/{slug}", headers={"User-Agent": "browser-a"})
    assert client.get(f"/api/v1/public/{slug}", headers={"User-Agent": "browser-b"}).json()["view_count"] == 2
    client.get(f"/api/v1/public/{slug}", headers=viewer.headers)
    assert client.get(f"/api/v1/public/{slug}", headers=viewer.headers).json()["view_count"] == 3
    with services.db.session() as session:
        viewers = session.scalars(select(PublicationView.viewer)).all()
    assert len(viewers) == 3 and all(re.fullmatch(r"[0-9a-f]{64}", v) for v in viewers)
    assert not any(viewer.user["id"].replace("-", "") in v for v in viewers)


def test_moderation_hides_at_once_and_is_audited(client, services, make_account, make_admin):
    owner, admin, reporter = make_account(), make_admin(), make_account()
    slug = publish(client, owner, stored_generation(services, owner, prompt="spam spam spam"))["slug"]
    assert [i["slug"] for i in client.get("/api/v1/discover").json()["items"]] == [slug]  # cached now
    report = client.post(f"/api/v1/public/{slug}/report", json={"reason": "spam"}, headers=reporter.headers)
    assert report.status_code == 202
    bad = client.post(f"/api/v1/public/{slug}/report", json={"reason": "because"}, headers=reporter.headers)
    assert bad.status_code == 422
    assert client.post(f"/api/v1/admin/publications/{slug}/hide", json={}, headers=owner.headers).status_code == 403
    listed = client.get("/api/v1/admin/publications/reports", headers=admin.headers).json()
    assert [(r["slug"], r["reason"], r["hidden"]) for r in listed["items"]] == [(slug, "spam", False)]
    assert client.get("/api/v1/admin/publications/reports", headers=owner.headers).status_code == 403

    hidden = client.post(f"/api/v1/admin/publications/{slug}/hide", json={"note": "spam"}, headers=admin.headers)
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    assert client.get(f"/p/{slug}").status_code == 404
    assert client.get(f"/p/{slug}/image/medium.jpg").status_code == 404
    assert client.get("/api/v1/discover").json()["items"] == []
    # the owner publishing again does not undo a moderator's hide
    publish(client, owner, stored_generation(services, owner))
    assert slug not in [i["slug"] for i in client.get("/api/v1/discover").json()["items"]]
    with services.db.session() as session:
        entry = session.scalars(select(AdminAuditLog).where(AdminAuditLog.action == "publication.hide")).one()
        assert entry.admin_email == admin.email and entry.changes["note"] == "spam"

    restored = client.post(f"/api/v1/admin/publications/{slug}/hide", json={"hidden": False}, headers=admin.headers)
    assert restored.json()["hidden"] is False
    assert client.get(f"/p/{slug}").status_code == 200


def test_share_by_email_never_reveals_whether_the_account_exists(client, services, make_account):
    owner, friend, stranger = make_account(), make_account(), make_account()
    gid = stored_generation(services, owner, title="For my friend")
    known = client.post(f"/api/v1/generation/{gid}/share", json={"email": friend.email.upper()}, headers=owner.headers)
    unknown = client.post(f"/api/v1/generation/{gid}/share", json={"email": "nobody@example.com"},
                          headers=owner.headers)
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    again = client.post(f"/api/v1/generation/{gid}/share", json={"email": friend.email}, headers=owner.headers)
    assert again.status_code == 202
    received = client.get("/api/v1/shared", headers=friend.headers).json()
    assert [i["generation_id"] for i in received["items"]] == [gid] and received["total"] == 1
    assert received["items"][0]["title"] == "For my friend" and received["items"][0]["thumbnail_url"]
    assert client.get("/api/v1/shared", headers=stranger.headers).json()["items"] == []
    stolen = client.post(f"/api/v1/generation/{gid}/share", json={"email": stranger.email}, headers=stranger.headers)
    assert stolen.status_code == 404
    assert client.post(f"/api/v1/generation/{gid}/share", json={"email": "not-an-address"},
                       headers=owner.headers).status_code == 422


def test_someone_elses_private_item_never_appears_in_discover(client, services, make_account):
    owner, other = make_account(), make_account()
    public = stored_generation(services, owner, prompt="public pasta")
    stored_generation(services, owner, prompt="private pasta")
    stored_generation(services, other, prompt="other pasta")
    slug = publish(client, owner, public)["slug"]
    for viewer in ({}, other.headers, owner.headers):
        items = client.get("/api/v1/discover", headers=viewer).json()["items"]
        assert [i["slug"] for i in items] == [slug]
    assert uuid.UUID(public)  # the version id itself is never shown publicly
    assert public not in str(client.get("/api/v1/discover").json())


def test_a_published_video_is_served_through_the_checked_route(client, services, make_account):
    owner = make_account()
    gid = stored_generation(services, owner, title="Moving pasta")
    with services.db.session() as session:
        video = Video(user_id=uuid.UUID(owner.user["id"]), generation_id=uuid.UUID(gid), preset="parallax",
                      size="1280x720", duration=2.0, fps=24, status="completed", outputs={}, sizes={})
        session.add(video)
        session.flush()
        key = f"videos/{video.id}/parallax.mp4"
        video.outputs = {"mp4": key}
    services.blobs.put(key, b"\x00\x00\x00\x18ftypmp42 not really a video", "video/mp4")
    slug = publish(client, owner, gid)["slug"]
    item = client.get(f"/api/v1/public/{slug}").json()
    assert item["video_url"] == f"https://routix.example/p/{slug}/video.mp4"
    page = client.get(f"/p/{slug}").text
    assert _og(page)["og:video"] == item["video_url"] and _og(page)["og:type"] == "video.other"
    served = client.get(f"/p/{slug}/video.mp4")
    assert served.status_code == 200 and served.headers["content-type"] == "video/mp4"
    assert served.content.startswith(b"\x00\x00\x00\x18ftyp") and served.headers["cache-control"] == "no-cache"
    assert client.get("/api/v1/discover?has_video=true").json()["items"][0]["slug"] == slug
    client.delete(f"/api/v1/generation/{gid}/publish", headers=owner.headers)
    assert client.get(f"/p/{slug}/video.mp4").status_code == 404
