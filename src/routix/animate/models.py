"""What to animate and how: the :class:`Animation` request, validated with one-line errors.

An animation is a preset (how the layers move), a duration (2-15 s), a frame rate (24, 30 or
60 fps), an output size (1280x720 from the design's 16:9 boxes, 1080x1080 from its 1:1 boxes, 1080x1920
from its 9:16 layout),
an easing curve (default: the preset's own), loop mode (the last frame equals the first) and a
few preset options: ``direction`` (zoom: in/out; pan and parallax: left/right, pan also up/down),
``reveal`` (title_reveal: type/slide/pop) and ``intensity`` (0.25-2, scales how far things move).

:func:`animation_from` turns pydantic's validation errors into one
:class:`~routix.errors.InvalidInput` line (``duration: must be 2-15 s, got 20``).
"""

from __future__ import annotations

from typing import Any, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from routix.animate.easing import EASINGS
from routix.errors import InvalidInput

PresetName = Literal["zoom", "pan", "fade_in", "parallax", "title_reveal", "subject_pop"]
PRESETS: Final[tuple[str, ...]] = get_args(PresetName)

Direction = Literal["in", "out", "left", "right", "up", "down"]
Reveal = Literal["type", "slide", "pop"]

FPS_CHOICES: Final = (24, 30, 60)
MIN_DURATION: Final = 2.0
MAX_DURATION: Final = 15.0

#: Output sizes a clip renders at, and the design aspect each one uses.
VIDEO_SIZES: Final[dict[str, tuple[int, int]]] = {
    "1280x720": (1280, 720), "1080x1080": (1080, 1080), "1080x1920": (1080, 1920),
}

#: Sizes users ask for that need something the design document does not have yet.
NOT_AVAILABLE: Final[dict[str, str]] = {}

#: Directions each preset understands (first = default); presets not listed take none.
DIRECTIONS: Final[dict[str, tuple[str, ...]]] = {
    "zoom": ("in", "out"),
    "pan": ("right", "left", "up", "down"),
    "parallax": ("right", "left"),
}

#: The easing each preset uses unless told otherwise.
DEFAULT_EASING: Final[dict[str, str]] = {
    "zoom": "ease_in_out_sine",
    "pan": "ease_in_out_sine",
    "fade_in": "ease_out_cubic",
    "parallax": "ease_in_out_cubic",
    "title_reveal": "ease_out_back",
    "subject_pop": "ease_out_back",
}


