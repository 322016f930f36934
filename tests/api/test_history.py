"""History: full-text search and filters over your own generations (FTS5 on SQLite, tsvector
on PostgreSQL), keyset pages, rename, delete (files released; ledger and children stay).
Runs on both backends."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select

from api.sharing_support import publish, stored_generation
from routix.store.models import CreditTransaction, GenerationRequest, Publication, User, utcnow


def _ids(client, account, query: str = "") -> list[str]:
    answer = client.get(f"/api/v1/history?{query}", headers=account.headers)
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def test_full_text_over_prompt_title_and_name_only_in_your_own(client, services, make_account):
    me, other = make_account(), make_account()
    pasta = stored_generation(services, me, prompt="a cooking show about fresh pasta", title="Pasta Night")
    bug = stored_generation(services, me, prompt="tech explainer about the first computer bug", title="The Bug")
    stored_generation(services, other, prompt="pasta pasta pasta", title="Pasta")
    assert _ids(client, me, "q=pasta") == [pasta]
    assert _ids(client, me, "q=PAST") == [pasta]  # words are prefixes, case does not matter
    assert _ids(client, me, "q=computer%20bug") == [bug]
    assert _ids(client, me, "q=pasta%20computer") == []  # every word must match
    assert _ids(client, me, "q=%22%27*%20-%20(") == [bug, pasta]  # punctuation is not query syntax
    assert _ids(client, me, "q=pasta%22%20OR%20bug") == []  # nor are operators: three words, all required
    renamed = client.patch(f"/api/v1/generation/{bug}", json={"name": "Grace Hopper moth"}, headers=me.headers)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Grace Hopper moth"
    assert _ids(client, me, "q=hopper") == [bug]
    assert _ids(client, other, "q=hopper") == []


def test_filters_sort_and_cursor(client, services, make_account):
    me = make_account()
    now = utcnow()
    old = stored_generation(services, me, prompt="old gaming clip", category="gaming", algorithm="v1",
                            created_at=now - timedelta(days=10))
    new = stored_generation(services, me, prompt="new gaming clip", category="gaming", style="bold")
    failed = stored_generation(services, me, prompt="broken food", category="food", status="failed")
    assert _ids(client, me, "category=gaming") == [new, old]
    assert _ids(client, me, "category=gaming&sort=oldest") == [old, new]
    assert _ids(client, me, "status=failed") == [failed]
    assert _ids(client, me, "algorithm=v1") == [old]
    assert _ids(client, me, "style=bold") == [new]
    since = (now - timedelta(days=1)).replace(tzinfo=None).isoformat()
    assert set(_ids(client, me, f"created_from={since}")) == {new, failed}
    assert _ids(client, me, f"created_to={since}") == [old]
    publish(client, me, new)
    assert _ids(client, me, "published=true") == [new]
    assert set(_ids(client, me, "published=false")) == {old, failed}
    assert _ids(client, me, "has_video=true") == []
    page = client.get("/api/v1/history?limit=2", headers=me.headers).json()
    assert page["total"] == 3 and [i["published"] for i in page["items"]] == [False, True]
    rest = client.get(f"/api/v1/history?limit=2&cursor={page['next_cursor']}", headers=me.headers).json()
    assert [i["id"] for i in page["items"] + rest["items"]] == _ids(client, me)
    assert client.get(f"/api/v1/history?sort=oldest&cursor={page['next_cursor']}",
                      headers=me.headers).status_code == 422
    edge = client.get("/api/v1/history?created_from=0001-01-01T00:00:00%2B05:00", headers=me.headers)
    assert edge.status_code == 422
    both = client.get(f"/api/v1/history?offset=2&cursor={page['next_cursor']}", headers=me.headers)
    assert both.status_code == 422


def test_rename_and_delete_only_your_own(client, services, make_account):
    me, other = make_account(), make_account()
    gid = stored_generation(services, me, title="Mine")
    assert client.patch(f"/api/v1/generation/{gid}", json={"name": "x"}, headers=other.headers).status_code == 404
    assert client.delete(f"/api/v1/generation/{gid}", headers=other.headers).status_code == 404
    assert client.patch(f"/api/v1/generation/{gid}", json={"name": ""}, headers=me.headers).status_code == 422
    slug = publish(client, me, gid)["slug"]
    renamed = client.patch(f"/api/v1/generation/{gid}", json={"name": "Renamed"}, headers=me.headers)
    assert renamed.json()["name"] == "Renamed" and renamed.json()["published"] is True
    assert client.get("/api/v1/discover").json()["items"][0]["title"] == "Renamed"
    assert client.get(f"/api/v1/public/{slug}").json()["title"] == "Renamed"
    assert client.patch(f"/api/v1/generation/{gid}", json={"name": None}, headers=me.headers).json()["name"] == "Mine"
    assert client.get("/api/v1/discover").json()["items"][0]["title"] == "Mine"
    running = stored_generation(services, me, status="generating")
    busy = client.delete(f"/api/v1/generation/{running}", headers=me.headers)
    assert busy.status_code == 409 and busy.json()["code"] == "generation_running"


def test_delete_releases_files_keeps_ledger_and_children(client, services, make_account):
    me = make_account()
    gid = stored_generation(services, me, prompt="to be deleted")
    child = stored_generation(services, me, prompt="a child version")
    key = f"generations/{gid}/thumbnail.jpg"
    uid = uuid.UUID(me.user["id"])
    with services.db.session() as session:
        session.get(GenerationRequest, uuid.UUID(child)).parent_id = uuid.UUID(gid)
        balance = session.get(User, uid).credits
        session.add(CreditTransaction(user_id=uid, generation_request_id=uuid.UUID(gid), transaction_type="commit",
                                      amount=0, balance_after=balance, dedupe_key=f"test:{gid}"))
    slug = publish(client, me, gid)["slug"]
    assert services.blobs.exists(key)

    assert client.delete(f"/api/v1/generation/{gid}", headers=me.headers).status_code == 204
    assert not services.blobs.exists(key)
    assert services.blobs.exists(f"generations/{child}/thumbnail.jpg")
    assert client.get(f"/api/v1/generation/{gid}", headers=me.headers).status_code == 404
    assert client.get(f"/p/{slug}").status_code == 404
    assert client.get("/api/v1/discover").json()["items"] == []
    assert _ids(client, me, "q=deleted") == []
    with services.db.session() as session:
        assert session.get(GenerationRequest, uuid.UUID(child)).parent_id == uuid.UUID(gid)
        entry = session.scalars(select(CreditTransaction).where(CreditTransaction.dedupe_key == f"test:{gid}")).one()
        assert entry.generation_request_id is None
        assert session.scalars(select(Publication)).all() == []
