"""The design document (pure): models, per-aspect boxes, JSON Schema."""

from routix.design.boxes import aspect_of, box_for, derive_square_box, derive_tall_box
from routix.design.models import (
    FULL_BOX,
    SCHEMA_VERSION,
    SIZES,
    Adjustments,
    Aspect,
    BackgroundLayer,
    Box,
    ColorStop,
    Design,
    DesignMeta,
    Glow,
    Highlight,
    ImageFill,
    ImageLayer,
    Layer,
    LinearGradient,
    ProceduralFill,
    RadialGradient,
    Shadow,
    ShapeLayer,
    Solid,
    Stroke,
    TextLayer,
)
from routix.design.patch import DesignPatch, apply_patch
from routix.design.schema import design_json_schema
from routix.design.tall import tall_layout, with_tall_layout

__all__ = [
    "FULL_BOX", "SCHEMA_VERSION", "SIZES", "Adjustments", "Aspect", "BackgroundLayer", "Box",
    "ColorStop", "Design", "DesignMeta", "DesignPatch", "Glow", "Highlight", "ImageFill", "ImageLayer", "Layer",
    "LinearGradient", "ProceduralFill", "RadialGradient", "ShapeLayer", "Shadow", "Solid", "Stroke",
    "TextLayer", "apply_patch", "aspect_of", "box_for", "derive_square_box", "derive_tall_box", "design_json_schema",
    "tall_layout", "with_tall_layout",
]
