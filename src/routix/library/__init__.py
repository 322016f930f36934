"""The template library (issue 5): administrators' uploads, their analysis into design DNA,
vector search over starter + uploaded templates, and template statistics."""
