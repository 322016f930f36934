"""Reading a Routix server's error answers on the client side (the CLI's and the MCP server's
remote modes)."""

from __future__ import annotations

from typing import Any, Protocol


class Answer(Protocol):
    """What is read of an HTTP answer (an ``httpx.Response`` fits)."""

    @property
    def status_code(self) -> int: ...

    @property
    def text(self) -> str: ...

    def json(self) -> Any: ...


def error_message(response: Answer) -> str:
    """The server's message in an error answer: the problem's ``detail``, OpenAI's
    ``error.message`` on ``/v1``, else the status and the start of the body."""
    try:
        body = response.json()
    except ValueError:
        return f"the server answered {response.status_code}: {response.text[:200]}"
    if isinstance(body, dict):
        if isinstance(body.get("detail"), str):
            return str(body["detail"])
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
    return f"the server answered {response.status_code}"


__all__ = ["error_message"]
