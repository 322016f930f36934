"""The trending score of a public item: a time-decayed score of its likes and views.

    weight = LIKE_WEIGHT * likes + views
    score  = log10(max(weight, 1)) + (published_at - EPOCH) / DECAY_SECONDS

(the "hot" ranking Reddit published in 2010). Adding the age term instead of dividing by it
keeps the score fixed between two likes, so it is stored on the row and indexed: nothing has
to be recomputed while time passes. Read as a decay, an item published ``DECAY_SECONDS``
(12.5 hours) earlier needs ten times the weight to rank level with a newer one: its likes and
views count half as much every 3.76 hours (``DECAY_SECONDS * log10(2)``). The stored integer
is ``round(score * SCALE)``, which fits a 32-bit column for thirty years after the epoch.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

#: a like counts as much as this many views
LIKE_WEIGHT = 3
#: seconds of age that cost a factor of ten in weight
DECAY_SECONDS = 45_000
#: the zero of the age term
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
#: the stored score is the score times this (an integer keeps the keyset cursor exact)
SCALE = 100_000


def trend_score(likes: int, views: int, published_at: datetime) -> int:
    """The stored trending score (an int, higher ranks first) of an item with ``likes`` and
    ``views`` published at ``published_at`` (timezone-aware)."""
    weight = LIKE_WEIGHT * max(likes, 0) + max(views, 0)
    age = (published_at - EPOCH).total_seconds() / DECAY_SECONDS
    return round((math.log10(max(weight, 1)) + age) * SCALE)


__all__ = ["DECAY_SECONDS", "EPOCH", "LIKE_WEIGHT", "SCALE", "trend_score"]
