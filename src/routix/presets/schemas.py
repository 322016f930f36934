"""Response models of the presets API."""

from __future__ import annotations

from pydantic import Field

from routix.api.schemas import ResponseModel


class TitleTreatmentOut(ResponseModel):
    font: str = Field(description="bundled font id")
    uppercase: bool
    fill: str
    stroke: str | None = Field(description="outline colour; null = no outline")
    highlight: str | None = Field(description="colour of the box behind the title; null = none")


class PresetOut(ResponseModel):
    """One style preset: what it bundles and where its preview picture is."""

    name: str = Field(description="the value of a generation request's `style_preset`")
    label: str
    description: str
    family: list[str] = Field(description="template categories the search prefers")
    style: str
    mood: str
    energy: int = Field(ge=1, le=10)
    palette: list[str] = Field(description="leading colours, after any the request names")
    title: TitleTreatmentOut
    motif: str = Field(description="procedural art motif")
    realism: int = Field(ge=0, le=100, description="default realism: 0 illustrated .. 100 photographic")
    preview_url: str = Field(description="640x360 JPEG of the preset on a sample portrait")
    card_url: str = Field(description="the same picture as a 320x180 JPEG (the studio's style picker)")


class PresetListOut(ResponseModel):
    items: list[PresetOut]
