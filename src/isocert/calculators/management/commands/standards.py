"""``isocert standards``: the certifiable standards and editions at a date, and the refused ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from isocert.calculators import selectors
from isocert.core.commands import JsonCommand, parse_date


class Command(JsonCommand):
    help = "List the management-system standards that can be certified at a date, and those that cannot."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--at", type=parse_date, metavar="YYYY-MM-DD", help="default today")

    def handle(self, *args: Any, **options: Any) -> None:
        data = selectors.standards_compute(at=options["at"] or timezone.localdate())
        self.emit(data, _render, as_json=options["json"])


def _render(console: Console, data: dict[str, Any]) -> None:
    table = Table(title=f"Certifiable on {data['at']}", title_justify="left")
    for col in ("Standard", "Title", "Valid editions", "Audit time by"):
        table.add_column(col)
    for std in data["certifiable"]:
        table.add_row(std["code"], std["title"], ", ".join(std["editions"]), std["audit_time"])
    console.print(table)
    refused = Table(title="Not certifiable (guidance)", title_justify="left")
    refused.add_column("Standard")
    refused.add_column("Why")
    for std in data["not_certifiable"]:
        refused.add_row(std["code"], std["reason"])
    console.print(refused)
