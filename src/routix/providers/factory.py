"""What the service calls: build an algorithm or a planner for one generation, estimate its cost.

Keys: ``keys`` maps a provider ("gemini", "openai") to a key from the admin's algorithm config
(decrypted with :func:`routix.providers.secrets.decrypt_key`); a provider missing there uses
``ROUTIX_GEMINI_API_KEY`` / ``ROUTIX_OPENAI_API_KEY``. A provider with no key is skipped and the
chain says so ("made with Lightning because Gemini is not configured").

Breakers are process-wide (one per provider) unless ``breakers`` is given; ``sleep`` is what the
retry backoff waits with (tests pass a no-op).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from pydantic import SecretStr

from routix.brief import get_planner
from routix.brief.models import Planner
from routix.config import get_settings
from routix.errors import InvalidInput
from routix.generate.ports import Designer, OfflineDesigner
from routix.providers.algorithms import ProviderAlgorithm, Step
from routix.providers.budget import BudgetGuard
from routix.providers.calls import Meter
from routix.providers.resilience import Breakers, Resilience, default_breakers
from routix.providers.settings import (
    LOCAL_STEP,
    ImageModel,
    PlannerProvider,
    ProviderSettings,
    get_provider_settings,
)
from routix.providers.usage import Tokens, UsageRecorder

#: Tokens assumed for an image prompt and for one reference image when estimating, per call.
PROMPT_TOKENS, REFERENCE_TOKENS = 500, 1120

Keys = Mapping[str, "str | SecretStr | None"]


def provider_key(provider: str, keys: Keys | None = None) -> str | None:
    """The key for ``provider``: ``keys[provider]`` when given and not blank, else the env key."""

    for value in ((keys or {}).get(provider), getattr(get_settings(), f"{provider}_api_key", None)):
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if value and value.strip():
            return value.strip()
    return None


def step_estimate(spec: ImageModel, settings: ProviderSettings, references: int = 0) -> float:
    """Estimated US dollars of one image from ``spec``: the documented per-image price plus the
    prompt and ``references`` reference images as input tokens."""
    tokens = Tokens(text_input=PROMPT_TOKENS, image_input=references * REFERENCE_TOKENS)
    return settings.price(spec.model).per_image + tokens.cost(settings.price(spec.model))


def estimate_cost(name: str, *, settings: ProviderSettings | None = None, references: int = 0) -> float:
    """Most a generation with algorithm ``name`` should cost (US dollars): the dearest paid step
    of its chain (failed calls are not billed, so one image is paid at most). "lightning" -> 0.

    Raises InvalidInput for an unknown algorithm.
    """
    settings = settings or get_provider_settings()
    if name == LOCAL_STEP:
        return 0.0
    steps = _chain(name, settings)
    paid = [step_estimate(settings.image_models[s], settings, references) for s in steps if s != LOCAL_STEP]
    return round(max(paid, default=0.0), 6)


def algorithm_names(settings: ProviderSettings | None = None) -> list[str]:
    """Every algorithm the factory builds: "lightning" plus the configured chains."""
    return [LOCAL_STEP, *(settings or get_provider_settings()).chains]


def _chain(name: str, settings: ProviderSettings) -> list[str]:
    try:
        return settings.chains[name]
    except KeyError:
        raise InvalidInput(f"unknown algorithm {name!r}; choose one of {algorithm_names(settings)}") from None


def _context(settings, keys, breakers, sleep):
    from routix.providers.clients import timeout_of

    breakers = breakers or default_breakers(settings)
    resilience = Resilience.from_settings(settings, breakers, sleep=sleep)
    secrets = tuple(k for k in (provider_key("gemini", keys), provider_key("openai", keys)) if k)
    return timeout_of(settings), resilience, secrets


def _client(provider: str, key: str, timeout: float):
    from routix.providers.clients import gemini_client, openai_client

    return (gemini_client if provider == "gemini" else openai_client)(key, timeout)


def build_algorithm(
    name: str, *, recorder: UsageRecorder, budget: BudgetGuard, user_id: str | None,
    settings: ProviderSettings | None = None, keys: Keys | None = None,
    breakers: Breakers | None = None, sleep: Callable[[float], None] = time.sleep,
) -> ProviderAlgorithm:
    """The Algorithm for ``name`` ("lightning", "v1", "pro", or any configured chain).

    Raises InvalidInput for an unknown name. Building makes no network call.
    """
    from routix.providers.gemini import GeminiImages
    from routix.providers.openai_images import OpenAIImages

    settings = settings or get_provider_settings()
    chain = [LOCAL_STEP] if name == LOCAL_STEP else _chain(name, settings)
    timeout, resilience, secrets = _context(settings, keys, breakers, sleep)
    clients: dict[str, object] = {}
    steps: list[Step] = []
    for step_name in chain:
        if step_name == LOCAL_STEP:
            steps.append(Step(None))
            continue
        spec = settings.image_models[step_name]
        key = provider_key(spec.provider, keys)
        if key is None:
            steps.append(Step(spec))
            continue
        if spec.provider not in clients:
            clients[spec.provider] = _client(spec.provider, key, timeout)
        meter = Meter(recorder, spec.provider, spec.model, "image", settings.price(spec.model), secrets)
        adapter = GeminiImages if spec.provider == "gemini" else OpenAIImages
        painter = adapter(
            spec, client=clients[spec.provider], meter=meter, resilience=resilience,
            on_cost=lambda cost: budget.record(user_id, cost),
        )
        reference_usd = Tokens(image_input=REFERENCE_TOKENS).cost(settings.price(spec.model))
        steps.append(Step(spec, painter, step_estimate(spec, settings), reference_usd))
    return ProviderAlgorithm(
        name, steps, recorder=recorder, budget=budget, user_id=user_id,
        reference_max_side=settings.reference_max_side,
    )


def _json_model(provider: PlannerProvider, key: str, *, settings: ProviderSettings, keys: Keys | None,
                breakers: Breakers | None, sleep: Callable[[float], None], recorder: UsageRecorder,
                budget: BudgetGuard, user_id: str | None):
    """The structured-output adapter for ``provider``'s planner model (called with ``key``) and
    that model's price."""
    from routix.providers.structured import GeminiJson, OpenAIJson

    model = settings.planner_models[provider]
    timeout, resilience, secrets = _context(settings, keys, breakers, sleep)
    price = settings.price(model)
    adapter = GeminiJson if provider == "gemini" else OpenAIJson
    llm = adapter(
        model, client=_client(provider, key, timeout),
        meter=Meter(recorder, provider, model, "text", price, secrets), resilience=resilience,
        on_cost=lambda cost: budget.record(user_id, cost), max_tokens=settings.planner_max_output_tokens,
    )
    return llm, price


