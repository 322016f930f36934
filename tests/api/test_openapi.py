"""The OpenAPI document describes every operation: a schema for each success answer, the
security it needs, and the problem+json errors it can give."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from routix.api.problems import MEDIA_TYPE

METHODS = ("get", "post", "put", "patch", "delete")
PUBLIC = {("get", "/health"), ("get", "/health/detailed"), ("post", "/api/v1/auth/register"),
          ("post", "/api/v1/auth/login"), ("post", "/api/v1/auth/refresh"), ("post", "/api/v1/auth/logout"),
          ("post", "/api/v1/auth/password/reset-request"), ("post", "/api/v1/auth/password/reset"),
          ("delete", "/api/v1/auth/session"), ("get", "/api/v1/chat/message-types"), ("get", "/files/{key}"),
          ("get", "/api/v1/public/{slug}"), ("get", "/api/v1/discover"), ("get", "/api/v1/presets/{name}/preview.jpg")}
#: Routes answering files or streams: their media type is declared instead of a JSON schema.
BINARY = {("get", "/api/v1/account/export"): "application/zip", ("get", "/files/{key}"): "application/octet-stream",
          ("get", "/api/v1/admin/templates/{template_id}/preview.png"): "image/png",
          ("get", "/api/v1/presets/{name}/preview.jpg"): "image/jpeg",
          ("get", "/api/v1/generation/{request_id}/events"): "text/event-stream",
          ("get", "/api/v1/batches/{batch_id}/events"): "text/event-stream",
          ("get", "/api/v1/generation/{request_id}/bundle"): "application/zip"}


@pytest.fixture
def client(services) -> Iterator[TestClient]:
    from routix.api.app import create_app

    with TestClient(create_app(services, start_workers=False, migrate=False)) as test_client:
        yield test_client


@pytest.fixture
def document(client) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return document["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def test_the_document_lists_every_api_operation(document):
    operations = list(_operations(document))
    assert len(operations) >= 56
    tags = {tag for _, _, op in operations for tag in op.get("tags", [])}
    assert {"auth", "chat", "credits", "admin", "generation", "assets"} <= tags


def test_every_success_answer_has_a_schema(document):
    for method, path, operation in _operations(document):
        successes = {code: entry for code, entry in operation["responses"].items() if code.startswith("2")}
        assert successes, f"{method} {path} documents no success answer"
        for code, entry in successes.items():
            if code == "204":
                assert not entry.get("content"), f"{method} {path}: a 204 has no body"
                continue
            content = entry.get("content") or {}
            if (method, path) in BINARY:
                assert BINARY[(method, path)] in content, f"{method} {path} does not declare its media type"
                continue
            schema = content.get("application/json", {}).get("schema")
            assert schema, f"{method} {path} {code} has no JSON schema"
            resolved = _resolve(document, schema)
            assert resolved.get("properties") or resolved.get("items") or resolved.get("type"), \
                f"{method} {path} {code}: empty schema {schema}"


def test_chat_credits_and_admin_answers_name_their_fields(document):
    paths = document["paths"]
    expectations = {
        ("/api/v1/credits", "get", "200"): {"balance", "plan", "monthly_credits", "transactions", "total"},
        ("/api/v1/chat/conversations/{conversation_id}/messages", "post", "201"): {"message", "replies"},
        ("/api/v1/admin/users", "get", "200"): {"items", "total", "limit", "offset", "next_cursor"},
        ("/api/v1/admin/system", "get", "200"): {"health", "queue", "jobs", "workers", "templates"},
        ("/api/v1/admin/analytics", "get", "200"): {"days", "per_day", "per_algorithm", "success_rate"},
    }
    for (path, method, code), fields in expectations.items():
        schema = paths[path][method]["responses"][code]["content"]["application/json"]["schema"]
        assert fields <= set(_resolve(document, schema)["properties"]), f"{method} {path}"


def test_every_list_pages_with_limit_cursor_and_offset(document):
    lists = {"/api/v1/generation": "items", "/api/v1/assets": "items", "/api/v1/chat/conversations": "conversations",
             "/api/v1/chat/conversations/{conversation_id}/messages": "messages", "/api/v1/credits": "transactions",
             "/api/v1/admin/users": "items", "/api/v1/admin/audit": "items", "/api/v1/admin/templates": "items"}
    for path, key in lists.items():
        operation = document["paths"][path]["get"]
        query = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
        assert (query["limit"]["minimum"], query["limit"]["maximum"]) == (1, 100), path
        assert (query["offset"]["minimum"], query["offset"]["maximum"]) == (0, 10_000), path
        assert "cursor" in query, path
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert {key, "total", "limit", "offset", "next_cursor"} <= set(_resolve(document, schema)["properties"]), path


def test_security_schemes_are_declared(document):
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"]["type"] == "http" and schemes["bearer"]["scheme"] == "bearer"
    assert schemes["apiKey"] == {**schemes["apiKey"], "type": "apiKey", "in": "header", "name": "X-API-Key"}


def test_operations_that_need_credentials_list_their_security(document):
    for method, path, operation in _operations(document):
        security = [name for requirement in operation.get("security", []) for name in requirement]
        if (method, path) in PUBLIC:
            assert not security, f"{method} {path} is public"
            continue
        assert "bearer" in security, f"{method} {path} lists no bearer security"
        if path != "/api/v1/auth/session":  # a browser session needs an access token, not an API key
            assert "apiKey" in security, f"{method} {path} lists no X-API-Key security"
        assert "401" in operation["responses"], f"{method} {path} does not document 401"
        if path.startswith("/api/v1/admin"):
            assert "403" in operation["responses"], f"{method} {path} does not document 403"


def test_error_answers_are_problems(document):
    required = set(document["components"]["schemas"]["Problem"]["required"])
    assert {"type", "title", "status", "detail", "code"} <= required
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for method, path, operation in _operations(document):
        errors = {code: entry for code, entry in operation["responses"].items() if code[0] == "4"}
        for code, entry in errors.items():
            if path.startswith("/v1/"):  # the OpenAI-compatible API answers OpenAI's error object
                schema = entry["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/OpenAIError"}, f"{method} {path} {code}"
                continue
            schema = entry["content"][MEDIA_TYPE]["schema"]
            assert schema == {"$ref": "#/components/schemas/Problem"}, f"{method} {path} {code}"
            assert entry.get("description"), f"{method} {path} {code} has no description"
        if "{" in path:
            assert "404" in errors, f"{method} {path} has a path parameter but no 404"
        if "requestBody" in operation:
            assert {"413", "422"} <= set(errors), f"{method} {path} takes a body but lacks 413/422"


def test_rate_limited_and_conflicting_operations_say_so(document):
    paths = document["paths"]
    for path, method in (("/api/v1/auth/login", "post"), ("/api/v1/auth/register", "post"),
                         ("/api/v1/generation/create", "post"), ("/api/v1/assets", "post"),
                         ("/api/v1/chat/conversations/{conversation_id}/messages", "post")):
        assert "429" in paths[path][method]["responses"], f"{method} {path}"
    for path, method in (("/api/v1/auth/register", "post"), ("/api/v1/generation/create", "post"),
                         ("/api/v1/admin/algorithms/{algorithm_id}", "delete")):
        assert "409" in paths[path][method]["responses"], f"{method} {path}"
    replay = paths["/api/v1/generation/create"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert replay == {"$ref": "#/components/schemas/GenerationOut"}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer "},
                                     {"X-API-Key": ""}])
def test_missing_credentials_still_answer_our_401_problem(client, headers):
    response = client.get("/api/v1/auth/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(MEDIA_TYPE)
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["code"] == "not_authenticated"


def test_an_api_key_works_as_bearer_and_as_header(client):
    tokens = client.post("/api/v1/auth/register", json={"email": "doc@example.com",
                                                        "password": "correct horse battery"}).json()
    key = client.post("/api/v1/auth/api-keys", json={"name": "docs"},
                      headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()["key"]
    for headers in ({"Authorization": f"Bearer {key}"}, {"X-API-Key": key}):
        assert client.get("/api/v1/auth/me", headers=headers).json()["email"] == "doc@example.com"


def _same_json(view: Any, model: Any) -> None:
    """``view`` (what a views function builds) answers unchanged through the route's ``model``:
    no key dropped, none added, no value changed."""
    from pydantic import TypeAdapter

    plain = json.loads(json.dumps(view, default=str))
    answered = TypeAdapter(model).dump_python(TypeAdapter(model).validate_python(view), mode="json", by_alias=True)
    assert answered == plain, f"{model}: the answer differs from the view"


def test_the_response_models_carry_the_views_unchanged(client, services):
    from api.jobs_support import new_job, use_null_queue
    from routix.admin import schemas as admin_schemas
    from routix.admin.analytics import analytics
    from routix.admin.service import user_view
    from routix.admin.system import system_status
    from routix.algorithms.schemas import AlgorithmOut
    from routix.algorithms.service import list_algorithms
    from routix.audit import service as audit
    from routix.audit.schemas import AuditEntryOut
    from routix.audit.views import audit_view
    from routix.chat.schemas import ConversationOut, MessageOut
    from routix.chat.views import conversation_view, message_views
    from routix.credits.schemas import CreditsOut
    from routix.credits.views import credits_view
    from routix.generations.schemas import GenerationOut, GenerationStatusOut
    from routix.generations.views import result_view, status_view
    from routix.health.schemas import HealthReport
    from routix.health.service import health_report
    from routix.library.schemas import TemplateDetailOut
    from routix.library.starter import ensure_starter
    from routix.library.views import template_detail
    from routix.store.models import Conversation, GenerationRequest, Message, TemplateRecord, User

    use_null_queue(services)
    generation_id = uuid.UUID(new_job(services))
    ensure_starter(services)
    with services.db.session() as session:
        generation = session.get(GenerationRequest, generation_id)
        user = session.get(User, generation.user_id)
        conversation = Conversation(user_id=user.id, title="views")
        session.add(conversation)
        session.flush()
        message = Message(conversation_id=conversation.id, role="user", type="text", content="hi", meta={})
        session.add(message)
        entry = audit.record(session, user, "user.update", "user", user.id, before={"a": 1}, after={"a": 2})
        session.flush()
        _same_json(user_view(user, 3), admin_schemas.UserAdminOut)
        _same_json(list_algorithms(session), list[AlgorithmOut])
        _same_json(audit_view(entry), AuditEntryOut)
        _same_json(credits_view(session, user), CreditsOut)
        _same_json(conversation_view(conversation), ConversationOut)
        _same_json(message_views(session, services, user.id, [message]), list[MessageOut])
        _same_json(analytics(session, 3), admin_schemas.AnalyticsOut)
        _same_json(status_view(generation, services), GenerationStatusOut)
        _same_json(result_view(generation, services), GenerationOut)
        template = session.query(TemplateRecord).filter(TemplateRecord.skeleton.is_not(None)).first()
        _same_json(template_detail(template, services), TemplateDetailOut)
    _same_json(health_report(services)[0], HealthReport)
    _same_json(system_status(services), admin_schemas.SystemOut)
