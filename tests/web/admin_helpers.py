"""Helpers for the admin page tests: admins made through the database, the session cookie."""

from __future__ import annotations

import base64
import io
import secrets
import time
import uuid
from pathlib import Path

from PIL import Image

from web.conftest import api_account, sign_in

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
#: Every admin page without parameters (the template page is added with a real id).
ADMIN_PATHS = ["/admin", "/admin/system", "/admin/users", "/admin/algorithms", "/admin/audit", "/admin/templates"]


def make_admin(live_server, name: str = "Admin") -> dict:
    """Register through the API, then set ``is_admin`` in the database (like tests/api's make_admin)."""
    from routix.store.models import User

    auth = api_account(live_server, name)
    deadline = time.monotonic() + 10
    while True:  # the register route commits in its session dependency, which may finish after the answer
        with live_server.services.db.session() as session:
            user = session.get(User, uuid.UUID(auth["user"]["id"]))
            if user is not None:
                user.is_admin = True
                session.commit()
                break
        assert time.monotonic() < deadline, "the registered user never appeared in the database"
        time.sleep(0.05)
    auth["user"]["is_admin"] = True
    return auth


def sign_in_with_cookie(page, auth: dict) -> None:
    """Put the API session into localStorage and get the ``routix_session`` cookie, as the login
    form does (POST /api/v1/auth/session with the bearer token)."""
    sign_in(page, auth)
    status = page.evaluate(
        """() => fetch('/api/v1/auth/session', {method: 'POST',
                 headers: {Authorization: 'Bearer ' + localStorage.getItem('routix.access')}}).then(r => r.status)""")
    assert status == 200, status


def session_cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == "routix_session"), None)


#: Drop ``files`` ([{name, type, b64}]) on the template page's drop zone, as a real drag would.
DROP = """async (files) => {
  const dt = new DataTransfer();
  for (const f of files) {
    const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
    dt.items.add(new File([bytes], f.name, { type: f.type }));
  }
  const zone = document.getElementById('dropzone');
  for (const type of ['dragenter', 'dragover', 'drop']) {
    zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }
}"""


def upload_file(name: str, kind: str = "image/jpeg") -> dict:
    """A file for the DROP script: ``{name, type, b64}`` of ``tests/fixtures/<name>``."""
    return {"name": name, "type": kind, "b64": base64.b64encode((FIXTURES / name).read_bytes()).decode()}


def unique_upload(fixture: str, name: str) -> dict:
    """``tests/fixtures/<fixture>`` with a random 40×40 corner, as a file ``name`` for the DROP
    script: bytes no other test uploaded (the library refuses an image it already holds)."""
    with Image.open(FIXTURES / fixture) as photo:
        photo = photo.convert("RGB")
    photo.paste(tuple(secrets.token_bytes(3)), (0, 0, 40, 40))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=90)
    return {"name": name, "type": "image/jpeg", "b64": base64.b64encode(out.getvalue()).decode()}
