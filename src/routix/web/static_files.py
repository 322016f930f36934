"""The studio's static files: content-hashed URLs, an import map and module preloads.

Every file under ``static/`` is served at ``/static/<path>``. Pages link them as
``/static/<path>?v=<hash>`` (first 10 hex digits of the file's SHA-256), so the browser may
cache them for a year (``Cache-Control: immutable``) and a new release is fetched at once.

JavaScript is plain ES modules with relative imports (``import { api } from "./lib/api.js"``).
The import map maps every module's plain URL to its hashed URL, so those relative imports
get the cache-busted files too; ``module_graph(entry)`` lists an entry module and everything
it imports (transitively), which a page emits as ``<link rel="modulepreload">`` so the browser
fetches the whole graph in parallel instead of one import level at a time.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from functools import cached_property
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_PREFIX = "/static/"
#: ``import ... from "./x.js"`` / ``import "./x.js"`` / ``export ... from "./x.js"`` (static imports only).
_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^'"]*?(?:from\s*)?["'](\.{1,2}/[^"']+\.js)["']""", re.M)
CACHE_FOREVER = "public, max-age=31536000, immutable"
CACHE_REVALIDATE = "no-cache"
#: Folders whose file names carry their version (fonts: ``inter-latin-wght-5.3.0.woff2``), so
#: the CSS can link them without ``?v=`` and they are still cached for good.
VERSIONED_DIRS = ("fonts/",)


class StaticAssets:
    """Hashes, URLs and the module graph of the files in ``root`` (read once, at first use)."""

    def __init__(self, root: Path = STATIC_DIR, prefix: str = STATIC_PREFIX) -> None:
        self.root = root
        self.prefix = prefix

    @cached_property
    def hashes(self) -> dict[str, str]:
        """``{relative posix path: 10-hex-digit SHA-256 prefix}`` for every file."""
        return {
            path.relative_to(self.root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            for path in sorted(self.root.rglob("*")) if path.is_file()
        }

    def url(self, path: str) -> str:
        """The cache-busted URL of ``path`` (relative to ``static/``); KeyError for unknown files."""
        return f"{self.prefix}{path}?v={self.hashes[path]}"

    @cached_property
    def import_map(self) -> str:
        """The ``<script type="importmap">`` JSON: plain module URL -> hashed URL."""
        imports = {self.prefix + p: self.url(p) for p in self.hashes if p.endswith(".js")}
        return json.dumps({"imports": imports}, separators=(",", ":"))

    def _imports_of(self, path: str) -> list[str]:
        text = (self.root / path).read_text(encoding="utf-8")
        base = posixpath.dirname(path)
        return [posixpath.normpath(posixpath.join(base, spec)) for spec in _IMPORT.findall(text)]

    def module_graph(self, entry: str) -> list[str]:
        """``entry`` and every module it imports statically, depth first, each once."""
        seen: list[str] = []
        stack = [entry]
        while stack:
            path = stack.pop()
            if path in seen:
                continue
            seen.append(path)
            stack.extend(reversed(self._imports_of(path)))
        return seen


class CachedStaticFiles(StaticFiles):
    """StaticFiles that lets browsers keep versioned files (``?v=``, or under ``VERSIONED_DIRS``)
    for a year and makes them revalidate the others (ETag / Last-Modified come from Starlette)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            versioned = b"v=" in scope.get("query_string", b"") or path.startswith(VERSIONED_DIRS)
            response.headers["Cache-Control"] = CACHE_FOREVER if versioned else CACHE_REVALIDATE
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
