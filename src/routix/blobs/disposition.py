"""``Content-Disposition`` values for downloads (RFC 6266 with an RFC 8187 UTF-8 name)."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """``attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>``.

    The ASCII fallback drops accents and replaces anything outside printable ASCII, quotes and
    backslashes with ``_``, so the header can never be split or broken by the name.
    """
    folded = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;' else "_" for c in folded) or "download"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
