"""What the chat and the admin listing say about each algorithm: ``runs_as`` when its provider
has no key (the selector charges Lightning's credits), measured times, names of chats."""

from __future__ import annotations

from fixtures.providers import mocks
from routix.chat import phrases
from routix.chat.options import algorithm_options, measured_range
from routix.config import get_settings
from routix.providers import get_provider_settings


def _reset_settings() -> None:
    get_settings.cache_clear()
    get_provider_settings.reset()


def test_an_algorithm_without_a_key_runs_as_lightning_and_says_so(services, monkeypatch):
    monkeypatch.delenv("ROUTIX_GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("ROUTIX_OPENAI_API_KEY", raising=False)
    _reset_settings()
    try:
        with services.db.session() as session:
            keyless = {o["name"]: o for o in algorithm_options(session)}
        monkeypatch.setenv("ROUTIX_GEMINI_API_KEY", mocks.KEYS["gemini"])
        _reset_settings()
        with services.db.session() as session:
            keyed = {o["name"]: o for o in algorithm_options(session)}
    finally:
        monkeypatch.undo()
        _reset_settings()
    assert keyless["lightning"]["runs_as"] is None
    assert keyless["v1"]["runs_as"] == {"name": "lightning", "display_name": "Routix Lightning", "credit_cost": 1}
    assert keyless["pro"]["runs_as"]["name"] == "lightning"
    # ...and takes Lightning's time, not a painted one's
    assert keyless["v1"]["estimated_seconds"] == keyless["lightning"]["estimated_seconds"]
    assert keyed["v1"]["estimated_seconds"] != keyed["lightning"]["estimated_seconds"]
    # with a Gemini key v1 runs itself, and Pro's chain (OpenAI -> Gemini) can paint too
    assert keyed["v1"]["runs_as"] is None and keyed["pro"]["runs_as"] is None
    # the seeded "About a second." is not offered next to a time pill
    assert "second" not in keyless["lightning"]["description"]


def test_the_admin_listing_marks_an_unconfigured_provider(client, make_admin, monkeypatch):
    monkeypatch.delenv("ROUTIX_GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("ROUTIX_OPENAI_API_KEY", raising=False)
    _reset_settings()
    try:
        items = client.get("/api/v1/admin/algorithms", headers=make_admin().headers).json()["items"]
    finally:
        monkeypatch.undo()
        _reset_settings()
    runs_as = {item["name"]: item["runs_as"] for item in items}
    assert runs_as == {"lightning": None, "v1": "lightning", "pro": "lightning"}


def test_measured_range_needs_three_runs():
    assert measured_range([2.0, 3.94]) is None
    assert measured_range([2.04, 3.94, 2.5]) == [2.0, 3.9]


def test_chats_are_named_from_the_title_or_the_request_without_it():
    assert phrases.chat_title('Gaming thumbnail with explosions, title "Boss Fight"', "Boss Fight") == "Boss Fight"
    request = 'Gaming thumbnail with explosions, title "Boss Fight"'
    assert phrases.chat_title(request) == "Gaming thumbnail with explosions"
    assert phrases.chat_title("   ", None, "gaming") == "Gaming thumbnail"
