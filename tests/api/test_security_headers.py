"""Security headers on every response (API, problems, pages keep their own CSP) and CORS."""

from __future__ import annotations

import pytest

from routix.api.security import API_CSP
from routix.config import Settings


def test_api_responses_carry_the_security_headers(client, make_account):
    for response in (client.get("/health"), client.get("/api/v1/auth/me"),
                     client.get("/api/v1/auth/me", headers=make_account().headers)):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["content-security-policy"] == API_CSP
        assert "strict-transport-security" not in response.headers  # plain http


def test_pages_keep_their_own_csp(client):
    page = client.get("/login")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] != API_CSP
    assert "script-src" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


def test_no_cors_by_default(client):
    preflight = {"Origin": "https://studio.example.com", "Access-Control-Request-Method": "POST"}
    answer = client.options("/api/v1/generation/create", headers=preflight)
    assert "access-control-allow-origin" not in answer.headers


def test_hsts_only_over_https(client):
    secure = client.get("https://testserver/health")
    assert secure.headers["strict-transport-security"].startswith("max-age=")


@pytest.fixture
def cors_client(settings: Settings):
    """A client of an app whose settings allow one origin and whose public URL is https."""
    from fastapi.testclient import TestClient

    from routix.api.app import create_app
    from routix.services import Services

    services = Services(settings.model_copy(update={"cors_origins": ["https://studio.example.com"],
                                                    "public_url": "https://routix.example.com"}))
    with TestClient(create_app(services, start_workers=False, migrate=False)) as test_client:
        yield test_client


def test_cors_allows_configured_origins_only(cors_client):
    client = cors_client
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "Authorization"}
    allowed = client.options("/api/v1/generation/create", headers={"Origin": "https://studio.example.com", **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://studio.example.com"
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert allowed.headers["x-content-type-options"] == "nosniff"
    refused = client.options("/api/v1/generation/create", headers={"Origin": "https://evil.example.com", **preflight})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    simple = client.get("/health", headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in simple.headers
    # public_url is https: HSTS on every answer
    assert client.get("/health").headers["strict-transport-security"].startswith("max-age=")
