"""Provider configuration: model ids, sizes, reference-image limits, prices, fallback chains.

Model ids move (providers retire models; see docs/providers.md, "Models, sizes, prices, chains"), so none is written in
code: every default lives here and every field is overridable from the environment with the
prefix ``ROUTIX_PROVIDERS_``; tables take JSON, e.g.::

    ROUTIX_PROVIDERS_CHAINS='{"v1": ["gemini_flash", "lightning"], "pro": ["openai_image", "lightning"]}'
    ROUTIX_PROVIDERS_IMAGE_MODELS='{"openai_image": {"provider": "openai", "model": "gpt-image-1.5",
                                    "size": "1536x1024", "quality": "high", "max_reference_images": 16}}'
    ROUTIX_PROVIDERS_PLANNER_MODELS='{"gemini": "gemini-3.8-flash", "openai": "gpt-5.4-mini"}'

A table given in the environment replaces the default table as a whole. Keys are not here:
they come from ``routix.config.Settings`` (``ROUTIX_GEMINI_API_KEY``, ``ROUTIX_OPENAI_API_KEY``)
or from the admin's algorithm config (see :mod:`routix.providers.secrets`).

Prices are US dollars per million tokens, from the providers' pricing pages as listed in
``PRICES_SOURCE`` on ``PRICES_DATE``; ``per_image`` is the documented per-image equivalent at
the configured size, used for estimates and when a response carries no usage block.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from routix.kit.lazy import process_singleton

PRICES_DATE = "2026-11-21"
PRICES_SOURCE = (
    "https://ai.google.dev/gemini-api/docs/pricing and https://platform.openai.com/docs/pricing "
    "(as transcribed by public price trackers; verify before budgeting)"
)

#: The name of the local algorithm at the end of every chain (free, no network).
LOCAL_STEP = "lightning"

#: The AI providers Routix calls (image models and planner/designer text models).
PlannerProvider = Literal["gemini", "openai"]


class ImageModel(BaseModel):
    """One image model a chain step calls.

    ``size``: Gemini ``image_size`` ("1K", "2K", "4K") or OpenAI ``WIDTHxHEIGHT`` ("1536x864";
    gpt-image-2 takes any multiple of 16, gpt-image-1.5 only 1024x1024/1536x1024/1024x1536).
    ``aspect_ratio`` is sent to Gemini only, ``quality`` to OpenAI only. For podcast briefs
    (a square cover is the main output) art is requested square: Gemini gets ``aspectRatio``
    "1:1" at the same ``size``; OpenAI gets ``square_size`` (default "1024x1024").
    ``max_reference_images``: most input images the model accepts (Gemini 3.x: 14; OpenAI
    edits: 16); extra subject cutouts are dropped, host first.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    provider: Literal["gemini", "openai"]
    model: str = Field(min_length=1)
    size: str = Field(min_length=1)
    aspect_ratio: str = "16:9"
    square_size: str = Field(default="1024x1024", min_length=1, description="OpenAI WIDTHxHEIGHT for square art")
    quality: Literal["low", "medium", "high", "auto"] | None = None
    max_reference_images: int = Field(default=4, ge=0, le=16)


