"""AI providers behind Routix's ports: Gemini and OpenAI image models as generation algorithms,
Gemini and OpenAI text models as planners; retries, breakers, budgets, usage records, keys.

The service calls :func:`build_algorithm`, :func:`build_planner`, :func:`build_designer` and :func:`estimate_cost` per
generation with one :class:`UsageRecorder` and a :class:`BudgetGuard`; see docs/providers.md.
"""

from routix.providers.algorithms import ProviderAlgorithm, fallback_sentence
from routix.providers.budget import BudgetGuard, MemoryBudget
from routix.providers.errors import BudgetExceeded, ContentBlocked, ProviderUnavailable
from routix.providers.factory import (
    algorithm_names,
    build_algorithm,
    build_designer,
    build_planner,
    estimate_cost,
    provider_key,
)
from routix.providers.resilience import Breakers, CircuitBreaker
from routix.providers.secrets import decrypt_key, encrypt_key, key_hint
from routix.providers.settings import (
    ImageModel,
    Price,
    ProviderSettings,
    get_provider_settings,
)
from routix.providers.usage import ProviderCall, UsageRecorder

__all__ = [
    "Breakers", "BudgetExceeded", "BudgetGuard", "CircuitBreaker", "ContentBlocked", "ImageModel", "MemoryBudget",
    "Price", "ProviderAlgorithm", "ProviderCall", "ProviderSettings", "ProviderUnavailable", "UsageRecorder",
    "algorithm_names", "build_algorithm", "build_designer", "build_planner", "decrypt_key", "encrypt_key",
    "estimate_cost", "fallback_sentence", "get_provider_settings", "key_hint", "provider_key",
]
