"""``/api/v1/account``: the user's data rights. ``GET /export`` downloads everything they own as
a zip (JSON documents plus their uploads and generated files); ``DELETE`` with the password
deletes the account, its rows and its files (see :mod:`routix.accounts.data`)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import Field

from ...accounts.data import delete_user, export_zip, iter_file
from ...accounts.tokens import verify_password
from ...errors import Forbidden
from ..deps import ServicesDep, SessionDep, UserDep
from ..schemas import RequestModel

router = APIRouter(prefix="/api/v1/account", tags=["account"])


class DeleteAccountBody(RequestModel):
    password: str = Field(min_length=1, max_length=256, description="your current password, to confirm")


@router.get("/export", response_class=StreamingResponse,
            responses={200: {"content": {"application/zip": {}}, "description": "a zip of all your data"}})
def export(user: UserDep, session: SessionDep, services: ServicesDep) -> StreamingResponse:
    """A zip with account.json, generations.json, conversations.json, assets.json,
    credit_transactions.json, api_keys.json, feedback.json and your files (uploads, outputs)."""
    handle = export_zip(session, services, user)
    name = f"routix-export-{str(user.id)[:8]}.zip"
    return StreamingResponse(iter_file(handle), media_type="application/zip",
                             headers={"Content-Disposition": f'attachment; filename="{name}"',
                                      "Cache-Control": "no-store"})


@router.delete("", status_code=204)
def delete_account(body: DeleteAccountBody, request: Request, user: UserDep, session: SessionDep,
                   services: ServicesDep) -> Response:
    """Delete your account for good: every generation, conversation, upload, key and credit
    entry, and the files. Needs your password (403 ``wrong_password`` otherwise)."""
    if not verify_password(user.password_hash, body.password):
        raise Forbidden("the password is not right", code="wrong_password")
    delete_user(session, services, user, request=request)
    return Response(status_code=204)
