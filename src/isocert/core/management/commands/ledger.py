"""``isocert ledger verify``: prove the event ledger's hash chain intact, or name the first broken event."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from isocert.core.ledger import ledger_verify


class Command(BaseCommand):
    help = "Work with the append-only event ledger. `verify` recomputes every hash in order."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"], help="what to do")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        result = ledger_verify()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "ok": result.ok,
                        "events": result.events,
                        "first_broken": result.first_broken,
                        "problem": result.problem,
                    }
                )
            )
        elif result.ok:
            self.stdout.write(f"Ledger intact: {result.events} events, every hash checks.")
        if not result.ok:
            raise CommandError(
                f"Ledger broken at event #{result.first_broken}: {result.problem} "
                f"({result.events} events before it check).",
                returncode=1,
            )
