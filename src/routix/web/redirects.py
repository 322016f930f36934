"""Redirect targets the studio's server may put in a URL: paths on this site, nothing else.

``safe_path(target)`` is the server's twin of the browser helper ``static/js/lib/redirect.js``:
it reads ``target`` the way a browser's URL parser would (tabs and newlines dropped, leading
and trailing control characters and spaces trimmed, ``\\`` read as ``/`` in the path, ``.``
and ``..`` segments resolved, ``%2e`` counting as ``.``) and answers the path, query and
fragment when the result is a path on this site, else ``"/"``::

    safe_path("/admin/users?q=ada")        -> "/admin/users?q=ada"
    safe_path("/\\t/evil.example/phish")   -> "/"      (a browser reads //evil.example/phish)
    safe_path("/.//evil.example")          -> "/"      (its path would be //evil.example)
    safe_path("javascript:alert(1)")       -> "/"

The admin pages' login redirect (``/login?next=...``) builds its ``next`` with it, so the
login page is only ever handed a path of this site.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

#: Dropped anywhere in a URL by browsers (WHATWG URL: ASCII tab or newline).
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
#: Trimmed from both ends by browsers (WHATWG URL: C0 control or space).
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_SINGLE_DOT = {".", "%2e"}
_DOUBLE_DOT = {"..", ".%2e", "%2e.", "%2e%2e"}


def safe_path(target: str | None) -> str:
    """``target``'s path, query and fragment when a browser would resolve it to this site; else ``"/"``."""
    if not isinstance(target, str):
        return "/"
    text = _TAB_OR_NEWLINE.sub("", target).strip(_C0_OR_SPACE)
    try:
        parts = urlsplit(text)
    except ValueError:
        return "/"
    if parts.scheme or parts.netloc:
        return "/"
    path = parts.path.replace("\\", "/")
    if not path.startswith("/") or path.startswith("//"):
        return "/"
    path = _resolve_dots(path)
    if path.startswith("//"):
        return "/"
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def _resolve_dots(path: str) -> str:
    """``path`` (absolute) with its ``.`` and ``..`` segments resolved as a browser resolves them."""
    segments = path.split("/")[1:]
    out: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        lowered = segment.lower()
        if lowered in _DOUBLE_DOT:
            if out:
                out.pop()
            if last:
                out.append("")
        elif lowered in _SINGLE_DOT:
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/" + "/".join(out)


__all__ = ["safe_path"]
