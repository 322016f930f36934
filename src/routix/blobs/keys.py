"""Blob keys: the relative POSIX paths under which Routix stores bytes.

Keys are made by Routix (``uploads/<sha256>.jpg``, ``generations/<id>/thumbnail.jpg``), never
taken from a user, but every store checks them anyway so that a bug upstream cannot turn into
a path traversal: a key is 1..1024 characters of ``[A-Za-z0-9._=+@-]`` segments joined by
``/``; no segment is empty or starts with a dot (so no ``.``/``..``, no hidden or temporary
files), and there is no leading ``/``, no backslash, no drive letter, no NUL or control
character.
"""

from __future__ import annotations

import re

from routix.errors import InvalidInput

MAX_KEY_LENGTH = 1024
_SEGMENT = re.compile(r"[A-Za-z0-9_=+@-][A-Za-z0-9._=+@-]*")


def validate_key(key: str) -> str:
    """Return ``key`` unchanged when it is a safe blob key; raise InvalidInput (code
    ``invalid_key``) otherwise. See the module docstring for the rules."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput("a blob key must be 1 to 1024 characters", code="invalid_key")
    for segment in key.split("/"):
        if not _SEGMENT.fullmatch(segment):
            raise InvalidInput(f"invalid blob key {key[:80]!r}", code="invalid_key")
    return key


def validate_prefix(prefix: str) -> str:
    """A key prefix for ``delete_prefix``: a valid key, optionally ending with ``/``. An empty
    prefix (the whole store) is refused on purpose."""
    body = prefix[:-1] if isinstance(prefix, str) and prefix.endswith("/") else prefix
    validate_key(body)
    return prefix
