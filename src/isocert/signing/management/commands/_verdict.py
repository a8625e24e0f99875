"""How the verify commands print a verdict, and the exit status they end with."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from isocert.signing.verify import Check

EXIT_HELP = (
    "Exit status 0 when the certificate is genuine and valid, 1 for every other verdict, 2 when "
    "the input cannot be used."
)


class VerdictCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the verdict as JSON")

    def finish(self, check: Check, *, as_json: bool) -> None:
        data = check.as_dict()
        if as_json:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(_render(data), ending="")
        if not check.valid:
            raise CommandError(f"{check.verdict.value}: {check.title}", returncode=1)


def _render(data: dict[str, Any]) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=110, highlight=False)
    console.print(f"[bold]{data['title']}[/bold]  ({data['verdict']})")
    for reason in data["reasons"]:
        console.print(f"  - {reason}")
    claims = data.get("claims")
    if claims:
        table = Table(title="Signed claims", title_justify="left", show_header=False)
        table.add_column("claim")
        table.add_column("value")
        for key in ("n", "r", "h", "s", "iss", "od", "ed", "xd"):
            if key in claims:
                table.add_row(key, str(claims[key]))
        console.print(table)
    if data["differences"]:
        table = Table(title="Differences from the registry", title_justify="left")
        table.add_column("what")
        table.add_column("document")
        table.add_column("registry")
        for diff in data["differences"]:
            table.add_row(diff["label"], diff["document"], diff["registry"])
        console.print(table)
    return buffer.getvalue()
