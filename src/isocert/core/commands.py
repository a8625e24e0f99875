"""Shared plumbing of the ``isocert`` commands: one way to print results and one way to fail.

Every command takes ``--json`` (stable machine-readable keys) and prints readable tables without it.
Bad input exits with status 2 and a message that says what is wrong and what is allowed.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from isocert.core.errors import validation_messages
from isocert.rules.errors import RuleError


def parse_date(value: str) -> date:
    """argparse type for dates: ``YYYY-MM-DD`` only, with a message that says so."""
    import argparse

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date; write it as YYYY-MM-DD (e.g. 2024-03-15)"
        ) from None


@contextmanager
def refuse_bad_input() -> Iterator[None]:
    """Turn rule and schema errors into a clean ``CommandError`` (exit status 2)."""
    try:
        yield
    except RuleError as exc:
        raise CommandError(f"{exc.message} [{exc.code}]", returncode=2) from None
    except ValidationError as exc:
        lines = [
            f"{p['field']}: {p['message'].removeprefix('Value error, ')}"
            for p in validation_messages(exc)
        ]
        raise CommandError("invalid input: " + "; ".join(lines), returncode=2) from None


class JsonCommand(BaseCommand):
    """A command with ``--json``; subclasses compute a dict and say how to show it as tables."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json", action="store_true", help="print the result as JSON (stable keys)"
        )

    def emit(
        self,
        data: dict[str, Any],
        render: Callable[[Console, dict[str, Any]], None],
        *,
        as_json: bool,
    ) -> None:
        if as_json:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        buffer = io.StringIO()
        render(Console(file=buffer, width=110, highlight=False), data)
        self.stdout.write(buffer.getvalue(), ending="")


def numbers_table(title: str, rows: list[tuple[str, Any]]) -> Table:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("value", justify="right", style="bold")
    for label, value in rows:
        table.add_row(label, str(value))
    return table


def steps_table(steps: list[dict[str, Any]], title: str = "How this was worked out") -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("step")
    table.add_column("clause", style="dim")
    for i, step in enumerate(steps, start=1):
        table.add_row(str(i), step["text"], step["clause"])
    return table
