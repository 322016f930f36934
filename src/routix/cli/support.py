"""Shared pieces of the CLI: the stderr console and the one-line error handler."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import typer
from rich.console import Console

from routix.errors import RoutixError

console = Console(stderr=True)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn Routix errors into one line on stderr and exit status 1."""
    try:
        yield
    except RoutixError as exc:
        console.print(f"[bold red]error:[/] {exc.message}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
