"""Password rules for new passwords (register, change, reset), after OWASP ASVS 4.0 L2 section 2.1.

* at least :data:`MIN_LENGTH` (12) characters, counted after runs of spaces are taken as one
  (ASVS 2.1.1); at most :data:`MAX_LENGTH` (128) (2.1.2); every printable Unicode character,
  spaces and emoji included, and nothing is truncated (2.1.3, 2.1.4);
* not one of the 10,000 most common passwords (``data/common-passwords.txt``, see its README),
  compared case-insensitively (2.1.7);
* no composition rules (upper case, digits, symbols) and no expiry (2.1.9, 2.1.10).

Only passwords being set are checked: an account whose older password is shorter still logs in.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from routix.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 128
_SPACES = re.compile(" {2,}")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords, lower case (read once)."""
    text = resources.files("routix.accounts").joinpath("data", "common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def check_new_password(password: str) -> None:
    """Raise InvalidInput (422, code ``weak_password``) unless ``password`` may be set."""
    length = len(_SPACES.sub(" ", password))
    if length < MIN_LENGTH:
        raise InvalidInput(f"the password needs at least {MIN_LENGTH} characters", code="weak_password")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"the password may have at most {MAX_LENGTH} characters", code="weak_password")
    if password.lower() in common_passwords() or password.strip().lower() in common_passwords():
        raise InvalidInput("this password is one of the most common ones; choose another",
                           code="weak_password")


__all__ = ["MAX_LENGTH", "MIN_LENGTH", "check_new_password", "common_passwords"]
