"""Boards: named collections of your own generations. Runs on both backends."""

from __future__ import annotations

from api.sharing_support import stored_generation


def test_boards_collect_your_generations(client, services, make_account):
    me, other = make_account(), make_account()
    first, second = stored_generation(services, me, title="One"), stored_generation(services, me, title="Two")
    board = client.post("/api/v1/boards", json={"name": "Cooking"}, headers=me.headers)
    assert board.status_code == 201
    bid = board.json()["id"]
    taken = client.post("/api/v1/boards", json={"name": "Cooking"}, headers=me.headers)
    assert taken.status_code == 409 and taken.json()["code"] == "board_exists"
    assert client.post("/api/v1/boards", json={"name": "Cooking"}, headers=other.headers).status_code == 201

    for gid in (first, second, first):
        assert client.put(f"/api/v1/boards/{bid}/items/{gid}", headers=me.headers).status_code == 204
    items = client.get(f"/api/v1/boards/{bid}/items", headers=me.headers).json()
    assert [i["id"] for i in items["items"]] == [second, first]
    listed = client.get("/api/v1/boards", headers=me.headers).json()["items"]
    assert [(b["name"], b["item_count"]) for b in listed] == [("Cooking", 2)]

    theirs = stored_generation(services, other)
    assert client.put(f"/api/v1/boards/{bid}/items/{theirs}", headers=me.headers).status_code == 404
    assert client.get(f"/api/v1/boards/{bid}/items", headers=other.headers).status_code == 404
    assert client.patch(f"/api/v1/boards/{bid}", json={"name": "Food"}, headers=me.headers).json()["name"] == "Food"
    assert client.delete(f"/api/v1/boards/{bid}/items/{first}", headers=me.headers).status_code == 204
    assert [i["id"] for i in client.get(f"/api/v1/boards/{bid}/items", headers=me.headers).json()["items"]] == [second]
    assert client.delete(f"/api/v1/boards/{bid}", headers=other.headers).status_code == 404
    assert client.delete(f"/api/v1/boards/{bid}", headers=me.headers).status_code == 204
    assert client.get(f"/api/v1/generation/{second}", headers=me.headers).status_code == 200
