"""Intent analysis: prompt -> Brief (offline planner; LLM planners plug in as ports)."""

