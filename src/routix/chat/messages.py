"""The chat's message types: a documented, validated set with one JSON payload schema each.

A message is ``{role, type, content, metadata}`` (the chat API's ``Message``). ``content`` is the
human-readable text (always present, so a client that knows no types can still show it);
``metadata`` is the type's structured payload, validated by the model in ``PAYLOADS``:

====================  =========  ==============================================================
type                  sent by    metadata payload
====================  =========  ==============================================================
text                  both       ``{}`` (the text is ``content``)
intent                assistant  the analysed request: prompt, category, mood, energy (1..10),
                                 style, elements, title, format (never any template info)
algorithm_select      assistant  ``options``: the active algorithms (id, name, display_name,
                                 description, credit_cost, estimated_seconds, is_default)
algorithm_selection   user       the user's choice: ``algorithm`` (name) and/or ``algorithm_id``
upload_request        assistant  ``kinds`` (subset of face, logo) and ``optional`` (bool)
file_upload           user       ``asset_id`` (an asset the user uploaded), ``kind`` (face|logo)
                                 and optionally the ``role`` it plays (and ``mode`` for a reference)
generation_progress   assistant  ``request_id`` plus the job's status, stage, progress (0..100)
                                 and message; a UI updates it live from ``generation:*`` events
thumbnail_result      assistant  ``request_id``, signed URLs (thumbnail JPEG/PNG, cover, PSD,
                                 design, quality, variants), quality summary, algorithm used,
                                 notes, opaque ``template_ref``
error                 assistant  ``code``, ``retry_possible``, optional ``request_id``
====================  =========  ==============================================================

Every user type may also carry the composer's choices, ``style_preset`` and ``brand_kit_id``
(:class:`ComposerChoices`): they hold for the conversation's next generations until changed.

``validate_payload(type, metadata, role=...)`` is the one validator for user input (only
``USER_TYPES``) and assistant output; it raises ``routix.errors.InvalidInput`` (422).
``payload_schemas()`` gives the JSON Schema of every type (served at
``GET /api/v1/chat/message-types``).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from routix.errors import InvalidInput
from routix.generate.presets import PRESETS

Role = Literal["user", "assistant", "system"]
UploadKind = Literal["face", "logo"]
InputRole = Literal["person", "object", "logo", "scene", "reference"]
ReferenceMode = Literal["style_only", "style_and_composition"]
ResultAction = Literal["download", "regenerate", "more_variants"]


def _every_upload_kind() -> list[UploadKind]:
    return ["face", "logo"]


def _every_result_action() -> list[ResultAction]:
    return ["download", "regenerate", "more_variants"]


class Payload(BaseModel):
    """Base of every payload: unknown keys are an error (a typo is not silently dropped)."""

    model_config = ConfigDict(extra="forbid")


class ComposerChoices(Payload):
    """What a user message may carry besides its own fields: the composer's ``style_preset``
    (a preset name, ``GET /api/v1/presets``) and ``brand_kit_id`` (one of the user's kits).
    Given on any user message, they apply to the generations the conversation starts from
    then on; ``null`` clears one, an absent key leaves it as it was. The keys named in
    ``_OPTIONAL`` are left out of the stored payload when not given."""

    _OPTIONAL: ClassVar[tuple[str, ...]] = ("style_preset", "brand_kit_id")

    style_preset: str | None = Field(default=None, max_length=100,
                                     description="a style preset's name; null = no preset")
    brand_kit_id: uuid.UUID | None = Field(default=None, description="one of your brand kits; null = no kit")

    @field_validator("style_preset")
    @classmethod
    def _known_preset(cls, value: str | None) -> str | None:
        if value is not None and value not in PRESETS:
            raise ValueError(f"unknown style preset {value!r}; see GET /api/v1/presets")
        return value

    @model_serializer(mode="wrap")
    def _omit_unsent(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        for key in self._OPTIONAL:
            if key not in self.model_fields_set:
                data.pop(key, None)
        return data


class TextPayload(ComposerChoices):
    """A plain message; its text is the message ``content``. A user's follow-up may name the
    result card it was sent from (``version_id``: that version is edited or regenerated
    instead of the latest); it is left out of the stored payload when not given."""

    _OPTIONAL: ClassVar[tuple[str, ...]] = ("version_id", *ComposerChoices._OPTIONAL)

    version_id: uuid.UUID | None = Field(default=None, description="the version (generation id) this message is about")

    @model_serializer(mode="wrap")
    def _omit_unsent(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        if data.get("version_id") is None:
            data.pop("version_id", None)
        for key in ComposerChoices._OPTIONAL:
            if key not in self.model_fields_set:
                data.pop(key, None)
        return data


class IntentPayload(Payload):
    """What the assistant understood (routix.brief.Brief without internals). ``energy`` 1..10."""

    prompt: str = Field(min_length=1, max_length=2000)
    category: str
    mood: str
    energy: int = Field(ge=1, le=10)
    style: str
    elements: list[str] = Field(default_factory=list, description="visual elements, e.g. explosions")
    title: str | None = Field(default=None, max_length=200)
    format: Literal["youtube", "podcast"] = "youtube"
    title_suggestions: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=5,
        description="titles offered when the request carries none (used only when the user picks one)")


class RunsAs(Payload):
    """The algorithm a selection really runs as (and is charged as) while its provider has no key."""

    name: str
    display_name: str
    credit_cost: int = Field(ge=0)


class AlgorithmOption(Payload):
    """One selectable "Routix version" (a row of ``generation_algorithms``)."""

    id: uuid.UUID
    name: str
    display_name: str
    description: str = ""
    credit_cost: int = Field(ge=0, description="credits one generation costs")
    estimated_seconds: float = Field(gt=0, description="typical time to a finished thumbnail, seconds")
    estimated_cost_usd: float = Field(default=0.0, ge=0, description="most it may cost in provider fees, US dollars")
    is_default: bool = False
    measured_seconds: list[float] | None = Field(
        default=None, min_length=2, max_length=2,
        description="[fastest, slowest] seconds of its recent generations here (None before any)")
    runs_as: RunsAs | None = Field(default=None, description="set when its provider is not configured")


class AlgorithmSelectPayload(Payload):
    options: list[AlgorithmOption] = Field(min_length=1)


class AlgorithmSelectionPayload(ComposerChoices):
    """The user's choice: the algorithm's ``name`` (e.g. ``lightning``) or its ``algorithm_id``."""

    algorithm: str | None = Field(default=None, min_length=1, max_length=100)
    algorithm_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _one_given(self) -> AlgorithmSelectionPayload:
        if self.algorithm is None and self.algorithm_id is None:
            raise ValueError("give 'algorithm' (a name such as 'lightning') or 'algorithm_id'")
        return self


class UploadRequestPayload(Payload):
    kinds: list[UploadKind] = Field(default_factory=_every_upload_kind, min_length=1)
    optional: bool = True


class FileUploadPayload(ComposerChoices):
    """An uploaded asset (``POST /api/v1/assets``) for the next generation. Without ``role``
    it is the face photo (role guessed from the image) or the logo, by ``kind``; with one it
    plays that role: ``person``, ``object``, ``logo``, ``scene`` or ``reference`` (``mode``
    ``style_only``, the default, or ``style_and_composition``). Posting the same asset again
    replaces its earlier role."""

    _OPTIONAL: ClassVar[tuple[str, ...]] = ("role", "mode", *ComposerChoices._OPTIONAL)

    asset_id: uuid.UUID
    kind: UploadKind = "face"
    role: InputRole | None = Field(default=None, description="the role it plays; null = guessed (or the logo)")
    mode: ReferenceMode | None = Field(default=None, description="references only")

    @model_validator(mode="after")
    def _mode_for_references(self) -> FileUploadPayload:
        if self.mode is not None and self.role != "reference":
            raise ValueError("mode is only for role reference")
        return self


class GenerationProgressPayload(Payload):
    """A running generation. The stored values are a snapshot; views show the row's current state."""

    request_id: uuid.UUID
    status: str = "pending"
    stage: str = "pending"
    progress: int = Field(default=0, ge=0, le=100, description="percent")
    message: str = ""
    algorithm: str | None = None
    variants: int = Field(default=0, ge=0)


class QualitySummary(Payload):
    """The quality report in brief: verdict, title contrast (WCAG ratio 1..21), failed checks."""

    passed: bool
    contrast_ratio: float | None = None
    legible_at_small: bool | None = None
    failures: list[str] = Field(default_factory=list, description="messages of failed checks")


class ThumbnailResultPayload(Payload):
    """A finished generation. URLs are signed and expire; they are filled in when the message is
    read, so a stored message never carries a stale link (``None`` when not produced)."""

    request_id: uuid.UUID
    algorithm_used: str = Field(description="the algorithm that made it ('lightning' after a fallback)")
    algorithm_name: str | None = Field(default=None, max_length=100, description="its display name")
    algorithm_requested: str | None = Field(default=None, max_length=100, description="the algorithm chosen")
    thumbnail_url: str | None = Field(default=None, description="1280x720 JPEG")
    thumbnail_png_url: str | None = Field(default=None, description="1280x720 PNG")
    cover_url: str | None = Field(default=None, description="3000x3000 JPEG")
    psd_url: str | None = Field(default=None, description="layered PSD")
    psd_square_url: str | None = Field(default=None, description="layered PSD of the 1:1 layout")
    design_url: str | None = Field(default=None, description="the design document (JSON)")
    quality_url: str | None = Field(default=None, description="the full quality report (JSON)")
    variant_urls: list[str] = Field(default_factory=list)
    variant_png_urls: list[str | None] = Field(default_factory=list,
                                               description="PNG of each variant (None: JPEG only)")
    variants: int = Field(default=0, ge=0, description="number of variants made")
    quality: QualitySummary | None = None
    notes: list[str] = Field(default_factory=list)
    processing_time: float | None = Field(default=None, ge=0, description="seconds")
    template_ref: str | None = Field(default=None, description="opaque reference, never a template id")
    actions: list[ResultAction] = Field(default_factory=_every_result_action)


class ErrorPayload(Payload):
    code: str = Field(min_length=1, max_length=100)
    retry_possible: bool = False
    request_id: uuid.UUID | None = None


#: Every message type and its payload model, in flow order.
PAYLOADS: dict[str, type[Payload]] = {
    "text": TextPayload,
    "intent": IntentPayload,
    "algorithm_select": AlgorithmSelectPayload,
    "algorithm_selection": AlgorithmSelectionPayload,
    "upload_request": UploadRequestPayload,
    "file_upload": FileUploadPayload,
    "generation_progress": GenerationProgressPayload,
    "thumbnail_result": ThumbnailResultPayload,
    "error": ErrorPayload,
}
MESSAGE_TYPES: tuple[str, ...] = tuple(PAYLOADS)
#: Types a user may send (the chat API's ``enum: [text, file_upload, algorithm_selection]``).
USER_TYPES: tuple[str, ...] = ("text", "file_upload", "algorithm_selection")
#: Types the assistant posts.
ASSISTANT_TYPES: tuple[str, ...] = tuple(t for t in MESSAGE_TYPES if t not in ("file_upload", "algorithm_selection"))


def validate_payload(type_: str, metadata: dict[str, Any] | None, *, role: Role = "user") -> dict[str, Any]:
    """The validated payload of a ``type_`` message as plain JSON data (UUIDs as strings).

    ``role="user"`` accepts only ``USER_TYPES``; the assistant only ``ASSISTANT_TYPES``.
    Raises InvalidInput (422) for an unknown or disallowed type or a payload that does not
    match the type's schema (the message names the first wrong field).
    """
    allowed = USER_TYPES if role == "user" else ASSISTANT_TYPES
    if type_ not in allowed:
        raise InvalidInput(f"message type {type_!r} cannot be sent by the {role}; use one of {list(allowed)}",
                           code="invalid_message_type")
    try:
        model = PAYLOADS[type_].model_validate(metadata or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "metadata"
        raise InvalidInput(f"metadata.{where}: {first['msg']} (type {type_!r})",
                           code="invalid_message_metadata") from None
    return model.model_dump(mode="json", exclude_none=False)


def payload_schemas() -> dict[str, Any]:
    """``{type: {"sent_by": [...], "schema": JSON Schema of its metadata}}`` for clients and docs."""
    out: dict[str, Any] = {}
    for name, model in PAYLOADS.items():
        roles = [r for r, types in (("user", USER_TYPES), ("assistant", ASSISTANT_TYPES)) if name in types]
        out[name] = {"sent_by": roles, "description": (model.__doc__ or "").strip(),
                     "schema": model.model_json_schema()}
    return out


__all__ = [
    "ASSISTANT_TYPES", "MESSAGE_TYPES", "PAYLOADS", "USER_TYPES", "AlgorithmOption", "AlgorithmSelectPayload",
    "AlgorithmSelectionPayload", "ComposerChoices", "ErrorPayload", "FileUploadPayload", "GenerationProgressPayload",
    "IntentPayload",
    "QualitySummary", "TextPayload", "ThumbnailResultPayload", "UploadRequestPayload", "payload_schemas",
    "validate_payload",
]
