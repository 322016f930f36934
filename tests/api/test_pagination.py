"""Every list endpoint pages the same way (routix.kit.pagination): a bounded ``limit``, an
opaque ``cursor`` (``next_cursor`` of the previous page, null at the end) and a bounded
``offset``. Bad paging parameters answer a 422 problem, never a server error; a walk by cursor
gives every row exactly once, in order, even when rows are added meanwhile."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from routix.store.models import AdminAuditLog, Asset, GenerationRequest, Message, TemplateRecord

HUGE = "18446744073709551617"  # 2**64 + 1: past every integer column and OFFSET the databases take
T0 = datetime(2030, 1, 1, tzinfo=UTC)
ROWS = 45


def _cursor(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.fixture
def lists(client, make_account, make_admin, services):
    """``{name: (url, headers, items key)}`` for every list endpoint, each with a few rows."""
    account, admin = make_account(), make_admin()
    owner = uuid.UUID(account.user["id"])
    conversation = client.post("/api/v1/chat/conversations", json={}, headers=account.headers).json()["id"]
    for _ in range(2):
        client.post("/api/v1/chat/conversations", json={}, headers=account.headers)
        client.post(f"/api/v1/admin/users/{owner}/credits", json={"amount": 3, "reason": "test"},
                    headers=admin.headers)
    _add_generations(services, owner, 3)
    _add_assets(services, owner, 3)
    _add_messages(services, uuid.UUID(conversation), 3)
    return {
        "generations": ("/api/v1/generation", account.headers, "items"),
        "assets": ("/api/v1/assets", account.headers, "items"),
        "conversations": ("/api/v1/chat/conversations", account.headers, "conversations"),
        "messages": (f"/api/v1/chat/conversations/{conversation}/messages", account.headers, "messages"),
        "ledger": ("/api/v1/credits", account.headers, "transactions"),
        "users": ("/api/v1/admin/users", admin.headers, "items"),
        "audit": ("/api/v1/admin/audit", admin.headers, "items"),
        "templates": ("/api/v1/admin/templates", admin.headers, "items"),
    }


def _problem(response, field: str) -> None:
    assert response.status_code == 422, (response.status_code, response.text)
    body = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert body["code"] == "invalid_input" and ["query", field] in [e["loc"] for e in body["errors"]], body


def test_out_of_range_paging_answers_422_on_every_list(client, lists):
    for name, (url, headers, _) in lists.items():
        for params, field in [
            ({"offset": HUGE}, "offset"), ({"offset": 10_001}, "offset"), ({"offset": -1}, "offset"),
            ({"limit": HUGE}, "limit"), ({"limit": 0}, "limit"), ({"limit": 101}, "limit"),
        ]:
            response = client.get(url, params=params, headers=headers)
            assert response.status_code == 422, (name, params, response.text)
            _problem(response, field)


def test_forged_cursors_answer_422_on_every_list(client, lists):
    forged = [
        "!!!", "a" * 600, "not-base64-json", _cursor(["no", "envelope"]), _cursor({"k": "elsewhere", "v": []}),
        _cursor({"k": "generations", "v": ["2030-01-01T00:00:00+00:00"]}),              # one value short
        _cursor({"k": "generations", "v": [1, 2]}),                                      # wrong types
        _cursor({"k": "generations", "v": ["2030-01-01T00:00:00", str(uuid.uuid4())]}),  # no UTC offset
        _cursor({"k": "generations", "v": ["0001-01-01T00:00:00+14:00", str(uuid.uuid4())]}),  # before year 1 in UTC
        _cursor({"k": "templates", "v": [True, int(HUGE), "2030-01-01T00:00:00+00:00", str(uuid.uuid4())]}),
        _cursor({"k": "templates", "v": [1, 0, "2030-01-01T00:00:00+00:00", str(uuid.uuid4())]}),  # 1 is no bool
    ]
    for name, (url, headers, _) in lists.items():
        for cursor in forged:
            response = client.get(url, params={"cursor": cursor}, headers=headers)
            _problem(response, "cursor")
        response = client.get(url, params={"limit": 1}, headers=headers)
        assert response.status_code == 200, (name, response.text)
        first = response.json()
        assert first["next_cursor"], name  # every list here has at least two rows
        _problem(client.get(url, params={"cursor": first["next_cursor"], "offset": 1}, headers=headers), "offset")
        others = [other for other in lists if other != name]
        foreign = client.get(lists[others[0]][0], params={"limit": 1}, headers=lists[others[0]][1]).json()
        _problem(client.get(url, params={"cursor": foreign["next_cursor"]}, headers=headers), "cursor")


def test_every_list_walks_by_cursor_in_its_order(client, lists):
    """One page of 100 and a walk with limit 1 see the same rows in the same order."""
    for name, (url, headers, key) in lists.items():
        whole = client.get(url, params={"limit": 100}, headers=headers).json()
        assert whole["next_cursor"] is None and whole["total"] == len(whole[key]) >= 2, name
        walked = _walk(client, url, headers, key, limit=1)
        assert [item["id"] for item in walked] == [item["id"] for item in whole[key]], name


def test_generations_walk_gives_each_row_once_while_a_new_one_arrives(client, make_account, services):
    account = make_account()
    owner = uuid.UUID(account.user["id"])
    ids = _add_generations(services, owner, ROWS)
    expected = [row_id for _, row_id in sorted(ids, reverse=True)]  # newest first, ties: highest id first

    def arrive() -> None:
        _add_generations(services, owner, 1, start=T0 + timedelta(days=1))  # the newest row

    walked = _walk(client, "/api/v1/generation", account.headers, "items", limit=20, between=arrive)
    assert [uuid.UUID(item["id"]) for item in walked] == expected
    again = client.get("/api/v1/generation", params={"offset": 40, "limit": 20}, headers=account.headers).json()
    assert again["total"] == ROWS + 1 and len(again["items"]) == ROWS + 1 - 40 and again["next_cursor"] is None


def test_messages_walk_gives_each_row_once_and_then_the_new_one(client, make_account, services):
    account = make_account()
    conversation = client.post("/api/v1/chat/conversations", json={}, headers=account.headers).json()["id"]
    ids = _add_messages(services, uuid.UUID(conversation), ROWS)
    arrived: list[uuid.UUID] = []

    def arrive() -> None:
        if not arrived:
            arrived.extend(row_id for _, row_id in _add_messages(services, uuid.UUID(conversation), 1,
                                                                  start=T0 + timedelta(days=1)))

    url = f"/api/v1/chat/conversations/{conversation}/messages"
    walked = _walk(client, url, account.headers, "messages", limit=20, between=arrive)
    assert [uuid.UUID(m["id"]) for m in walked] == [row_id for _, row_id in sorted(ids)] + arrived


def test_templates_walk_follows_featured_priority_newest_then_id(client, make_admin, services):
    admin = make_admin()
    rows = []
    with services.db.session() as session:
        for i in range(ROWS):
            row = TemplateRecord(
                slug=f"u-page{i:04d}", source="upload", name=f"paged {i}", category="gaming", status="failed",
                is_featured=i % 7 == 0, priority=(i % 3) - 1, created_at=T0 + timedelta(seconds=i // 4),
            )
            session.add(row)
            rows.append(row)
        session.flush()
        expected = [r.id for r in sorted(rows, key=lambda r: (not r.is_featured, -r.priority,
                                                              -r.created_at.timestamp(), r.id))]
    walked = _walk(client, "/api/v1/admin/templates", admin.headers, "items", limit=20,
                   params={"source": "upload"})
    assert [uuid.UUID(item["id"]) for item in walked] == expected


# helpers --------------------------------------------------------------------------------------

def _walk(client, url: str, headers: dict[str, str], key: str, *, limit: int,
          between: Callable[[], None] | None = None, params: dict[str, str] | None = None) -> list[dict]:
    """Every item of the list, page by page along ``next_cursor``; ``between`` runs after the
    first page."""
    items: list[dict] = []
    cursor = None
    for _ in range(1000):
        query = {**(params or {}), "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = client.get(url, params=query, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page[key]) <= limit and (page["next_cursor"] is None or len(page[key]) == limit)
        items += page[key]
        cursor = page["next_cursor"]
        if cursor is None:
            break
        if between is not None and len(items) == limit:
            between()
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)), "a row showed twice"
    return items


def _add_generations(services, user_id: uuid.UUID, n: int, *, start: datetime = T0
                     ) -> list[tuple[datetime, uuid.UUID]]:
    """``n`` finished generation rows (no job runs them), three to a timestamp."""
    with services.db.session() as session:
        rows = [GenerationRequest(user_id=user_id, prompt=f"paged {i}", status="failed", stage="failed",
                                  error_code="test", error_message="test", created_at=start + timedelta(seconds=i // 3))
                for i in range(n)]
        session.add_all(rows)
        session.flush()
        return [(r.created_at, r.id) for r in rows]


def _add_assets(services, user_id: uuid.UUID, n: int) -> None:
    with services.db.session() as session:
        session.add_all(Asset(user_id=user_id, sha256="0" * 64, storage_key=f"uploads/{'0' * 64}",
                              file_name=f"a{i}.png", file_size=1, mime_type="image/png", width=1, height=1,
                              created_at=T0) for i in range(n))


def _add_messages(services, conversation_id: uuid.UUID, n: int, *, start: datetime = T0
                  ) -> list[tuple[datetime, uuid.UUID]]:
    """``n`` user text messages, three to a timestamp."""
    with services.db.session() as session:
        rows = [Message(conversation_id=conversation_id, role="user", type="text", content=f"message {i}", meta={},
                        created_at=start + timedelta(seconds=i // 3)) for i in range(n)]
        session.add_all(rows)
        session.flush()
        return [(r.created_at, r.id) for r in rows]


def test_audit_rows_page_newest_first(client, make_admin, services):
    admin = make_admin()
    with services.db.session() as session:
        rows = [AdminAuditLog(action="test.page", resource_type="test", resource_id=str(i), changes={},
                              created_at=T0 + timedelta(seconds=i // 3)) for i in range(ROWS)]
        session.add_all(rows)
        session.flush()
        expected = [r.id for r in sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True)]
    walked = _walk(client, "/api/v1/admin/audit", admin.headers, "items", limit=20, params={"action": "test."})
    assert [uuid.UUID(item["id"]) for item in walked] == expected
