"""The CLI's server mode: with ``--server URL`` (or ``ROUTIX_SERVER``) and an API key
(``--api-key`` or ``ROUTIX_API_KEY``) a command calls that server's REST API instead of working
locally.

:class:`Remote` is a small httpx client: the API key goes as the Bearer token to the server
only (a presigned bucket link is fetched without it), an error answer becomes a
:class:`~routix.errors.RoutixError` carrying the server's own message (problem ``detail``, or
OpenAI's ``error.message``), and :meth:`Remote.follow` polls a generation's or video's status
with a Rich progress bar until it is final.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from routix.cli.support import console
from routix.errors import InvalidInput, RoutixError, Unavailable
from routix.kit.answers import error_message

#: ``--server``, shared by every command that can talk to a server.
SERVER = typer.Option(None, "--server", envvar="ROUTIX_SERVER", show_envvar=True,
                      help="A Routix server's base URL: talk to it instead of working locally")
#: ``--api-key``, shared likewise.
API_KEY = typer.Option(None, "--api-key", envvar="ROUTIX_API_KEY", show_envvar=True,
                       help="The API key (rtx_...) the server knows you by (with --server)")

#: Statuses after which a generation or a video changes no more.
FINAL = frozenset({"completed", "failed"})


def remote_from(server: str | None, api_key: str | None, *, transport: httpx.BaseTransport | None = None,
                ) -> Remote | None:
    """The server client of ``--server``/``--api-key``, or None to work locally. Raises
    InvalidInput when a server is given without a key, or the URL is not http(s)."""
    if not server or not server.strip():
        return None
    server = server.strip()
    if not server.startswith(("http://", "https://")):
        raise InvalidInput(f"--server must be an http:// or https:// URL, not {server!r}")
    if not api_key or not api_key.strip():
        raise InvalidInput("--server needs an API key: --api-key or ROUTIX_API_KEY (create one in the studio or "
                           "with POST /api/v1/auth/api-keys)")
    return Remote(server, api_key.strip(), transport=transport)


def public_remote(server: str | None, api_key: str | None, *, transport: httpx.BaseTransport | None = None,
                  ) -> Remote | None:
    """Like :func:`remote_from` for public routes: the key is optional (anonymous without it)."""
    if not server or not server.strip():
        return None
    if api_key and api_key.strip():
        return remote_from(server, api_key, transport=transport)
    server = server.strip()
    if not server.startswith(("http://", "https://")):
        raise InvalidInput(f"--server must be an http:// or https:// URL, not {server!r}")
    return Remote(server, None, transport=transport)


class Remote:
    """The REST API of ``base_url`` as the user of ``api_key`` (anonymous when None; see the
    module docstring)."""

    def __init__(self, base_url: str, api_key: str | None, *, timeout: float = 60.0, poll: float = 0.5,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.poll = poll
        self.transport = transport
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout, transport=transport)

    def __enter__(self) -> Remote:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def call(self, method: str, url: str, **kwargs: Any) -> Any:
        """One API call; the JSON answer (None when empty). Raises Unavailable when the server
        cannot be reached, RoutixError with the server's message on an error answer."""
        response = self.send(method, url, **kwargs)
        return response.json() if response.content else None

    def send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One API call; the successful response itself (for file answers: ``.content``). Errors
        as :meth:`call`."""
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise Unavailable(f"cannot reach the Routix server at {self.base_url}: {exc}") from None
        if response.status_code >= 400:
            raise RoutixError(f"{error_message(response)} (HTTP {response.status_code})",
                              code=f"http_{response.status_code}")
        return response

    def upload(self, data: bytes, name: str, asset_type: str) -> str:
        """Upload an image as an asset (``face``, ``logo`` or ``image``); returns its id."""
        asset = self.call("POST", "/api/v1/assets", data={"asset_type": asset_type},
                          files={"file": (name, data, "application/octet-stream")})
        return str(asset["id"])

    def absolute(self, link: str | None) -> str | None:
        """A link the server gave, absolute (a path is made a link on the server)."""
        return self.base_url + link if link and link.startswith("/") else link

    def download(self, link: str) -> bytes:
        """The bytes behind a link the server gave: a path or a link on the server (with the
        key), or a presigned storage link (without it)."""
        try:
            if link.startswith("/") or link.startswith(self.base_url + "/"):
                response = self.http.get(link)
            else:
                with httpx.Client(timeout=60, transport=self.transport) as plain:
                    response = plain.get(link)
        except httpx.HTTPError as exc:
            raise Unavailable(f"cannot download {link}: {exc}") from None
        if response.status_code >= 400:
            raise RoutixError(f"download failed: {error_message(response)} (HTTP {response.status_code})")
        return response.content

    def follow(self, url: str, *, label: str, show: bool, wait: float,
               describe: Callable[[dict[str, Any]], str] = lambda body: str(body.get("message") or "")
               ) -> dict[str, Any]:
        """GET ``url`` every ``poll`` seconds until its ``status`` is final; a Rich bar shows
        ``progress`` (0-100) when ``show``. Raises RoutixError after ``wait`` seconds (the work
        goes on on the server)."""
        deadline = time.monotonic() + wait
        bar = Progress(TextColumn(f"[bold]{label}"), BarColumn(), TaskProgressColumn(),
                       TextColumn("{task.description}"), TimeElapsedColumn(), console=console, disable=not show,
                       transient=False)
        with bar:
            task = bar.add_task("queued", total=100)
            while True:
                body: dict[str, Any] = self.call("GET", url)
                bar.update(task, completed=int(body.get("progress") or 0), description=describe(body))
                if body.get("status") in FINAL:
                    return body
                if time.monotonic() > deadline:
                    raise RoutixError(f"still {body.get('status')} after {wait:.0f} s; it keeps running on the server "
                                      f"(`routix status {body.get('id')} --server {self.base_url}`)",
                                      code="still_running")
                time.sleep(self.poll)


__all__ = ["API_KEY", "FINAL", "SERVER", "Remote", "public_remote", "remote_from"]
