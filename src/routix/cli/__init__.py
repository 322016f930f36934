"""The ``routix`` command line: ``main`` is the console-script entry point.

``main`` holds the root app and the local commands (render, schema, templates list/search,
and ``generate``/``demo`` from ``generate``); ``service`` adds serve, worker, config, db and
users; ``templates`` adds ``templates import``; ``generations`` adds status, result, history (search),
credits and discover; ``versions`` adds edit and titles suggest/refine; ``account`` adds keys and export;
``admin`` adds users list/credits, algorithms list and audit list; ``support``
has the console, the error handler and the rule deciding when a local command uses the
template library. Every command runs locally by default; with ``--server URL`` (or
``ROUTIX_SERVER``) and an API key (``--api-key`` / ``ROUTIX_API_KEY``) generate, animate,
status, result, templates list/search and mcp talk to that server instead (``remote`` and
``remote_calls``). ``--json`` prints machine-readable output.
"""

from __future__ import annotations

from routix.cli import account, admin, animate, batch, generations, mcp, service, templates, versions
from routix.cli.main import app, main, templates_app

service.register(app)
generations.register(app)
templates.register(templates_app)
animate.register(app)
mcp.register(app)
batch.register(app)
versions.register(app)
account.register(app)
admin.register(app)

__all__ = ["app", "main"]