def parse_size(value: object) -> tuple[int, int]:
    """``"1280x720"`` / ``(1280, 720)`` -> (w, h) for a supported size; a clear ValueError otherwise."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        text = f"{value[0]}x{value[1]}"
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
    else:
        raise ValueError(f"size must look like 1280x720, got {value!r}")
    if text in NOT_AVAILABLE:
        raise ValueError(NOT_AVAILABLE[text])
    if text not in VIDEO_SIZES:
        raise ValueError(f"size must be one of {', '.join(VIDEO_SIZES)}, got {text}")
    return VIDEO_SIZES[text]


class Animation(BaseModel):
    """One animation of a design. Unknown fields are rejected; every error names its field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    preset: PresetName = Field(description="how the layers move: " + ", ".join(PRESETS))
    duration: float = Field(default=5.0, description="seconds, 2-15")
    fps: int = Field(default=30, description="frames per second: 24, 30 or 60")
    size: tuple[int, int] = Field(default=(1280, 720),
                                  description="1280x720 (16:9), 1080x1080 (1:1) or 1080x1920 (9:16)")
    easing: str | None = Field(default=None, description="easing curve; default: the preset's own")
    loop: bool = Field(default=False, description="loop-friendly: the last frame equals the first")
    direction: Direction | None = Field(default=None, description="zoom: in/out; pan: left/right/up/down; "
                                                                   "parallax: left/right")
    reveal: Reveal | None = Field(default=None, description="title_reveal: type, slide or pop (default type)")
    intensity: float = Field(default=1.0, description="how far things move, 0.25-2 (1 = the preset's default)")

    @field_validator("preset", mode="before")
    @classmethod
    def _known_preset(cls, v: object) -> object:
        if isinstance(v, str) and v.strip().lower().replace("-", "_") in PRESETS:
            return v.strip().lower().replace("-", "_")
        raise ValueError(f"unknown preset {v!r}; choose one of {', '.join(PRESETS)}")

    @field_validator("duration", mode="before")
    @classmethod
    def _duration_range(cls, v: object) -> float:
        d = _number(v, "duration")
        if not MIN_DURATION <= d <= MAX_DURATION:
            raise ValueError(f"must be {MIN_DURATION:g}-{MAX_DURATION:g} s, got {d:g}")
        return d

    @field_validator("fps", mode="before")
    @classmethod
    def _fps_choice(cls, v: object) -> int:
        f = _number(v, "fps")
        if f not in FPS_CHOICES:
            raise ValueError(f"must be 24, 30 or 60, got {f:g}")
        return int(f)

    @field_validator("size", mode="before")
    @classmethod
    def _size(cls, v: object) -> tuple[int, int]:
        return parse_size(v)

    @field_validator("easing", mode="before")
    @classmethod
    def _easing(cls, v: object) -> object:
        if v is None:
            return None
        name = str(v).strip().lower().replace("-", "_")
        if name not in EASINGS:
            raise ValueError(f"unknown easing {v!r}; choose one of {', '.join(EASINGS)}")
        return name

    @field_validator("intensity", mode="before")
    @classmethod
    def _intensity(cls, v: object) -> float:
        x = _number(v, "intensity")
        if not 0.25 <= x <= 2.0:
            raise ValueError(f"must be 0.25-2, got {x:g}")
        return x

    @field_validator("direction", "reveal", mode="before")
    @classmethod
    def _lower(cls, v: object) -> object:
        return v.strip().lower() if isinstance(v, str) else v

    @model_validator(mode="after")
    def _options_fit_the_preset(self) -> Animation:
        allowed = DIRECTIONS.get(self.preset, ())
        if self.direction is not None and self.direction not in allowed:
            where = (f"{self.preset} moves {', '.join(allowed)}" if allowed
                     else f"{self.preset} takes no direction")
            raise ValueError(f"direction {self.direction!r} does not apply: {where}")
        if self.reveal is not None and self.preset != "title_reveal":
            raise ValueError(f"reveal applies to title_reveal only, not {self.preset}")
        return self

    @property
    def curve(self) -> str:
        """The easing in effect: the one asked for, else the preset's default."""
        return self.easing or DEFAULT_EASING[self.preset]

    @property
    def heading(self) -> str:
        """The direction in effect (``""`` for presets without one)."""
        allowed = DIRECTIONS.get(self.preset, ())
        return self.direction or (allowed[0] if allowed else "")

    @property
    def style(self) -> str:
        """title_reveal's style in effect (type, slide or pop)."""
        return self.reveal or "type"

    def frame_count(self, fps: int | None = None) -> int:
        """Frames in the clip at ``fps`` (default: the animation's own), at least 2."""
        return max(2, round(self.duration * (fps or self.fps)))


class GifOptions(BaseModel):
    """How a GIF is made: ``width`` px (120-1280; the height follows the clip's aspect),
    ``fps`` (5-30) and the largest file accepted, ``max_mb`` (decimal MB)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    width: int = Field(default=480, ge=120, le=1280)
    fps: int = Field(default=15, ge=5, le=30)
    max_mb: float = Field(default=8.0, gt=0, le=100)

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1_000_000)


def gif_options_from(**fields: Any) -> GifOptions:
    """:class:`GifOptions` from keyword fields (None = default), errors as one InvalidInput line."""
    try:
        return GifOptions(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        raise InvalidInput(f"bad GIF options: {error_line(exc)}") from None


def _number(v: object, name: str) -> float:
    if isinstance(v, bool):
        raise ValueError(f"must be a number, got {v!r}")
    try:
        return float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"must be a number, got {v!r}") from None


def error_line(exc: ValidationError) -> str:
    """One line naming every failing field: ``duration: must be 2-15 s, got 20; fps: ...``."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()))
        msg = str(err.get("msg", "")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def animation_from(**fields: Any) -> Animation:
    """:class:`Animation` from keyword fields (None values mean "default"), with every
    validation error turned into one :class:`InvalidInput` line."""
    try:
        return Animation(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        raise InvalidInput(f"bad animation: {error_line(exc)}") from None


__all__ = [
    "DEFAULT_EASING", "DIRECTIONS", "FPS_CHOICES", "MAX_DURATION", "MIN_DURATION", "NOT_AVAILABLE", "PRESETS",
    "VIDEO_SIZES", "Animation", "Direction", "GifOptions", "PresetName", "Reveal", "animation_from", "error_line",
    "gif_options_from", "parse_size",
]
