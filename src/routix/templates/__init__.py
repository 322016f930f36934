"""Templates: the starter library of design skeletons and vector search over them.

``starter_index().search("minecraft let's play, crazy moment", k=3)`` returns the best
matching templates with their cosine scores; ``template.design`` is the skeleton the
compositor fills (slots: subject, title, subtitle, logo, badge).
"""

from routix.templates.conventions import (
    SAFE_MARGIN,
    TIMESTAMP_CORNER,
    face_box,
    layout_issues,
)
from routix.templates.index import (
    NumpyTemplateIndex,
    TemplateFilter,
    TemplateMatch,
    starter_index,
)
from routix.templates.models import SLOTS, Template, TemplateDNA
from routix.templates.starter import STARTER_TEMPLATES, starter_templates

__all__ = [
    "SAFE_MARGIN", "SLOTS", "STARTER_TEMPLATES", "TIMESTAMP_CORNER", "NumpyTemplateIndex", "Template",
    "TemplateDNA", "TemplateFilter", "TemplateMatch", "face_box", "layout_issues", "starter_index",
    "starter_templates",
]
