"""A generation's template_ref does not lead back to the template, even with its seed."""

from __future__ import annotations

import hashlib
import hmac

from api.jobs_support import load_row, wait_final
from routix.generate.layout import opaque_ref
from routix.generations.jobs import template_ref_key
from routix.templates import STARTER_TEMPLATES

CREATE = "/api/v1/generation/create"


def _candidates(seed: int) -> set[str]:
    """Every reference an outsider can compute from the public starter ids and the seed."""
    plain = {"tpl_" + hashlib.sha256(f"{t.id}:{seed}".encode()).hexdigest()[:12] for t in STARTER_TEMPLATES}
    unkeyed = {opaque_ref(t.id, seed) for t in STARTER_TEMPLATES}
    empty_hmac = {"tpl_" + hmac.new(b"", f"{t.id}:{seed}".encode(), hashlib.sha256).hexdigest()[:12]
                  for t in STARTER_TEMPLATES}
    return plain | unkeyed | empty_hmac


def test_the_seed_and_the_starter_ids_do_not_reveal_the_template(client, make_account, services):
    account = make_account()
    created = client.post(CREATE, json={"prompt": "gaming thumbnail with explosions", "seed": 1234},
                          headers=account.headers).json()
    assert wait_final(client, account.headers, created["id"])["status"] == "completed"
    view = client.get(f"/api/v1/generation/{created['id']}", headers=account.headers).json()
    ref, seed = view["template_ref"], view["request"]["seed"]
    assert ref.startswith("tpl_") and seed == 1234
    assert ref not in _candidates(seed)  # before: "tpl_" + sha256("<slug>:<seed>") matched at once
    row = load_row(services, created["id"])
    # the service's own key does give it back (so preferences keep working), and only that key
    assert ref == opaque_ref(row.template_id, seed, template_ref_key(services.settings))
    again = client.post(CREATE, json={"prompt": "gaming thumbnail", "template_preference": ref},
                        headers=account.headers)
    assert again.status_code == 201, again.text
