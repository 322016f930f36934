"""Request and response models of the OpenAI-compatible images API (OpenAI's field names).

Sizes (``size``), mapped to the nearest designed output:

==========================  ==============================================
asked                       answered
==========================  ==============================================
``1536x1024``, ``1792x1024``  1280x720 (the 16:9 thumbnail)
``1280x720``, ``auto``         1280x720
``1024x1024``                  1024x1024 (the 1:1 cover, scaled)
``3000x3000``                  3000x3000 (the 1:1 cover)
``1080x1920``, ``1024x1792``,  1080x1920 (the design's 9:16 layout, Shorts/Reels)
``1024x1536``
==========================  ==============================================

Other sizes (256x256, 512x512, ...) answer 400. ``n`` is 1 (the thumbnail) to 9 (the
thumbnail and n-1 variants; variants are designed at 16:9 only).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from routix.brief.title import MAX_TITLE_CHARS
from routix.generate.pipeline import MAX_VARIANTS
from routix.generations.params import MAX_PROMPT, MAX_SEED

#: asked size -> (width, height) answered, px
SIZES: dict[str, tuple[int, int]] = {
    "auto": (1280, 720), "1280x720": (1280, 720), "1536x1024": (1280, 720), "1792x1024": (1280, 720),
    "1024x1024": (1024, 1024), "3000x3000": (3000, 3000),
    "1080x1920": (1080, 1920), "1024x1792": (1080, 1920), "1024x1536": (1080, 1920),
}
#: Most images per request: the thumbnail and every variant.
MAX_N = MAX_VARIANTS + 1
#: Model ids are ``routix-<algorithm name>``.
MODEL_PREFIX = "routix-"

OutputFormat = Literal["png", "jpeg", "webp"]
ResponseFormat = Literal["url", "b64_json"]
Quality = Literal["auto", "low", "medium", "high", "standard", "hd"]


class ImageOptions(BaseModel):
    """What both ``/v1/images/generations`` and ``/v1/images/edits`` take (OpenAI's names).

    ``model``: ``routix-<algorithm>`` (see ``GET /v1/models``) or the bare algorithm name;
    default: the default algorithm. ``quality`` picks the JPEG/WebP quality when
    ``output_compression`` (0-100) is not given: low 70, medium 82, otherwise 90.
    ``user`` and ``safety_identifier`` are accepted and not stored. ``title`` and ``seed`` are
    Routix extensions (``extra_body`` in the SDK): the title text to draw and the art's seed.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    prompt: str = Field(min_length=1, max_length=MAX_PROMPT, description="what the thumbnail is about")
    model: str | None = Field(default=None, min_length=1, max_length=120,
                              description="routix-<algorithm> (GET /v1/models); default: the default algorithm")
    n: int = Field(default=1, ge=1, le=MAX_N, description="1: the thumbnail; more: the thumbnail and n-1 variants")
    size: str | None = Field(default=None, max_length=20,
                             description="1536x1024, 1792x1024, 1280x720, auto (-> 1280x720); 1024x1024; 3000x3000; "
                             "1080x1920, 1024x1792, 1024x1536 (-> 1080x1920)")
    response_format: ResponseFormat | None = Field(default=None, description="default b64_json")
    output_format: OutputFormat | None = Field(default=None, description="default png")
    output_compression: int | None = Field(default=None, ge=0, le=100,
                                           description="JPEG/WebP quality, or PNG compression effort, 0-100")
    quality: Quality | None = None
    background: Literal["auto", "opaque"] | None = Field(default=None, description="thumbnails are opaque")
    moderation: Literal["auto", "low"] | None = None
    style: Literal["vivid", "natural"] | None = None
    user: str | None = Field(default=None, max_length=256)
    safety_identifier: str | None = Field(default=None, max_length=256)
    stream: bool | None = Field(default=None, description="true: server-sent events, one completed event per image")
    partial_images: int | None = Field(default=None, ge=0, le=3,
                                       description="with stream: how many stage images to send as partial images "
                                       "(the painted backdrop, then the composition before the title; at most 2, "
                                       "16:9 sizes only)")
    title: str | None = Field(default=None, min_length=1, max_length=MAX_TITLE_CHARS,
                              description="Routix: the title text to draw")
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED, description="Routix: fixes the art")


class ImageGenerationRequest(ImageOptions):
    """``POST /v1/images/generations`` (JSON)."""


class ImageOut(BaseModel):
    """One image: a signed absolute link (``url``) or the bytes in base64 (``b64_json``)."""

    b64_json: str | None = None
    url: str | None = None
    revised_prompt: str | None = None


class ImagesResponse(BaseModel):
    """OpenAI's ImagesResponse; ``created`` is Unix seconds, ``size`` the answered WIDTHxHEIGHT."""

    created: int
    data: list[ImageOut]
    background: Literal["opaque"] = "opaque"
    output_format: OutputFormat
    quality: Literal["low", "medium", "high"]
    size: str
    routix_version: str | None = Field(default=None, description=(
        "Routix: the version id of the thumbnail answered; send it as `routix_version` to /v1/images/edits "
        "(without an image) to edit it by the prompt"))


class ModelOut(BaseModel):
    """One model: an active Routix algorithm (``routix-<name>``)."""

    id: str
    object: Literal["model"] = "model"
    created: int = Field(description="Unix seconds")
    owned_by: str = "routix"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelOut]


class OpenAIErrorBody(BaseModel):
    """OpenAI's error object."""

    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIError(BaseModel):
    """Every error of the ``/v1`` API: ``{"error": {"message", "type", "param", "code"}}``."""

    error: OpenAIErrorBody
