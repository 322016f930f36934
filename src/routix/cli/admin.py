"""Administrator commands: ``routix users list [--q]``, ``routix users credits USER_ID AMOUNT
--reason``, ``routix algorithms list`` and ``routix audit list [--limit]``.

With ``--server`` they call the admin routes as the API key's user (``/api/v1/admin/users``,
``/api/v1/admin/users/{id}/credits``, ``/api/v1/admin/algorithms``, ``/api/v1/admin/audit``);
a key of a user who is not an administrator gets the server's 403 message. Without a server,
``users list`` and ``algorithms list`` read this machine's service database (the one
``routix serve`` and ``routix users create-admin`` use), as an operator with shell access;
``users credits`` (an audited change made by an administrator) and ``audit list`` need a server.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from routix.cli.account import need_server, print_table, uuid_argument
from routix.cli.remote import API_KEY, SERVER, remote_from
from routix.cli.service import users_app
from routix.cli.support import _errors, console, library_services
from routix.errors import InvalidInput

algorithms_app = typer.Typer(help="Algorithms (Routix Versions) users choose from.", no_args_is_help=True)
audit_app = typer.Typer(help="The administrators' audit log (needs --server).", no_args_is_help=True)

JSON = typer.Option(False, "--json", help="Print JSON")
NO_DATABASE = ("there is no local Routix database here (ROUTIX_DATA_DIR / ROUTIX_DATABASE_URL); use --server URL "
               "with an administrator's API key")


def _local_users(q: str | None, limit: int) -> list[dict[str, Any]]:
    from routix.admin.service import UserFilter, list_users  # the service stack: only when it runs
    from routix.kit.pagination import PageRequest

    with library_services() as services:
        if services is None:
            raise InvalidInput(NO_DATABASE)
        with services.db.session() as session:
            return list(list_users(session, UserFilter(q=q), PageRequest(limit=limit)).items)


def _local_algorithms() -> list[dict[str, Any]]:
    from routix.algorithms.service import list_algorithms

    with library_services() as services:
        if services is None:
            raise InvalidInput(NO_DATABASE)
        with services.db.session() as session:
            return list_algorithms(session, services.settings.secret())


def _flags(user: dict[str, Any]) -> str:
    return " ".join(f for f, on in (("admin", user["is_admin"]), ("inactive", not user["is_active"])) if on)


@users_app.command("list")
def users_list(
    q: str | None = typer.Option(None, "--q", "-q", help="Part of the email or username"),
    limit: int = typer.Option(50, "--limit", "-n", min=1, max=100, help="How many, newest accounts first"),
    as_json: bool = JSON, server: str | None = SERVER, api_key: str | None = API_KEY,
) -> None:
    """List accounts with their credits, plan and generation counts (a server's, or this
    machine's database without --server)."""
    with _errors(as_json):
        remote = remote_from(server, api_key)
        if remote is None:
            users = _local_users(q, limit)
        else:
            params: dict[str, Any] = {"limit": limit, **({"q": q} if q else {})}
            with remote:
                users = remote.call("GET", "/api/v1/admin/users", params=params)["items"]
    if as_json:
        print(json.dumps(users, indent=2))
        return
    print_table("Users", ["id", "email", "credits", "plan", "flags", "gens"],
                [[u["id"], u["email"], u["credits"], u["subscription_tier"], _flags(u), u["generations"]]
                 for u in users])


@users_app.command("credits")
def users_credits(
    user_id: str = typer.Argument(..., help="The account's id (see `routix users list`)"),
    amount: int = typer.Argument(..., help="Credits to grant; negative to deduct, after the options and "
                                                   "`--`: users credits --reason R USER_ID -- -5"),
    reason: str = typer.Option(..., "--reason", help="Why (kept in the ledger and the audit log)"),
    as_json: bool = JSON, server: str | None = SERVER, api_key: str | None = API_KEY,
) -> None:
    """Grant or deduct an account's credits on a server (audited; the balance never goes below 0)."""
    with _errors(as_json):
        wanted = uuid_argument(user_id, "a user id")
        if amount == 0:
            raise InvalidInput("the amount is a non-zero number of credits")
        if not reason.strip():
            raise InvalidInput("--reason cannot be empty")
        with need_server(server, api_key, "credit changes are audited administrator actions") as remote:
            body = remote.call("POST", f"/api/v1/admin/users/{wanted}/credits",
                               json={"amount": amount, "reason": reason.strip()})
    if as_json:
        print(json.dumps(body, indent=2))
        return
    verb = "granted" if amount > 0 else "deducted"
    console.print(f"{verb} {abs(amount)} credits: balance now {body['balance']}", highlight=False)


@algorithms_app.command("list")
def algorithms_list(as_json: bool = JSON, server: str | None = SERVER, api_key: str | None = API_KEY) -> None:
    """List all algorithms, active or not, the default first (a server's, or this machine's
    database without --server)."""
    with _errors(as_json):
        remote = remote_from(server, api_key)
        if remote is None:
            items = _local_algorithms()
        else:
            with remote:
                items = remote.call("GET", "/api/v1/admin/algorithms")["items"]
    if as_json:
        print(json.dumps(items, indent=2, default=str))
        return
    print_table("Algorithms", ["name", "display name", "provider", "runs as", "credits", "flags", "gens"],
                [[a["name"], a["display_name"], a["ai_provider"], a.get("runs_as"), a["credit_cost"],
                  " ".join(f for f, on in (("default", a["is_default"]), ("inactive", not a["is_active"])) if on),
                  a.get("generations")] for a in items])


@audit_app.command("list")
def audit_list(
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=100, help="How many entries, newest first"),
    action: str | None = typer.Option(None, "--action", help="Action prefix, e.g. user. or credits.grant"),
    as_json: bool = JSON, server: str | None = SERVER, api_key: str | None = API_KEY,
) -> None:
    """List the administrators' audit log on a server, newest first."""
    with _errors(as_json):
        params: dict[str, Any] = {"limit": limit, **({"action": action} if action else {})}
        with need_server(server, api_key, "the audit log is read") as remote:
            items = remote.call("GET", "/api/v1/admin/audit", params=params)["items"]
    if as_json:
        print(json.dumps(items, indent=2))
        return
    print_table("Audit log", ["when (UTC)", "action", "resource", "by", "change"],
                [[e["created_at"][:16].replace("T", " "), e["action"],
                  f"{e['resource_type']} {(e.get('resource_id') or '')[:8]}".strip(), e.get("admin_email"),
                  _change(e.get("changes") or {})] for e in items], keep=3)


def _change(changes: dict[str, Any]) -> str:
    """``field before->after`` for each changed field, then the note: one short table cell."""
    before, after = changes.get("before") or {}, changes.get("after") or {}
    parts = [f"{k} {before.get(k)}->{after.get(k)}" for k in sorted(set(before) | set(after))]
    return "; ".join(parts + ([str(changes["note"])] if changes.get("note") else []))


def register(app: typer.Typer) -> None:
    """Attach ``algorithms`` and ``audit`` to the main ``routix`` app (``users list`` and
    ``users credits`` join ``users create-admin`` on import)."""
    app.add_typer(algorithms_app, name="algorithms")
    app.add_typer(audit_app, name="audit")


__all__ = ["register"]
