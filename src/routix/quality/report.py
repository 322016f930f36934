"""The quality report: one ``Check`` per rule, and the verdict.

A check that fails with severity ``"error"`` fails the report; a failed ``"warning"`` is
advice. A check that could not run (no title layer, OCR turned off, square canvas without a
duration badge) is ``skipped``: it counts as passed and says why in its message.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["error", "warning"]


class Check(BaseModel):
    """One rule's outcome.

    ``value`` and ``threshold`` share the unit named in ``message`` (contrast ratio 1..21,
    fraction 0..1, bytes, px at feed size); ``None`` when the check was skipped.
    ``severity`` is how serious the failure is (for a passed check: how serious it would be).
    ``layer_id`` names the design layer the check is about, when there is one.
    """

    model_config = ConfigDict(extra="forbid")

    name: str
    passed: bool
    severity: Severity = "warning"
    value: float | None = None
    threshold: float | None = None
    message: str
    layer_id: str | None = None
    skipped: bool = False


class QualityReport(BaseModel):
    """Outcome of :func:`routix.quality.assess`.

    ``passed`` is true when no error-severity check failed. The convenience fields repeat
    what the checks measured: ``contrast_ratio`` (title, WCAG 1..21), ``file_size_bytes``,
    ``legible_at_small`` (OCR at 168x94; ``None`` when OCR was off), ``ocr_text`` (what OCR
    read in the title region at feed size), ``notes`` (free text passed in by the caller, e.g.
    vision fallbacks).
    """

    model_config = ConfigDict(extra="forbid")

    passed: bool
    checks: list[Check] = Field(default_factory=list)
    contrast_ratio: float | None = None
    file_size_bytes: int | None = None
    legible_at_small: bool | None = None
    ocr_text: str | None = None
    notes: list[str] = Field(default_factory=list)

    def check(self, name: str) -> Check:
        """The check called ``name``; raises KeyError when the report has none."""
        for item in self.checks:
            if item.name == name:
                return item
        raise KeyError(name)

    @property
    def failures(self) -> list[Check]:
        """Checks that failed (errors and warnings), in report order."""
        return [item for item in self.checks if not item.passed]
