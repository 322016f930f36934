"""``/api/v1/admin/algorithms``: CRUD, config per provider, one default, no key in answers,
audit rows, and the chat's algorithm selector seeing admin changes."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select, update

from api.backends import TEST_SECRET
from routix.algorithms.config import (
    algorithm_runtime,
    runtime_overrides,
    validate_config,
)
from routix.generations.budget import paid_estimate
from routix.providers.secrets import decrypt_key
from routix.store.models import AdminAuditLog, Algorithm, GenerationRequest

BASE = "/api/v1/admin/algorithms"
KEY = "sk-test-0123456789abcdefWXYZ"


@pytest.fixture(autouse=True)
def restore_algorithms(services):
    """The algorithms table is not emptied between tests on PostgreSQL: put it back as it was."""
    columns = [c.key for c in Algorithm.__table__.columns]
    with services.db.session() as session:
        saved = [{c: getattr(row, c) for c in columns} for row in session.scalars(select(Algorithm)).all()]
    yield
    ids = [row["id"] for row in saved]
    with services.db.session() as session:
        session.execute(update(GenerationRequest).where(GenerationRequest.algorithm_id.not_in(ids))
                        .values(algorithm_id=None))
        for row in session.scalars(select(Algorithm).where(Algorithm.id.not_in(ids))).all():
            session.delete(row)
        session.flush()
        for values in saved:
            session.merge(Algorithm(**values))
        session.commit()


def _by_name(client, admin) -> dict[str, dict]:
    return {a["name"]: a for a in client.get(BASE, headers=admin.headers).json()["items"]}


def test_non_admins_are_refused(client, make_account):
    user = make_account()
    assert client.get(BASE).status_code == 401
    for method, path in (("get", BASE), ("post", BASE), ("get", f"{BASE}/{uuid.uuid4()}"),
                         ("patch", f"{BASE}/{uuid.uuid4()}"), ("delete", f"{BASE}/{uuid.uuid4()}")):
        answer = client.request(method.upper(), path, headers=user.headers, json={"name": "x", "display_name": "X"})
        assert answer.status_code == 403, (method, path)
        assert answer.json()["code"] == "forbidden"


def test_list_shows_the_seeded_versions_default_first(client, make_admin):
    items = client.get(BASE, headers=make_admin().headers).json()["items"]
    assert [a["name"] for a in items][:1] == ["lightning"]
    assert {a["name"] for a in items} >= {"lightning", "v1", "pro"}
    assert sum(a["is_default"] for a in items) == 1
    assert all(a["generations"] == 0 for a in items)


def test_create_with_provider_config_masks_the_key_and_audits(client, services, make_admin):
    admin = make_admin()
    body = {"name": "turbo", "display_name": "Routix Turbo", "ai_provider": "openai", "credit_cost": 4,
            "config": {"model": "gpt-image-2", "size": "1536x864", "quality": "high", "chain": ["lightning"],
                       "api_key": KEY}}
    created = client.post(BASE, headers=admin.headers, json=body)
    assert created.status_code == 201, created.text
    out = created.json()
    assert KEY not in created.text and "api_key_encrypted" not in created.text
    assert out["config"] == {"model": "gpt-image-2", "size": "1536x864", "quality": "high", "chain": ["lightning"],
                             "api_key_hint": "…WXYZ", "api_key_set": True}
    with services.db.session() as session:
        row = session.get(Algorithm, uuid.UUID(out["id"]))
        assert decrypt_key(row.config["api_key_encrypted"], secret=TEST_SECRET.encode()).get_secret_value() == KEY
        logged = session.query(AdminAuditLog).filter_by(action="algorithm.create", resource_id=out["id"]).one()
        assert logged.admin_email == admin.email and KEY not in str(logged.changes)
        assert logged.changes["after"]["name"] == "turbo"
    again = client.get(f"{BASE}/{out['id']}", headers=admin.headers)
    assert again.json()["config"]["api_key_set"] is True and KEY not in again.text
    assert client.post(BASE, headers=admin.headers, json=body).status_code == 409  # name taken

    # a PATCH without api_key keeps it; api_key null removes it
    kept = client.patch(f"{BASE}/{out['id']}", headers=admin.headers, json={"config": {"model": "gpt-image-1.5"}})
    assert kept.status_code == 200 and kept.json()["config"]["api_key_set"] is True
    settings, keys = algorithm_runtime(services, "turbo")  # what the job executor builds the algorithm from
    assert keys["openai"].get_secret_value() == KEY
    assert settings.chains["turbo"] == ["turbo_model", "lightning"]
    assert settings.image_models["turbo_model"].model == "gpt-image-1.5"
    # the acceptance-time budget check sees the admin's key too (not only environment keys)
    assert paid_estimate("turbo", algorithm_runtime(services, "turbo")) > 0
    cleared = client.patch(f"{BASE}/{out['id']}", headers=admin.headers,
                           json={"config": {"model": "gpt-image-1.5", "api_key": None}})
    assert "api_key_set" not in cleared.json()["config"]
    assert algorithm_runtime(services, "turbo")[1] == {}
    assert paid_estimate("turbo", algorithm_runtime(services, "turbo")) == 0  # no key left: it would run on Lightning
    # a provider algorithm the provider code could not build (no model, no chain for its name)
    unbuildable = client.patch(f"{BASE}/{out['id']}", headers=admin.headers, json={"config": {}})
    assert unbuildable.status_code == 422 and unbuildable.json()["code"] == "invalid_config"


def test_invalid_provider_and_configs_are_422(client, make_admin):
    admin = make_admin()
    bad = [
        {"ai_provider": "midjourney"},
        {"ai_provider": "gemini", "config": {"size": "8K"}},
        {"ai_provider": "openai", "config": {"size": "1000x700"}},  # not multiples of 16
        {"ai_provider": "openai", "config": {"chain": ["dalle"]}},
        {"ai_provider": "local", "config": {"motifs": ["lava_lamp"]}},
        {"ai_provider": "local", "config": {"model": "x"}},  # not a local option
    ]
    for extra in bad:
        answer = client.post(BASE, headers=admin.headers, json={"name": "bad", "display_name": "Bad", **extra})
        assert answer.status_code == 422, extra
        assert answer.json()["code"] in ("unknown_provider", "invalid_config"), answer.json()
    ok = client.post(BASE, headers=admin.headers, json={"name": "calm", "display_name": "Calm", "ai_provider": "local",
                                                        "config": {"motifs": ["bokeh", "soft_mesh"], "intensity": 0.4}})
    assert ok.status_code == 201 and ok.json()["config"] == {"motifs": ["bokeh", "soft_mesh"], "intensity": 0.4}


def test_exactly_one_default_and_it_stays_active(client, make_admin):
    admin = make_admin()
    names = _by_name(client, admin)
    v1, lightning = names["v1"], names["lightning"]
    assert client.patch(f"{BASE}/{v1['id']}", headers=admin.headers, json={"is_default": True}).status_code == 200
    names = _by_name(client, admin)
    assert [n for n, a in names.items() if a["is_default"]] == ["v1"]
    assert client.patch(f"{BASE}/{v1['id']}", headers=admin.headers, json={"is_default": False}).status_code == 409
    assert client.patch(f"{BASE}/{v1['id']}", headers=admin.headers, json={"is_active": False}).status_code == 409
    # an inactive algorithm cannot become the default either
    client.patch(f"{BASE}/{lightning['id']}", headers=admin.headers, json={"is_active": False})
    refused = client.patch(f"{BASE}/{lightning['id']}", headers=admin.headers, json={"is_default": True})
    assert refused.status_code == 409 and refused.json()["code"] == "default_algorithm"
    assert [n for n, a in _by_name(client, admin).items() if a["is_default"]] == ["v1"]


def test_delete_refuses_default_and_used_algorithms(client, services, make_admin):
    admin = make_admin()
    names = _by_name(client, admin)
    assert client.delete(f"{BASE}/{names['lightning']['id']}", headers=admin.headers).status_code == 409
    with services.db.session() as session:  # a finished generation that used "pro"
        session.add(GenerationRequest(user_id=uuid.UUID(admin.user["id"]), algorithm="pro", prompt="p",
                                      status="completed", algorithm_id=uuid.UUID(names["pro"]["id"])))
        session.commit()
    used = client.delete(f"{BASE}/{names['pro']['id']}", headers=admin.headers)
    assert used.status_code == 409 and used.json()["code"] == "algorithm_in_use"
    assert _by_name(client, admin)["pro"]["generations"] == 1
    fresh = client.post(BASE, headers=admin.headers, json={"name": "temp", "display_name": "Temp"}).json()
    assert client.delete(f"{BASE}/{fresh['id']}", headers=admin.headers).status_code == 204
    assert client.get(f"{BASE}/{fresh['id']}", headers=admin.headers).status_code == 404
    with services.db.session() as session:
        actions = [r.action for r in session.query(AdminAuditLog).filter_by(resource_id=fresh["id"])]
    assert sorted(actions) == ["algorithm.create", "algorithm.delete"]


def test_admin_changes_show_in_the_chat_selector(client, make_admin, make_account):
    admin, user = make_admin(), make_account()
    names = _by_name(client, admin)
    client.patch(f"{BASE}/{names['pro']['id']}", headers=admin.headers,
                 json={"display_name": "Routix Pro Max", "credit_cost": 7})
    client.patch(f"{BASE}/{names['v1']['id']}", headers=admin.headers, json={"is_active": False})
    conversation = client.post("/api/v1/chat/conversations", headers=user.headers, json={}).json()
    answer = client.post(f"/api/v1/chat/conversations/{conversation['id']}/messages", headers=user.headers,
                         json={"content": "a gaming thumbnail with explosions"})
    assert answer.status_code in (200, 201), answer.text
    options = next(m["metadata"]["options"] for m in answer.json()["replies"] if m["type"] == "algorithm_select")
    shown = {o["name"]: o for o in options}
    assert "v1" not in shown
    assert shown["pro"]["display_name"] == "Routix Pro Max"


def test_runtime_overrides_put_the_configured_model_first():
    stored = validate_config("gemini", {"model": "gemini-9-image", "size": "2K", "chain": ["lightning"],
                                        "api_key": KEY}, secret=TEST_SECRET.encode())
    settings, keys = runtime_overrides("v1", "gemini", stored, secret=TEST_SECRET.encode())
    assert settings.chains["v1"] == ["v1_model", "lightning"]
    assert settings.image_models["v1_model"].model == "gemini-9-image"
    assert settings.image_models["v1_model"].size == "2K"
    assert keys["gemini"].get_secret_value() == KEY
    sized, _ = runtime_overrides("pro", "openai", {"quality": "high"})  # overrides the chain's OpenAI step
    assert sized.chains["pro"][0] == "pro_model" and sized.chains["pro"][1:] == settings.chains["pro"][1:]
    assert sized.image_models["pro_model"].quality == "high"
    original = settings.image_models[settings.chains["pro"][0]]
    resized = sized.image_models["pro_model"]
    assert (resized.model, resized.size) == (original.model, original.size)
    unchanged, no_keys = runtime_overrides("lightning", "local", {"motifs": ["bokeh"]})
    assert no_keys == {} and "v1_model" not in unchanged.image_models


def test_a_new_local_version_runs_end_to_end(client, make_admin, make_account):
    from api.jobs_support import wait_final

    admin, user = make_admin(), make_account()
    created = client.post(BASE, headers=admin.headers, json={"name": "calm", "display_name": "Routix Calm",
                                                             "ai_provider": "local", "credit_cost": 1})
    assert created.status_code == 201, created.text
    job = client.post("/api/v1/generation/create", headers=user.headers,
                      json={"prompt": "a calm podcast cover", "algorithm": "calm"})
    assert job.status_code == 201, job.text
    status = wait_final(client, user.headers, job.json()["id"])
    assert status["status"] == "completed", status
    assert status["algorithm"] == "calm"
