"""The ``routix`` command line: ``main`` is the console-script entry point.

``main`` holds the root app and the local commands (render, schema, templates list/search,
and ``generate``/``demo`` from ``generate``); ``service`` adds serve, worker, config, db and
users; ``templates`` adds ``templates import``; ``support`` has the console, the error handler
and the rule deciding when a local command uses the template library.
"""

from __future__ import annotations

from routix.cli import animate, batch, mcp, service, templates
from routix.cli.main import app, main, templates_app

service.register(app)
templates.register(templates_app)
animate.register(app)
mcp.register(app)
batch.register(app)

__all__ = ["app", "main"]
