"""The ``config`` of a generation algorithm ("Routix Version"), validated per ``ai_provider``.

What each provider's config may hold is exactly what the provider code reads
(:mod:`routix.providers`):

* ``local`` (:class:`LocalConfig`): Lightning options, ``motifs`` (restrict the procedural art
  to these :data:`routix.render.art.MOTIFS`) and ``intensity`` (0..1, fixed art intensity
  instead of the brief's energy).
* ``gemini`` / ``openai`` (:class:`GeminiConfig`, :class:`OpenAIConfig`): the image model of
  the algorithm's first step, as a :class:`routix.providers.settings.ImageModel` (``model`` id,
  ``size``, Gemini ``aspect_ratio`` / OpenAI ``quality``, ``max_reference_images``); ``chain``,
  the fallback steps after it (names of ``ProviderSettings.image_models`` or ``"lightning"``);
  and an optional ``api_key`` for the provider.

API keys are write-only: stored as a Fernet token (:func:`routix.providers.secrets.encrypt_key`)
under ``api_key_encrypted`` with a hint (``…wxyz``); :func:`public_config` drops the token and
says ``api_key_set``. :func:`runtime_overrides` turns a stored config into the
``(ProviderSettings, keys)`` that :func:`routix.providers.build_algorithm` takes.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from routix.algorithms import repository
from routix.errors import InvalidInput
from routix.providers.secrets import decrypt_key, encrypt_key, key_hint
from routix.providers.settings import LOCAL_STEP, ImageModel, ProviderSettings, get_provider_settings
from routix.services import Services

PROVIDERS = ("local", "gemini", "openai")
SECRET_FIELDS = ("api_key_encrypted",)
_OPENAI_SIZE = re.compile(r"^(auto|\d{3,4}x\d{3,4})$")


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LocalConfig(_Config):
    """Lightning (local procedural art) options."""

    motifs: list[str] | None = Field(default=None, min_length=1, description="allowed motifs; default all")
    intensity: float | None = Field(default=None, ge=0.0, le=1.0, description="fixed art intensity 0..1")

    @field_validator("motifs")
    @classmethod
    def _known_motifs(cls, value: list[str] | None) -> list[str] | None:
        from routix.render.art import MOTIFS  # the art painters load cv2: only when motifs are given

        unknown = [m for m in value or [] if m not in MOTIFS]
        if unknown:
            raise ValueError(f"unknown motifs {unknown}; known: {sorted(MOTIFS)}")
        return value


class _ProviderConfig(_Config):
    """Shared by the paid providers. ``api_key``: plain key in a request (write-only)."""

    model: str | None = Field(default=None, min_length=1, max_length=100, description="image model id")
    size: str | None = Field(default=None, min_length=1, max_length=20)
    max_reference_images: int | None = Field(default=None, ge=0, le=16)
    chain: list[str] | None = Field(default=None, max_length=6, description="fallback steps after this provider")
    api_key: SecretStr | None = Field(default=None, description="write-only; stored encrypted")

    @field_validator("chain")
    @classmethod
    def _known_steps(cls, value: list[str] | None) -> list[str] | None:
        known = get_provider_settings().image_models
        unknown = [s for s in value or [] if s != LOCAL_STEP and s not in known]
        if unknown:
            raise ValueError(f"unknown chain steps {unknown}; known: {sorted([*known, LOCAL_STEP])}")
        return value

    @field_validator("api_key")
    @classmethod
    def _plausible_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value() and len(value.get_secret_value().strip()) < 8:
            raise ValueError("an API key is at least 8 characters")
        return value


class GeminiConfig(_ProviderConfig):
    """Gemini image model: ``size`` "1K" | "2K" | "4K", ``aspect_ratio`` like "16:9"."""

    size: Literal["1K", "2K", "4K"] | None = None
    aspect_ratio: str | None = Field(default=None, pattern=r"^\d{1,2}:\d{1,2}$")


class OpenAIConfig(_ProviderConfig):
    """OpenAI image model: ``size`` "WIDTHxHEIGHT" (or "auto"), ``quality``."""

    quality: Literal["low", "medium", "high", "auto"] | None = None

    @field_validator("size")
    @classmethod
    def _size(cls, value: str | None) -> str | None:
        if value is not None and not _OPENAI_SIZE.match(value):
            raise ValueError("size is WIDTHxHEIGHT, e.g. 1536x864 (or auto)")
        return value

    @model_validator(mode="after")
    def _multiple_of_16(self) -> OpenAIConfig:
        if self.size and self.size != "auto" and any(int(v) % 16 for v in self.size.split("x")):
            raise ValueError("OpenAI image sizes are multiples of 16 px")
        return self


CONFIG_MODELS: dict[str, type[_Config]] = {"local": LocalConfig, "gemini": GeminiConfig, "openai": OpenAIConfig}


def validate_config(provider: str, raw: dict[str, Any] | None, *, previous: dict[str, Any] | None = None,
                    secret: bytes | None = None) -> dict[str, Any]:
    """The config to store for ``provider``: ``raw`` validated by the provider's model, with a
    given ``api_key`` encrypted (``api_key_encrypted`` + ``api_key_hint``), an omitted one kept
    from ``previous`` (same provider only), and ``api_key: null`` or ``""`` clearing it.

    Raises InvalidInput (422) for an unknown provider or an invalid config (the message names
    the field, never the key's value).
    """
    if provider not in CONFIG_MODELS:
        raise InvalidInput(f"unknown ai_provider {provider!r}; choose one of {list(PROVIDERS)}",
                           code="unknown_provider")
    raw = dict(raw or {})
    for name in (*SECRET_FIELDS, "api_key_hint", "api_key_set"):
        raw.pop(name, None)  # echoed read-only fields are ignored, never trusted
    try:
        parsed = CONFIG_MODELS[provider].model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "config"
        raise InvalidInput(f"config.{where}: {first.get('msg', 'invalid')}", code="invalid_config") from None
    stored = parsed.model_dump(exclude_none=True, exclude={"api_key"})
    if not isinstance(parsed, _ProviderConfig):  # local: no key
        return stored
    if "api_key" in parsed.model_fields_set:
        key = parsed.api_key.get_secret_value().strip() if parsed.api_key is not None else ""
        if key:
            stored["api_key_encrypted"] = encrypt_key(key, secret=secret)
            stored["api_key_hint"] = key_hint(key)
    elif previous and previous.get("api_key_encrypted"):
        stored["api_key_encrypted"] = previous["api_key_encrypted"]
        stored["api_key_hint"] = previous.get("api_key_hint", "****")
    return stored


def public_config(config: dict[str, Any] | None) -> dict[str, Any]:
    """``config`` as an admin may see it: no key token, ``api_key_set`` and ``api_key_hint``."""
    out = {k: v for k, v in (config or {}).items() if k not in SECRET_FIELDS}
    if "api_key_encrypted" in (config or {}) or "api_key_hint" in out:
        out["api_key_set"] = bool((config or {}).get("api_key_encrypted"))
    return out


#: Config fields that describe the algorithm's own image model (an ImageModel's fields).
MODEL_FIELDS = ("model", "size", "aspect_ratio", "quality", "max_reference_images")
DEFAULT_SIZE = {"gemini": "1K", "openai": "1536x864"}


def runtime_overrides(name: str, provider: str, config: dict[str, Any] | None, *,
                      settings: ProviderSettings | None = None, secret: bytes | None = None
                      ) -> tuple[ProviderSettings, dict[str, Any]]:
    """``(ProviderSettings, keys)`` for :func:`routix.providers.build_algorithm` (``name``).

    The configured model fields override the chain's first ``provider`` step (or, with a
    ``model``, make a new one) as step ``<name>_model`` at the head of chain ``name``, followed
    by ``config.chain`` (default: the rest of the settings' chain, else ``["lightning"]``).
    ``keys`` holds the decrypted API key. A ``local`` algorithm gets a one-step local chain (even
    under the name of a provider chain such as "v1": it never calls a provider); Lightning, or a
    provider config with neither model fields nor a chain, returns ``settings`` unchanged.
    Raises KeyUnreadable for a key token the current secret cannot decrypt, pydantic
    ValidationError for an impossible model.
    """
    settings = settings or get_provider_settings()
    config = config or {}
    keys: dict[str, Any] = {}
    if provider == "local":  # Lightning under another name ("calm"): a one-step local chain
        if name == LOCAL_STEP or settings.chains.get(name) == [LOCAL_STEP]:
            return settings, keys
        return settings.model_copy(update={"chains": {**settings.chains, name: [LOCAL_STEP]}}), keys
    if config.get("api_key_encrypted"):
        keys[provider] = decrypt_key(config["api_key_encrypted"], secret=secret)
    fields = {k: config[k] for k in MODEL_FIELDS if k in config}
    if not fields and "chain" not in config:
        return settings, keys
    current = settings.chains.get(name, [])
    base_step = next((s for s in current if s != LOCAL_STEP and settings.image_models[s].provider == provider), None)
    models, head = dict(settings.image_models), []
    if base_step is not None or "model" in fields:
        base = settings.image_models[base_step].model_dump() if base_step else {"size": DEFAULT_SIZE[provider]}
        head = [f"{name}_model"]
        models[head[0]] = ImageModel(**{**base, **fields, "provider": provider})
    tail = config.get("chain") or [s for s in current if s != base_step] or [LOCAL_STEP]
    chains = {**settings.chains, name: [*head, *tail]}
    return settings.model_copy(update={"image_models": models, "chains": chains}), keys


def check_runnable(name: str, provider: str, config: dict[str, Any]) -> None:
    """Raise InvalidInput unless the provider code can build algorithm ``name`` from ``config``
    (a provider algorithm needs a ``model`` or a chain in the settings/config; the image model
    must be a valid ImageModel). Keys are not decrypted here."""
    try:
        settings, _ = runtime_overrides(name, provider, {k: v for k, v in config.items() if k not in SECRET_FIELDS})
    except ValidationError as exc:
        raise InvalidInput(f"config: {exc.errors()[0].get('msg', 'invalid image model')}",
                           code="invalid_config") from None
    if name != LOCAL_STEP and name not in settings.chains:
        raise InvalidInput(f"config.model: a {provider} algorithm named {name!r} needs an image model "
                           "(or a chain in ROUTIX_PROVIDERS_CHAINS)", code="invalid_config")


def local_config(services: Services, name: str) -> LocalConfig | None:
    """The :class:`LocalConfig` of algorithm ``name`` when it is a ``local`` one (Lightning, or
    Lightning under another name), else None (a provider algorithm, or no such row: then the
    provider settings decide)."""
    with services.db.session() as session:
        row = repository.get_algorithm_by_name(session, name)
        if row is None or row.ai_provider != "local":
            return None
        return LocalConfig.model_validate(dict(row.config or {}))


def algorithm_runtime(services: Services, name: str) -> tuple[ProviderSettings, dict[str, Any]]:
    """``(ProviderSettings, keys)`` for the job executor: the stored config of algorithm
    ``name`` applied with :func:`runtime_overrides` (the process settings when the row is gone)."""
    with services.db.session() as session:
        row = repository.get_algorithm_by_name(session, name)
        provider, config = (row.ai_provider, dict(row.config or {})) if row is not None else ("local", {})
    return runtime_overrides(name, provider, config, secret=services.settings.secret())


__all__ = ["CONFIG_MODELS", "GeminiConfig", "LocalConfig", "OpenAIConfig", "PROVIDERS", "algorithm_runtime",
           "check_runnable", "local_config", "public_config", "runtime_overrides", "validate_config"]