def _text_provider(name: str, settings: ProviderSettings, keys: Keys | None) -> tuple[PlannerProvider, str] | None:
    """The provider a planner/designer ``name`` resolves to and its key ("auto": the first of
    ``planner_order`` with a key), or None for offline. Raises InvalidInput for unknown names."""
    if name not in ("auto", "offline", *settings.planner_models):
        raise InvalidInput(f"unknown planner {name!r}; choose auto, offline, gemini or openai")
    order = settings.planner_order if name == "auto" else [p for p in settings.planner_models if p == name]
    for provider in order:
        key = provider_key(provider, keys) if provider in settings.planner_models else None
        if key:
            return provider, key
    return None


def build_planner(
    name: str = "auto", *, recorder: UsageRecorder, budget: BudgetGuard, user_id: str | None,
    settings: ProviderSettings | None = None, keys: Keys | None = None, fallback: Planner | None = None,
    breakers: Breakers | None = None, sleep: Callable[[float], None] = time.sleep,
) -> Planner:
    """A planner: "offline", "gemini", "openai", or "auto" (the first provider of
    ``planner_order`` that has a key, else offline). A named provider without a key gives the
    offline planner. ``fallback`` defaults to the process-wide offline planner.
    """
    from routix.providers.planners import (
        TYPICAL_INPUT_TOKENS,
        TYPICAL_OUTPUT_TOKENS,
        LLMPlanner,
    )

    settings = settings or get_provider_settings()
    fallback = fallback or get_planner()
    chosen = _text_provider(name, settings, keys)
    if chosen is None:
        return fallback
    llm, price = _json_model(*chosen, settings=settings, keys=keys, breakers=breakers, sleep=sleep,
                             recorder=recorder, budget=budget, user_id=user_id)
    estimate = Tokens(text_input=TYPICAL_INPUT_TOKENS, text_output=TYPICAL_OUTPUT_TOKENS).cost(price)
    return LLMPlanner(llm, fallback=fallback, recorder=recorder, budget=budget, user_id=user_id, estimate_usd=estimate)


def build_designer(
    algorithm: str, *, recorder: UsageRecorder, budget: BudgetGuard, user_id: str | None, name: str = "auto",
    settings: ProviderSettings | None = None, keys: Keys | None = None,
    breakers: Breakers | None = None, sleep: Callable[[float], None] = time.sleep,
) -> Designer:
    """The designer for a generation with ``algorithm``: provider-backed algorithms (any
    configured chain, e.g. "v1", "pro") get an :class:`~routix.providers.designer.LLMDesigner`
    on the provider ``name`` resolves to, as for the planner ("auto": the first of
    ``planner_order`` with a key); "lightning", "offline" or no key give the OfflineDesigner.

    Raises InvalidInput for an unknown algorithm or name. Building makes no network call.
    """
    from routix.providers.designer import (
        TYPICAL_INPUT_TOKENS,
        TYPICAL_OUTPUT_TOKENS,
        LLMDesigner,
    )

    settings = settings or get_provider_settings()
    if algorithm == LOCAL_STEP:
        return OfflineDesigner()
    _chain(algorithm, settings)
    chosen = _text_provider(name, settings, keys)
    if chosen is None:
        return OfflineDesigner()
    llm, price = _json_model(*chosen, settings=settings, keys=keys, breakers=breakers, sleep=sleep,
                             recorder=recorder, budget=budget, user_id=user_id)
    estimate = Tokens(text_input=TYPICAL_INPUT_TOKENS, text_output=TYPICAL_OUTPUT_TOKENS).cost(price)
    return LLMDesigner(llm, recorder=recorder, budget=budget, user_id=user_id, estimate_usd=estimate)
