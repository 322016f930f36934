"""The built-in starter library: original skeletons across every category.

Each module holds builder functions (one per template) over the shared layer builders in
:mod:`.layers`; ``STARTER_TEMPLATES`` is built once at import, so a skeleton that breaks the
conventions fails loudly on import.
"""

from __future__ import annotations

from routix.templates.models import Template
from routix.templates.starter import entertainment, genres, hero, knowledge, lifestyle, talk

STARTER_TEMPLATES: list[Template] = [
    build() for module in (entertainment, knowledge, talk, lifestyle, genres, hero) for build in module.TEMPLATES
]


def starter_templates() -> list[Template]:
    """A new list of the starter templates (the templates themselves are immutable)."""
    return list(STARTER_TEMPLATES)


__all__ = ["STARTER_TEMPLATES", "starter_templates"]
