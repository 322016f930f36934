"""``/api/v1/auth``: register, log in, refresh (rotation), log out, me, password (change, reset
by e-mail), API keys. Every answer under ``/api/v1/auth`` and ``/api/v1/account`` carries
``Cache-Control: no-store`` (:mod:`routix.api.security`): tokens and keys must not be cached.

``/api/v1/account``: the user's data rights. ``GET /export`` downloads everything they own as
a zip (JSON documents plus their uploads and generated files); ``DELETE`` with the password
deletes the account, its rows and its files (see :mod:`routix.accounts.data`).

``/api/v1/auth/session``: turn a bearer access token into the admin pages' HttpOnly cookie.

``POST`` (``Authorization: Bearer <access JWT>``, no body) -> 200 ``{"expires_in": seconds}``
and ``Set-Cookie: routix_session=...; HttpOnly; SameSite=Strict; Path=/; Max-Age=<remaining
lifetime>`` (``Secure`` over https). API keys are refused (422 ``invalid_input``): a cookie must
expire with a short-lived token. ``DELETE`` -> 204 and the cookie cleared (needs no credentials:
clearing a cookie gives nothing away). See ``routix.web.session`` for why the cookie exists and
where it is honoured (only the GET admin pages).
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse

from routix.accounts import service as accounts
from routix.accounts.data import delete_user, export_zip, iter_file
from routix.accounts.schemas import (
    AcceptedOut,
    ApiKeyBody,
    ApiKeyCreated,
    ApiKeyOut,
    AuthOut,
    DeleteAccountBody,
    LoginBody,
    LogoutBody,
    PasswordChangeBody,
    PasswordResetBody,
    PasswordResetRequestBody,
    RefreshBody,
    RegisterBody,
    SessionOut,
    UserOut,
)
from routix.accounts.tokens import API_KEY_PREFIX, verify_password
from routix.api.deps import (
    ServicesDep,
    SessionDep,
    UserDep,
    bearer_scheme,
    credential_from,
    resolve_user,
)
from routix.api.limits import auth_limit, login_limit, password_limit
from routix.api.problems import responses
from routix.errors import Forbidden, InvalidInput, Unauthorized
from routix.store.models import User
from routix.web.session import clear_session_cookie, cookie_lifetime, set_session_cookie

auth_router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


def _auth(pair: accounts.TokenPair, user: User) -> AuthOut:
    return AuthOut(
        access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in,
        user=UserOut.model_validate(user),
    )


@auth_router.post("/register", status_code=201, response_model=AuthOut, dependencies=[Depends(auth_limit)],
                  responses=responses({409: "an account with this email exists (`email_taken`)",
                                       422: "invalid input, or a password the rules refuse (`weak_password`)"}))
def register(body: RegisterBody, session: SessionDep, services: ServicesDep) -> AuthOut:
    """Create an account and log it in. Passwords: 12 to 128 characters, not one of the 10,000
    most common passwords."""
    user = accounts.register(session, body.email, body.password, body.username)
    return _auth(accounts.issue_pair(session, services.settings, user), user)


@auth_router.post("/login", response_model=AuthOut, dependencies=[Depends(login_limit)],
                  responses=responses({401: "wrong email or password (`invalid_credentials`), or the account is "
                                            "disabled (`account_disabled`)",
                                       429: "too many tries from this address, or too many failed sign-ins to this "
                                            "account from any address (`rate_limited`); see `Retry-After`"}))
def login(body: LoginBody, session: SessionDep, services: ServicesDep) -> AuthOut:
    user = accounts.authenticate(session, body.email, body.password)
    return _auth(accounts.issue_pair(session, services.settings, user), user)


@auth_router.post("/refresh", response_model=AuthOut, dependencies=[Depends(auth_limit)],
                  responses=responses({401: "unknown, expired or already used refresh token (`invalid_token`, "
                                            "`token_reused`: the whole token family is revoked)"}))
def refresh(body: RefreshBody, session: SessionDep, services: ServicesDep) -> AuthOut:
    """Exchange a refresh token for a new pair; the old refresh token stops working."""
    user, pair = accounts.rotate_refresh(session, services.settings, body.refresh_token)
    return _auth(pair, user)


@auth_router.post("/logout", status_code=204)
def logout(request: Request, session: SessionDep, services: ServicesDep, body: LogoutBody | None = None) -> None:
    """End the session: the refresh token's (in the body) and the access token's (an optional
    `Authorization: Bearer` header; either is enough). The access token is refused from the next
    request on. Needs no valid credential: unknown or invalid tokens are ignored."""
    accounts.logout(session, services.settings, refresh_token=body.refresh_token if body else None,
                    access_token=credential_from(request))


@auth_router.get("/me", response_model=UserOut)
def me(user: UserDep) -> UserOut:
    return UserOut.model_validate(user)


@auth_router.post("/password", response_model=AuthOut, dependencies=[Depends(password_limit)],
                  responses=responses({403: "the current password is not right (`wrong_password`)",
                                       422: "invalid input, or a new password the rules refuse (`weak_password`)",
                                       429: "too many tries (`rate_limited`); see `Retry-After`"}))
def change_password(body: PasswordChangeBody, user: UserDep, session: SessionDep, services: ServicesDep) -> AuthOut:
    """Change your password (send the current one). Every session of the account ends, this one
    included: the answer is a new token pair for the caller."""
    pair = accounts.change_password(session, services.settings, user, body.current_password, body.new_password)
    return _auth(pair, user)


@auth_router.post("/password/reset-request", status_code=202, response_model=AcceptedOut,
                  dependencies=[Depends(auth_limit)])
def request_password_reset(body: PasswordResetRequestBody, session: SessionDep, services: ServicesDep) -> AcceptedOut:
    """Ask for a password reset link by e-mail. The answer is 202 whether or not an account has
    this address. The link holds a single-use token valid for 30 minutes. No mail server is
    configured: the link is logged for an administrator to pass on."""
    accounts.request_password_reset(session, services.settings, body.email)
    return AcceptedOut(detail="if an account has this address, a reset link is on its way")


@auth_router.post("/password/reset", status_code=204, dependencies=[Depends(auth_limit)],
                  responses=responses({422: "invalid input, a new password the rules refuse (`weak_password`), "
                                            "or an unknown, used or expired token (`invalid_reset_token`)"}))
def reset_password(body: PasswordResetBody, session: SessionDep) -> Response:
    """Set a new password with the token of a reset link. The token works once; every session of
    the account ends. Log in with the new password."""
    accounts.reset_password(session, body.token, body.new_password)
    return Response(status_code=204)


@auth_router.get("/api-keys", response_model=list[ApiKeyOut])
def list_keys(user: UserDep, session: SessionDep) -> list[ApiKeyOut]:
    return [ApiKeyOut.model_validate(k) for k in accounts.list_api_keys(session, user)]


@auth_router.post("/api-keys", status_code=201, response_model=ApiKeyCreated)
def create_key(body: ApiKeyBody, user: UserDep, session: SessionDep) -> ApiKeyCreated:
    """Create an API key for scripts. The key is in this answer only."""
    row, key = accounts.create_api_key(session, user, body.name)
    return ApiKeyCreated(**ApiKeyOut.model_validate(row).model_dump(), key=key)


@auth_router.delete("/api-keys/{key_id}", status_code=204)
def revoke_key(key_id: uuid.UUID, user: UserDep, session: SessionDep) -> None:
    """Revoke one of your API keys; it is refused from the next request on."""
    accounts.revoke_api_key(session, user, key_id)


account_router = APIRouter(prefix="/api/v1/account", tags=["account"])


@account_router.get("/export", response_class=StreamingResponse, responses={
    200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
          "description": "a zip of all your data"},
})
def export(user: UserDep, session: SessionDep, services: ServicesDep) -> StreamingResponse:
    """A zip with account.json, generations.json, conversations.json, assets.json,
    credit_transactions.json, api_keys.json, feedback.json and your files (uploads, outputs)."""
    handle = export_zip(session, services, user)
    name = f"routix-export-{str(user.id)[:8]}.zip"
    return StreamingResponse(iter_file(handle), media_type="application/zip",
                             headers={"Content-Disposition": f'attachment; filename="{name}"',
                                      "Cache-Control": "no-store"})


@account_router.delete("", status_code=204, dependencies=[Depends(password_limit)],
                       responses=responses({403: "the password is not right (`wrong_password`)",
                                            429: "too many tries (`rate_limited`); see `Retry-After`"}))
def delete_account(body: DeleteAccountBody, request: Request, user: UserDep, session: SessionDep,
                   services: ServicesDep) -> Response:
    """Delete your account for good: every generation, conversation, upload, key and credit
    entry, and the files. Needs your password (403 ``wrong_password`` otherwise)."""
    if not verify_password(user.password_hash, body.password):
        raise Forbidden("the password is not right", code="wrong_password")
    delete_user(session, services, user, request=request)
    return Response(status_code=204)


session_router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@session_router.post("/session", response_model=SessionOut, dependencies=[Depends(bearer_scheme)],
                     responses=responses({422: "an API key was sent: a browser session needs an access token"}))
def create_session(request: Request, response: Response, session: SessionDep, services: ServicesDep) -> SessionOut:
    """Set the ``routix_session`` cookie from the request's bearer access token."""
    credential = credential_from(request)
    if credential and credential.startswith(API_KEY_PREFIX):
        raise InvalidInput("a browser session needs an access token, not an API key")
    if not credential:
        raise Unauthorized("log in first: send 'Authorization: Bearer <token>'", code="not_authenticated")
    resolve_user(session, services, credential)  # the account exists and is active
    max_age = cookie_lifetime(services.settings, credential)
    set_session_cookie(response, request, credential, max_age)
    response.headers["Cache-Control"] = "no-store"
    return SessionOut(expires_in=max_age)


@session_router.delete("/session", status_code=204)
def delete_session(request: Request) -> Response:
    """Clear the ``routix_session`` cookie."""
    response = Response(status_code=204)
    clear_session_cookie(response, request)
    return response


#: every route of this module, mounted by the app
router = APIRouter()
router.include_router(auth_router)
router.include_router(account_router)
router.include_router(session_router)
