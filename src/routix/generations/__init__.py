"""Generations as a service: create, dispatch, view (the API and chat call these)."""
