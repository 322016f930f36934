"""Title suggestions and refinements (``/api/v1/title``)."""
