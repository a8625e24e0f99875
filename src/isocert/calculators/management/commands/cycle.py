"""``isocert cycle``: certification-cycle dates and the renewal / restoration answer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from rich.console import Console

from isocert.calculators import selectors
from isocert.calculators.schemas import CycleIn, json_ready
from isocert.core.commands import (
    JsonCommand,
    numbers_table,
    parse_date,
    refuse_bad_input,
    steps_table,
)


class Command(JsonCommand):
    help = (
        "Certificate expiry and audit programme from a certification decision date "
        "(ISO/IEC 17021-1 9.1.3); with --current-expiry and --recertification-decision, whether "
        "recertification is a renewal, a restoration or refused (9.6.3)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--decision-date",
            type=parse_date,
            metavar="YYYY-MM-DD",
            help="date of the certification decision",
        )
        parser.add_argument(
            "--surveillance-1-date",
            type=parse_date,
            metavar="YYYY-MM-DD",
            help="when surveillance 1 was done, if it was",
        )
        parser.add_argument(
            "--current-expiry",
            type=parse_date,
            metavar="YYYY-MM-DD",
            help="expiry date of the certificate being renewed",
        )
        parser.add_argument(
            "--recertification-decision",
            type=parse_date,
            metavar="YYYY-MM-DD",
            help="date of the recertification decision",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with refuse_bad_input():
            payload = CycleIn.model_validate(
                {
                    "decision_date": options["decision_date"],
                    "surveillance_1_date": options["surveillance_1_date"],
                    "current_expiry": options["current_expiry"],
                    "recertification_decision": options["recertification_decision"],
                }
            )
            data = json_ready(selectors.cycle_compute(payload))
        self.emit(data, _render, as_json=options["json"])


def _render(console: Console, data: dict[str, Any]) -> None:
    if "expiry_date" in data:
        console.print(
            numbers_table(
                "Certification cycle",
                [
                    ("Certification decision", data["decision_date"]),
                    ("Surveillance 1 due by", data["surveillance_1_due"]),
                    ("Surveillance 2 due by", data["surveillance_2_due"]),
                    ("Recertification due by", data["recertification_due"]),
                    ("Certificate expiry", data["expiry_date"]),
                ],
            )
        )
        console.print(steps_table(data["steps"]))
    if "recertification" in data:
        rec = data["recertification"]
        console.print(f"[bold]{rec['kind'].upper()}[/bold]: {rec['message']}")
        if rec.get("new_expiry"):
            console.print(f"New expiry date: [bold]{rec['new_expiry']}[/bold]")
        console.print(steps_table(rec["steps"]))
