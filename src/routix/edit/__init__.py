"""Editing a design: typed edit operations, applying them, and reading them from plain language.

Public API::

    EditPatch                                   # the typed operations (routix.edit.ops)
    apply_edit(design, patch, assets=...)       # -> a new validated Design (routix.edit.apply)
    parse_instruction(text, design) -> Parsed   # plain language -> EditPatch or a question
"""

from routix.edit.apply import apply_edit
from routix.edit.ops import EditOp, EditPatch

__all__ = ["EditOp", "EditPatch", "apply_edit"]
