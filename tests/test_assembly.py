"""``routix.assembly.assemble``: the ports the CLI and the worker generate with."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from routix.assembly import PipelinePorts, assemble
from routix.brief import OfflinePlanner
from routix.config import Settings
from routix.errors import InvalidInput
from routix.generate import GenerationRequest, LightningAlgorithm, MemoryAssets, OfflineDesigner
from routix.generations.budget import DbBudget
from routix.library.search import LibraryIndex, library_index
from routix.providers import BudgetExceeded, ProviderAlgorithm
from routix.services import Services
from routix.store.models import Algorithm


class Sink:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, name: str, data: bytes, content_type: str) -> None:
        self.files[name] = data


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    data: Path = tmp_path_factory.mktemp("assembly") / "data"
    data.mkdir()
    svc = Services(Settings(data_dir=data, secret_key=SecretStr("assembly-test-secret-key-0123456789"), ocr=False,
                            database_url=None, gemini_api_key=None, openai_api_key=None))
    svc.migrate()
    yield svc
    svc.close()


@pytest.fixture(autouse=True)
def no_provider_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Provider keys come from the process settings: make sure none is set."""
    from routix.config import get_settings

    for name in ("ROUTIX_GEMINI_API_KEY", "ROUTIX_OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_without_services_the_ports_are_embedded_and_offline():
    ports = assemble(None)
    assert isinstance(ports.planner, OfflinePlanner)
    assert isinstance(ports.algorithm, LightningAlgorithm)
    assert isinstance(ports.designer, OfflineDesigner)
    assert not isinstance(ports.index, LibraryIndex)
    assert ports.index.get("podcast-studio-split").id == "podcast-studio-split"  # the starter templates
    assert ports.usage.calls == [] and ports.usage.fallbacks == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        ports.algorithm = LightningAlgorithm()  # type: ignore[misc]
    with pytest.raises(InvalidInput, match="template library"):
        assemble(None, "v1")
    with pytest.raises(InvalidInput, match="unknown algorithm 'nope'"):
        assemble(None, "nope")


def test_with_services_the_library_and_configured_algorithms_are_used(services: Services):
    ports = assemble(services, "v1")
    assert isinstance(ports, PipelinePorts)
    assert ports.index is library_index(services)
    assert isinstance(ports.algorithm, ProviderAlgorithm) and ports.algorithm.name == "v1"
    assert ports.algorithm.user_id is None and ports.algorithm.recorder is ports.usage
    assert isinstance(ports.algorithm.budget, DbBudget)
    assert isinstance(ports.designer, OfflineDesigner)  # no provider key: the template's design
    with pytest.raises(InvalidInput):
        assemble(services, "nope")

    # an algorithm the administrator added exists only in the database
    with services.db.session() as session:
        session.add(Algorithm(name="calm", display_name="Calm", ai_provider="local", config={}))
    assert assemble(services, "calm", user_id=None).algorithm.name == "calm"
    with pytest.raises(InvalidInput):
        assemble(None, "calm")


def test_a_user_less_generation_falls_back_to_lightning_and_records_it(services: Services):
    ports = assemble(services, "v1")
    result = ports.run(GenerationRequest(prompt="stock market crash explained", seed=3), assets=MemoryAssets(),
                       sink=(sink := Sink()), ocr=False)
    assert {"thumbnail.jpg", "design.json"} <= set(sink.files)
    assert result.template_id  # found through the library index
    assert ports.usage.algorithm_used == "lightning"
    assert ports.usage.fallbacks and "Lightning" in ports.usage.fallbacks[0]


def test_budgets_without_a_user_skip_the_user_cap_and_keep_the_service_cap(services: Services):
    budget = assemble(services, "v1", user_id=None).algorithm.budget  # type: ignore[attr-defined]
    budget.check(None, budget.user_daily_usd + 0.5)  # over a user's cap, under the service's: allowed
    with pytest.raises(BudgetExceeded):
        budget.check(None, budget.daily_usd + 1.0)
