"""Logs you can follow: the request id and job id on every log line, as JSON or as text.

- ``request_id`` and ``job_id`` are context variables. The HTTP middleware
  (:class:`routix.api.request_id.RequestIdMiddleware`) sets the request id for the request;
  the job runner sets the job id, and the id of the request that enqueued the job, while the
  job runs (:func:`job_context`).
- :func:`remember_origin` / :func:`origin_of` carry a request id from the request that
  enqueued a job to the worker that runs it: in this process through a bounded map, to a
  Celery worker in the "run job X" message.
- :func:`configure` installs one stderr handler on the root logger: ``json`` writes one JSON
  object per line (``ts``, ``level``, ``logger``, ``message``, ``request_id``, ``job_id``,
  ``exc`` when there is a traceback, and any ``extra=`` fields), ``text`` a readable line with
  the ids in brackets. ``ROUTIX_LOG_FORMAT`` chooses (default ``text``).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

LogFormat = Literal["json", "text"]

request_id_var: ContextVar[str | None] = ContextVar("routix_request_id", default=None)
job_id_var: ContextVar[str | None] = ContextVar("routix_job_id", default=None)

#: A request id a client may choose: 1-128 letters, digits and ``-_.:`` (anything else is replaced).
_VALID_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}")

#: The attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "taskName", "color_message"}  # color_message: uvicorn's ANSI copy of the message


def new_request_id() -> str:
    """A fresh request id: 32 lowercase hex digits."""
    return uuid.uuid4().hex


def is_valid_request_id(value: object) -> bool:
    """Whether ``value`` is a request id a client may choose (1-128 of ``A-Za-z0-9._:-``,
    starting with a letter or digit)."""
    return isinstance(value, str) and _VALID_ID.fullmatch(value) is not None


def accept_request_id(given: str | None) -> str:
    """``given`` (a client's ``X-Request-ID``) when it is a valid id, else a fresh one."""
    return given if given is not None and is_valid_request_id(given) else new_request_id()


def current_request_id() -> str | None:
    """The request id of the work running in this context, or None."""
    return request_id_var.get()


def current_job_id() -> str | None:
    """The id of the job running in this context, or None."""
    return job_id_var.get()


class _Origins:
    """job id -> the request id that enqueued it; the newest ``size`` entries are kept."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._map: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, job_id: str, request_id: str) -> None:
        with self._lock:
            self._map[job_id] = request_id
            self._map.move_to_end(job_id)
            while len(self._map) > self.size:
                self._map.popitem(last=False)

    def get(self, job_id: str) -> str | None:
        with self._lock:
            return self._map.get(job_id)


_origins = _Origins()


def remember_origin(job_id: str, request_id: str | None = None) -> str | None:
    """Remember that ``request_id`` (default: the current one) enqueued job ``job_id``;
    returns the request id remembered (None when there is none)."""
    request_id = request_id or current_request_id()
    if request_id:
        _origins.put(str(job_id), request_id)
    return request_id


def origin_of(job_id: str) -> str | None:
    """The request id that enqueued job ``job_id``, when this process knows it."""
    return _origins.get(str(job_id))


@contextmanager
def job_context(job_id: str, request_id: str | None = None) -> Iterator[None]:
    """Log lines inside the block carry ``job_id`` and ``request_id`` (default: the id of the
    request that enqueued the job, when known)."""
    job_token = job_id_var.set(str(job_id))
    request_token = request_id_var.set(request_id or origin_of(job_id) or request_id_var.get())
    try:
        yield
    finally:
        request_id_var.reset(request_token)
        job_id_var.reset(job_token)


class ContextFilter(logging.Filter):
    """Copies the current ``request_id`` and ``job_id`` onto each record (None when unset;
    values a caller passed with ``extra=`` win)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        if getattr(record, "job_id", None) is None:
            record.job_id = current_job_id()
        return True


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


class JsonFormatter(logging.Formatter):
    """One JSON object per record (see the module docstring for the fields)."""

    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "job_id": getattr(record, "job_id", None),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in body:
                body[key] = _plain(value)
        if record.exc_info:
            body["exc"] = self.formatException(record.exc_info)
        return json.dumps(body, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """``<time> <LEVEL> <logger> [request=<id> job=<id>] <message>`` (ids only when set)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(ids)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        ids = [f"{name}={value}" for name, value in (("request", getattr(record, "request_id", None)),
                                                    ("job", getattr(record, "job_id", None))) if value]
        record.ids = f" [{' '.join(ids)}]" if ids else ""
        return super().format(record)


def handler(log_format: LogFormat, stream: TextIO | None = None) -> logging.Handler:
    """A stream handler (default stderr) with the ids filter and the ``log_format`` formatter."""
    out = logging.StreamHandler(stream or sys.stderr)
    out.addFilter(ContextFilter())
    out.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    out.set_name("routix")
    return out


def configure(log_format: LogFormat = "text", level: int | str = logging.INFO) -> logging.Handler:
    """Make the root logger write through :func:`handler` (replacing an earlier ``configure``'s
    handler, leaving others alone) at ``level``; returns the handler."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "routix"]:
        root.removeHandler(old)
    installed = handler(log_format)
    root.addHandler(installed)
    root.setLevel(level.upper() if isinstance(level, str) else level)
    return installed


__all__ = [
    "ContextFilter", "JsonFormatter", "LogFormat", "TextFormatter", "accept_request_id", "configure",
    "current_job_id", "current_request_id", "handler", "is_valid_request_id", "job_context", "new_request_id",
    "origin_of", "remember_origin", "request_id_var",
]
