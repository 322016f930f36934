"""``/api/v1/title``: suggestions that read at 168x94 and refinements, offline."""

from __future__ import annotations

import uuid

from routix.brief.suggest import MIN_FEED_LETTER_PX


def test_suggest_gives_titles_that_read_in_the_feed(client, make_account):
    account = make_account()
    answer = client.post("/api/v1/title/suggest", json={"prompt": "tech review of a new laptop"},
                         headers=account.headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["source"] == "offline" and len(body["suggestions"]) >= 3
    texts = [s["text"] for s in body["suggestions"]]
    assert len(set(texts)) == len(texts) and all("Laptop" in t for t in texts)
    assert all(s["fits"] and s["feed_letter_px"] >= MIN_FEED_LETTER_PX for s in body["suggestions"])
    assert all(len(t.split()) <= 6 for t in texts)


def test_refine_modes(client, make_account):
    account = make_account()
    title = "I Really Tried Ten Different Laptops For A Whole Month"

    def refine(mode: str) -> dict:
        answer = client.post("/api/v1/title/refine", json={"title": title, "mode": mode}, headers=account.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    assert refine("shorter")["text"] == "I Tried 10 Different Laptops"
    assert refine("punchier")["text"] == "I Tried 10 Different Laptops!"
    assert refine("upper")["text"] == title.upper()
    assert refine("sentence")["text"] == "I really tried ten different laptops for a whole month"
    assert refine("shorter")["feed_letter_px"] > refine("upper")["feed_letter_px"]  # fewer words read larger
    bad = client.post("/api/v1/title/refine", json={"title": title, "mode": "louder"}, headers=account.headers)
    assert bad.status_code == 422
    unknown = {"title": title, "mode": "upper", "version_id": str(uuid.uuid4())}
    foreign = client.post("/api/v1/title/refine", json=unknown, headers=account.headers)
    assert foreign.status_code == 404
