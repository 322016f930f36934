"""Provider settings from the environment; keys encrypted at rest, never recorded in clear."""

from __future__ import annotations

import httpx
import pytest
import respx
from pydantic import SecretStr, ValidationError

from fixtures.providers import mocks
from routix.providers import (
    ProviderSettings,
    decrypt_key,
    encrypt_key,
    key_hint,
    provider_key,
)
from routix.providers.secrets import KeyUnreadable


def test_defaults_name_current_models_and_chains():
    s = ProviderSettings()
    assert s.chains == {"v1": ["gemini_flash", "lightning"], "pro": ["openai_image", "gemini_pro", "lightning"]}
    models = {k: v.model for k, v in s.image_models.items()}
    assert models == {"gemini_flash": "gemini-3.1-flash-image", "gemini_pro": "gemini-3-pro-image",
                      "openai_image": "gpt-image-2"}
    assert all(m in s.prices for m in [*models.values(), *s.planner_models.values()])


def test_environment_overrides_tables_as_json(monkeypatch):
    monkeypatch.setenv("ROUTIX_PROVIDERS_CHAINS", '{"v1": ["openai_image", "lightning"]}')
    monkeypatch.setenv("ROUTIX_PROVIDERS_IMAGE_MODELS",
                       '{"openai_image": {"provider": "openai", "model": "gpt-image-1.5", '
                       '"size": "1536x1024", "quality": "high", "max_reference_images": 16}}')
    monkeypatch.setenv("ROUTIX_PROVIDERS_RETRY_ATTEMPTS", "5")
    s = ProviderSettings()
    assert s.chains == {"v1": ["openai_image", "lightning"]}
    assert s.image_models["openai_image"].model == "gpt-image-1.5" and s.retry_attempts == 5
    assert s.price("gpt-image-1.5").image_output > 0  # the default price table still knows it


def test_a_chain_naming_an_unknown_step_is_refused(monkeypatch):
    monkeypatch.setenv("ROUTIX_PROVIDERS_CHAINS", '{"v1": ["dalle", "lightning"]}')
    with pytest.raises(ValidationError, match="unknown steps"):
        ProviderSettings()


def test_keys_round_trip_encrypted_and_a_changed_secret_is_a_clear_error():
    token = encrypt_key(SecretStr("AIzaSy-real-looking-key-123456"), secret=b"service-secret")
    assert "AIzaSy" not in token
    assert decrypt_key(token, secret=b"service-secret").get_secret_value() == "AIzaSy-real-looking-key-123456"
    with pytest.raises(KeyUnreadable, match="enter it again"):
        decrypt_key(token, secret=b"another-secret")
    with pytest.raises(KeyUnreadable):
        decrypt_key(token[:-4] + "AAAA", secret=b"service-secret")
    assert key_hint("sk-proj-abcdefghijklmnop") == "…mnop" and key_hint("short") == "****"


def test_the_service_secret_is_the_default_encryption_key(monkeypatch, tmp_path):
    from routix.config import get_settings

    monkeypatch.setenv("ROUTIX_SECRET_KEY", "a-very-secret-service-key")
    get_settings.cache_clear()
    try:
        token = encrypt_key("sk-live-key")
        assert decrypt_key(token, secret=b"a-very-secret-service-key").get_secret_value() == "sk-live-key"
    finally:
        get_settings.cache_clear()


def test_explicit_keys_win_over_the_environment(monkeypatch):
    from routix.config import get_settings

    monkeypatch.setenv("ROUTIX_OPENAI_API_KEY", "sk-from-env")
    get_settings.cache_clear()
    try:
        assert provider_key("openai") == "sk-from-env"
        assert provider_key("openai", {"openai": SecretStr(" sk-admin ")}) == "sk-admin"
        assert provider_key("openai", {"openai": "  "}) == "sk-from-env"  # blank admin value: env key
    finally:
        get_settings.cache_clear()


def test_keys_echoed_in_provider_errors_are_redacted():
    h = mocks.Harness(retry_attempts=1)
    key = mocks.KEYS["gemini"]
    echo = {"error": {"code": 400, "message": f"API key not valid: {key}", "status": "INVALID_ARGUMENT"}}
    design, assets = mocks.design()
    with respx.mock(assert_all_mocked=True) as http:
        http.post(url__regex=mocks.GEMINI_URL.pattern).mock(return_value=httpx.Response(400, json=echo))
        h.algorithm("v1").fill_background(design, mocks.brief(), seed=1, assets=assets)
    dumped = str(h.recorder.to_dict())
    assert key not in dumped and "****" in dumped
    assert h.recorder.fallbacks == ["made with Lightning because Gemini rejected the request"]
