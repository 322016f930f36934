"""The per-user result cache: a hash of what decides a generation's pixels.

The key is SHA-256 over the prompt, title, algorithm, seed, variants, template preference, the
content hashes (SHA-256) of the face and logo assets, and the renderer's version (the Routix
version: a new release may draw differently). A request that names its ``seed`` and matches a
completed generation of the same user (outside a conversation, not a regeneration) is answered
with that generation at once and is not charged again. Requests without a seed are not cached:
the same words may be sent on purpose for another take, nor are requests naming a brand kit
(the kit may be edited in between). Edits are cached per parent
(``repository.same_child``: the same edit of the same version is that version).
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.orm import Session

from routix import __version__
from routix.assets.service import get_asset
from routix.generations.params import GenerationParams
from routix.store.models import User


def cache_key(session: Session, user: User, params: GenerationParams, algorithm: str) -> str | None:
    """The cache key of ``params`` (hex, 64 characters), or None when the request is not cached
    (no explicit seed). NotFound for an asset that is not the user's."""
    if params.seed is None or params.brand_kit_id is not None:  # a kit can change after the fact
        return None
    assets = [get_asset(session, user, a).sha256 for a in params.face_asset_ids]
    logo = get_asset(session, user, params.logo_asset_id).sha256 if params.logo_asset_id else None
    material = {
        "prompt": params.prompt, "title": params.title, "algorithm": algorithm, "seed": params.seed,
        "variants": params.variants, "template_preference": params.template_preference, "faces": assets,
        "logo": logo, "renderer": __version__,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()
