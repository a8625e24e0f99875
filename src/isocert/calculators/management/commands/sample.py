"""``isocert sample``: IAF MD 1 multi-site sample sizes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.management.base import CommandParser
from rich.console import Console

from isocert.calculators import selectors
from isocert.calculators.schemas import SampleIn, json_ready
from isocert.core.commands import JsonCommand, numbers_table, refuse_bad_input, steps_table


class Command(JsonCommand):
    help = (
        "Sites to visit at initial, surveillance and recertification audits of a multi-site "
        "organisation (IAF MD 1), besides the central function, which is audited every time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--sites",
            type=int,
            required=True,
            help="sites besides the central function (x in IAF MD 1)",
        )
        parser.add_argument(
            "--risk-increase",
            type=Decimal,
            default=Decimal(0),
            metavar="PERCENT",
            help="increase the sample by this percent when the risk analysis calls for it",
        )
        parser.add_argument(
            "--no-sampling",
            action="store_true",
            help="sampling not allowed (IAF MD 1 §6.2): all sites, 30 %% per surveillance",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with refuse_bad_input():
            payload = SampleIn.model_validate(
                {
                    "sites": options["sites"],
                    "risk_increase_percent": options["risk_increase"],
                    "sampling": not options["no_sampling"],
                }
            )
            data = json_ready(selectors.sample_compute(payload))
        self.emit(data, _render, as_json=options["json"])


def _render(console: Console, data: dict[str, Any]) -> None:
    console.print(
        numbers_table(
            f"Sites to visit of {data['sites']} (plus the central function every time)",
            [
                ("Initial audit", data["initial"]),
                ("Each surveillance audit", data["surveillance"]),
                ("Recertification audit", data["recertification"]),
            ],
        )
    )
    console.print(steps_table(data["steps"]))
