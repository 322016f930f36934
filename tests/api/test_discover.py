"""The discover feed: public items only, three sorts, filters, keyset pages that stay stable
while items are published, the trending score, and the cache (invalidated on publish and
unpublish). Runs on both backends."""

from __future__ import annotations

from datetime import timedelta

from api.sharing_support import publish, stored_generation
from routix.sharing.trend import DECAY_SECONDS, trend_score
from routix.store.models import utcnow


def _walk(client, query: str, headers=None, limit: int = 3, between=None) -> list[str]:
    """Every slug of the feed, page by page; ``between(page_number)`` runs between pages."""
    slugs, cursor, pages = [], None, 0
    while True:
        url = f"/api/v1/discover?{query}&limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        answer = client.get(url, headers=headers or {})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        slugs += [item["slug"] for item in body["items"]]
        cursor = body["next_cursor"]
        pages += 1
        if cursor is None:
            return slugs
        if between is not None:
            between(pages)


def test_recent_pages_by_cursor_stay_stable_while_items_are_published(client, services, make_account):
    owner = make_account()
    first = [publish(client, owner, stored_generation(services, owner, prompt=f"episode {i}"))["slug"]
             for i in range(7)]
    added = []

    def publish_more(page: int) -> None:
        added.append(publish(client, owner, stored_generation(services, owner, prompt=f"late {page}"))["slug"])

    walked = _walk(client, "sort=recent", between=publish_more)
    assert walked == list(reversed(first))  # newest first, each once, none of the later ones in between
    assert len(added) == 2
    assert _walk(client, "sort=recent")[:2] == list(reversed(added))


def test_popular_and_trending_orders_and_the_trending_formula(client, services, make_account):
    owner = make_account()
    fans = [make_account() for _ in range(3)]
    slugs = [publish(client, owner, stored_generation(services, owner, prompt=f"clip {i}"))["slug"] for i in range(3)]
    for count, slug in zip((1, 3, 0), slugs, strict=True):
        for fan in fans[:count]:
            client.post(f"/api/v1/public/{slug}/like", headers=fan.headers)
    popular = client.get("/api/v1/discover?sort=popular").json()
    assert [i["slug"] for i in popular["items"]] == [slugs[1], slugs[0], slugs[2]]
    assert [i["like_count"] for i in popular["items"]] == [3, 1, 0]
    trending = client.get("/api/v1/discover?sort=trending").json()["items"]
    assert trending[0]["slug"] == slugs[1]

    now = utcnow()
    # ten times the weight equals DECAY_SECONDS of age; more weight beats a little age
    assert abs(trend_score(10, 0, now) - trend_score(1, 0, now + timedelta(seconds=DECAY_SECONDS))) <= 1
    assert trend_score(5, 0, now) > trend_score(1, 0, now + timedelta(hours=1))
    assert trend_score(1, 0, now + timedelta(days=2)) > trend_score(50, 100, now)


def test_filters_and_cursor_of_another_sort(client, services, make_account):
    owner = make_account()
    game = publish(client, owner, stored_generation(services, owner, category="gaming", algorithm="lightning",
                                                    style="bold"))["slug"]
    food = publish(client, owner, stored_generation(services, owner, category="food", algorithm="v1"))["slug"]
    assert [i["slug"] for i in client.get("/api/v1/discover?category=gaming").json()["items"]] == [game]
    assert [i["slug"] for i in client.get("/api/v1/discover?algorithm=v1").json()["items"]] == [food]
    assert [i["slug"] for i in client.get("/api/v1/discover?style=bold").json()["items"]] == [game]
    assert client.get("/api/v1/discover?has_video=true").json()["items"] == []
    assert len(client.get("/api/v1/discover?has_video=false").json()["items"]) == 2
    cursor = client.get("/api/v1/discover?sort=recent&limit=1").json()["next_cursor"]
    wrong = client.get(f"/api/v1/discover?sort=popular&cursor={cursor}")
    assert wrong.status_code == 422
    assert client.get("/api/v1/discover?sort=best").status_code == 422
    assert client.get("/api/v1/discover?limit=101").status_code == 422


def test_cache_is_invalidated_on_publish_and_unpublish(client, services, make_account):
    owner, fan = make_account(), make_account()
    gid = stored_generation(services, owner)
    assert client.get("/api/v1/discover").json()["items"] == []
    slug = publish(client, owner, gid)["slug"]
    assert [i["slug"] for i in client.get("/api/v1/discover").json()["items"]] == [slug]
    # a like does not invalidate: the cached page keeps its counts for the TTL, but "liked" is per caller
    client.post(f"/api/v1/public/{slug}/like", headers=fan.headers)
    assert client.get("/api/v1/discover", headers=fan.headers).json()["items"][0]["liked"] is True
    assert client.get("/api/v1/discover").json()["items"][0]["liked"] is None
    client.delete(f"/api/v1/generation/{gid}/publish", headers=owner.headers)
    assert client.get("/api/v1/discover").json()["items"] == []
