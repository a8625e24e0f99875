"""``isocert load-reference``: copy the standards catalogue and IAF codes into the database."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from isocert.catalog.services import catalog_sync


class Command(BaseCommand):
    help = "Load (or refresh) the standards catalogue and the 39 IAF codes. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        result = catalog_sync()
        counts = {
            "standards": result.standards,
            "editions": result.editions,
            "iaf_codes": result.iaf_codes,
        }
        if options["json"]:
            self.stdout.write(json.dumps(counts))
        else:
            self.stdout.write(
                f"Loaded {result.standards} standards, {result.editions} editions, "
                f"{result.iaf_codes} IAF codes."
            )