class Price(BaseModel):
    """US dollars per 1M tokens by modality, plus ``per_image`` (dollars per generated image)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text_input: float = Field(default=0.0, ge=0)
    image_input: float = Field(default=0.0, ge=0)
    text_output: float = Field(default=0.0, ge=0)
    image_output: float = Field(default=0.0, ge=0)
    per_image: float = Field(default=0.0, ge=0)


def _image_models() -> dict[str, ImageModel]:
    return {
        "gemini_flash": ImageModel(
            provider="gemini", model="gemini-3.1-flash-image", size="1K", max_reference_images=14
        ),
        "gemini_pro": ImageModel(provider="gemini", model="gemini-3-pro-image", size="2K", max_reference_images=14),
        "openai_image": ImageModel(
            provider="openai", model="gpt-image-2", size="1536x864", quality="medium", max_reference_images=16
        ),
    }


def _prices() -> dict[str, Price]:
    return {
        "gemini-3.1-flash-image": Price(
            text_input=0.50, image_input=0.50, text_output=3.00, image_output=60.00, per_image=0.067
        ),
        "gemini-3-pro-image": Price(
            text_input=2.00, image_input=2.00, text_output=12.00, image_output=120.00, per_image=0.134
        ),
        "gpt-image-1.5": Price(
            text_input=5.00, image_input=8.00, text_output=10.00, image_output=32.00, per_image=0.05
        ),
        "gpt-image-2": Price(text_input=5.00, image_input=8.00, image_output=30.00, per_image=0.06),
        "gemini-3.8-flash": Price(text_input=0.75, image_input=0.75, text_output=3.75),
        "gpt-5.4-mini": Price(text_input=0.75, image_input=0.75, text_output=4.50),
    }


def _planner_models() -> dict[PlannerProvider, str]:
    return {"gemini": "gemini-3.8-flash", "openai": "gpt-5.4-mini"}


def _planner_order() -> list[PlannerProvider]:
    return ["gemini", "openai"]


class ProviderSettings(BaseSettings):
    """Every provider knob (see module docstring). Durations are seconds, money US dollars."""

    model_config = SettingsConfigDict(env_prefix="ROUTIX_PROVIDERS_", extra="ignore", frozen=True)

    image_models: dict[str, ImageModel] = Field(default_factory=_image_models)
    chains: dict[str, list[str]] = Field(
        default_factory=lambda: {"v1": ["gemini_flash", LOCAL_STEP], "pro": ["openai_image", "gemini_pro", LOCAL_STEP]},
        description="algorithm name -> steps (keys of image_models, or 'lightning'), first tried first",
    )
    planner_models: dict[PlannerProvider, str] = Field(default_factory=_planner_models)
    planner_order: list[PlannerProvider] = Field(
        default_factory=_planner_order, description="'auto' planner: first provider with a key"
    )
    prices: dict[str, Price] = Field(default_factory=_prices)

    timeout: float | None = Field(default=None, gt=0, description="per call; default Settings.provider_timeout")
    retry_attempts: int = Field(default=3, ge=1, le=10, description="tries per step on 429/5xx")
    retry_initial: float = Field(default=1.0, ge=0, description="first backoff wait")
    retry_max: float = Field(default=20.0, ge=0, description="longest backoff wait")
    retry_jitter: float = Field(default=1.0, ge=0, description="random extra wait, 0..jitter")
    breaker_fail_max: int = Field(default=5, ge=1, description="consecutive failures that open a breaker")
    breaker_reset: float = Field(default=60.0, gt=0, description="open breaker lets one probe through after this")
    breaker_shared: bool = Field(default=True, description="keep breaker state in Redis when ROUTIX_REDIS_URL is set")
    breaker_prefix: str = Field(
        default="routix:breaker:", min_length=1, description="Redis key prefix of shared breakers"
    )
    reference_max_side: int = Field(
        default=1024, ge=256, le=4096, description="reference images are sent at most this size, px"
    )
    planner_max_output_tokens: int = Field(default=1024, ge=128)

    @model_validator(mode="after")
    def _chains_name_known_steps(self) -> ProviderSettings:
        for name, steps in self.chains.items():
            if not steps:
                raise ValueError(f"chain {name!r} is empty")
            unknown = [s for s in steps if s != LOCAL_STEP and s not in self.image_models]
            if unknown:
                raise ValueError(f"chain {name!r} names unknown steps {unknown}; known: {sorted(self.image_models)}")
        return self

    def price(self, model: str) -> Price:
        """The price of ``model``; a model missing from the table costs 0 (and says so in the docs)."""
        return self.prices.get(model, Price())


@process_singleton
def get_provider_settings() -> ProviderSettings:
    """The process-wide provider settings (read once from the environment)."""
    return ProviderSettings()
