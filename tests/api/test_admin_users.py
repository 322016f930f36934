"""``/api/v1/admin/users``: list/search/filter, detail, plan/flags with self-lockout guards,
delete, audit rows; a disabled user cannot authenticate."""

from __future__ import annotations

import uuid

from routix.store.models import AdminAuditLog, GenerationRequest

BASE = "/api/v1/admin/users"


def test_non_admins_are_refused(client, make_account):
    user = make_account()
    some = f"{BASE}/{uuid.uuid4()}"
    for method, path in (("GET", BASE), ("GET", some), ("PATCH", some), ("DELETE", some)):
        answer = client.request(method, path, headers=user.headers, json={})
        assert answer.status_code == 403 and answer.json()["code"] == "forbidden", (method, path)


def test_list_search_filter_and_detail(client, services, make_account, make_admin):
    admin = make_admin()
    alice = make_account("alice.lovelace@example.com")
    make_account("bob@example.com")
    with services.db.session() as session:
        session.add(GenerationRequest(user_id=uuid.UUID(alice.user["id"]), prompt="p", status="completed"))
        session.commit()
    found = client.get(f"{BASE}?q=LOVELACE", headers=admin.headers).json()
    assert found["total"] == 1 and found["items"][0]["email"] == "alice.lovelace@example.com"
    item = found["items"][0]
    assert item["generations"] == 1 and item["credits"] == alice.user["credits"]
    assert set(item) == {"id", "email", "username", "credits", "subscription_tier", "is_active", "is_admin",
                         "created_at", "last_login", "generations"}
    assert client.get(f"{BASE}?q=%25", headers=admin.headers).json()["total"] == 0  # % is literal
    admins = client.get(f"{BASE}?is_admin=true", headers=admin.headers).json()
    assert [u["email"] for u in admins["items"]] == [admin.email]
    assert client.get(f"{BASE}?plan=free&limit=2", headers=admin.headers).json()["total"] == 3
    assert len(client.get(f"{BASE}?limit=2", headers=admin.headers).json()["items"]) == 2
    detail = client.get(f"{BASE}/{alice.user['id']}", headers=admin.headers).json()
    assert detail["generations"] == 1 and "password_hash" not in detail
    assert client.get(f"{BASE}/{uuid.uuid4()}", headers=admin.headers).status_code == 404


def test_patch_plan_and_flags_is_audited(client, services, make_account, make_admin):
    admin, user = make_admin(), make_account()
    changed = client.patch(f"{BASE}/{user.user['id']}", headers=admin.headers,
                           json={"subscription_tier": "creator", "is_admin": True})
    assert changed.status_code == 200, changed.text
    assert changed.json()["subscription_tier"] == "creator" and changed.json()["is_admin"] is True
    bad = client.patch(f"{BASE}/{user.user['id']}", headers=admin.headers, json={"subscription_tier": "platinum"})
    assert bad.status_code == 422 and bad.json()["code"] == "unknown_plan"
    assert client.patch(f"{BASE}/{user.user['id']}", headers=admin.headers, json={"credits": 9}).status_code == 422
    with services.db.session() as session:
        row = session.query(AdminAuditLog).filter_by(action="user.update", resource_id=user.user["id"]).one()
    assert row.admin_email == admin.email and row.ip_address
    assert row.changes["before"] == {"subscription_tier": "free", "is_admin": False}
    assert row.changes["after"] == {"subscription_tier": "creator", "is_admin": True}


def test_admin_cannot_lock_themselves_out(client, make_admin):
    admin = make_admin()
    for body in ({"is_admin": False}, {"is_active": False}):
        answer = client.patch(f"{BASE}/{admin.user['id']}", headers=admin.headers, json=body)
        assert answer.status_code == 409 and answer.json()["code"] == "self_lockout"
    assert client.delete(f"{BASE}/{admin.user['id']}", headers=admin.headers).status_code == 409
    assert client.get("/api/v1/auth/me", headers=admin.headers).json()["is_admin"] is True


def test_disabled_user_cannot_authenticate(client, make_account, make_admin):
    admin, user = make_admin(), make_account()
    key = client.post("/api/v1/auth/api-keys", headers=user.headers, json={"name": "script"}).json()["key"]
    disabled = client.patch(f"{BASE}/{user.user['id']}", headers=admin.headers, json={"is_active": False})
    assert disabled.status_code == 200
    assert client.get("/api/v1/auth/me", headers=user.headers).status_code == 401
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 401
    login = client.post("/api/v1/auth/login", json={"email": user.email, "password": user.password})
    assert login.status_code == 401 and login.json()["code"] == "account_disabled"
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token}).status_code == 401
    client.patch(f"{BASE}/{user.user['id']}", headers=admin.headers, json={"is_active": True})
    assert client.get("/api/v1/auth/me", headers=user.headers).status_code == 200


def test_admin_deletes_a_user(client, services, make_account, make_admin):
    admin, user = make_admin(), make_account()
    assert client.delete(f"{BASE}/{user.user['id']}", headers=admin.headers).status_code == 204
    assert client.get(f"{BASE}/{user.user['id']}", headers=admin.headers).status_code == 404
    assert client.get("/api/v1/auth/me", headers=user.headers).status_code == 401
    with services.db.session() as session:
        row = session.query(AdminAuditLog).filter_by(action="user.delete", resource_id=user.user["id"]).one()
    assert row.admin_email == admin.email and row.changes["before"]["email"] == user.email
