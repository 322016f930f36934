"""The template library (docs/library.md): administrators' uploads, their analysis into design DNA,
vector search over starter + uploaded templates, and template statistics."""
