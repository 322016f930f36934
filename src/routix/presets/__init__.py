"""Style presets as a service domain: the list and their preview pictures."""
