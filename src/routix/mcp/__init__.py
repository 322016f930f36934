"""Routix as an MCP server: the thumbnail tools for agents (Claude Desktop, IDEs, any MCP client).

``server.build_server(backend)`` -> a ``FastMCP`` server whose tools (``tools.py``,
``more_tools.py``, ``browse_tools.py``) act through one :class:`~routix.mcp.backend.Backend`:

* :class:`~routix.mcp.local.LocalBackend`: the offline pipeline in this process (no server, no
  network); outputs land in a folder per generation.
* :class:`~routix.mcp.remote.RemoteBackend`: a Routix server's REST API for the user whose API
  key it holds (``routix mcp --server URL`` with ``ROUTIX_API_KEY``).
* :class:`~routix.mcp.service.ServiceBackend`: inside the app (streamable HTTP at ``/mcp``), the
  generations service itself, as the user whose API key is the Bearer token.
"""
