"""``isocert audit-time``: IAF MD 5 / MD 11 audit time from the command line."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from rich.console import Console

from isocert.calculators import selectors
from isocert.calculators.schemas import AuditTimeIn, json_ready
from isocert.core.commands import (
    JsonCommand,
    numbers_table,
    parse_date,
    refuse_bad_input,
    steps_table,
)


def _part_time(value: str) -> dict[str, Any]:
    import argparse

    try:
        count, hours = value.lower().split("x")
        return {"count": int(count), "hours_per_week": Decimal(hours)}
    except (ValueError, InvalidOperation):
        raise argparse.ArgumentTypeError(
            f"{value!r}: write part-time staff as COUNTxHOURS, e.g. 10x20 for ten people "
            "working 20 hours a week"
        ) from None


class Command(JsonCommand):
    help = (
        "Audit time in audit days (IAF MD 5; IAF MD 11 for integrated audits): initial "
        "(stage 1 + stage 2), surveillance and recertification, with the justification of each number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--standard",
            action="append",
            required=True,
            metavar="STANDARD",
            help='standard audited, e.g. "ISO 9001" or "ISO 14001:2015"; repeat for an integrated audit',
        )
        parser.add_argument(
            "--personnel", type=int, required=True, help="full-time personnel in scope (all shifts)"
        )
        parser.add_argument(
            "--part-time",
            action="append",
            type=_part_time,
            default=[],
            metavar="COUNTxHOURS",
            help="part-time staff converted to full-time equivalents, e.g. 10x20; repeatable",
        )
        parser.add_argument("--seasonal", type=int, default=0, help="seasonal staff present")
        parser.add_argument(
            "--repetitive",
            type=int,
            default=0,
            help="people doing similar repetitive tasks (counted by square root; needs a justification)",
        )
        parser.add_argument("--repetitive-justification", default="")
        parser.add_argument(
            "--complexity",
            action="append",
            default=[],
            choices=["high", "medium", "low", "limited"],
            help="EMS environmental complexity / OH&SMS risk; once for all, or once per --standard",
        )
        parser.add_argument(
            "--reduction",
            type=Decimal,
            default=Decimal(0),
            metavar="PERCENT",
            help="MD 5 reduction in percent (at most 30); needs --justification",
        )
        parser.add_argument(
            "--increase",
            type=Decimal,
            default=Decimal(0),
            metavar="PERCENT",
            help="MD 5 increase in percent; needs --justification",
        )
        parser.add_argument(
            "--justification", default="", help="why the time is reduced or increased"
        )
        parser.add_argument(
            "--integration",
            type=Decimal,
            default=Decimal(0),
            metavar="PERCENT",
            help="MD 11 integration reduction in percent (at most 20)",
        )
        parser.add_argument("--integration-justification", default="")
        parser.add_argument(
            "--at",
            type=parse_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="date the editions must be valid at (default today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with refuse_bad_input():
            payload = AuditTimeIn.model_validate(
                {
                    "standards": options["standard"],
                    "personnel": options["personnel"],
                    "part_time": options["part_time"],
                    "seasonal": options["seasonal"],
                    "repetitive": options["repetitive"],
                    "repetitive_justification": options["repetitive_justification"],
                    "complexity": options["complexity"],
                    "reduction_percent": options["reduction"],
                    "increase_percent": options["increase"],
                    "justification": options["justification"],
                    "integration_percent": options["integration"],
                    "integration_justification": options["integration_justification"],
                    "at": options["at"],
                }
            )
            data = json_ready(selectors.audit_time_compute(payload, today=timezone.localdate()))
        if not data:
            raise CommandError("no result", returncode=2)
        self.emit(data, _render, as_json=options["json"])


def _render(console: Console, data: dict[str, Any]) -> None:
    title = f"Audit time — {' + '.join(data['editions'])}, {data['personnel']} effective personnel"
    console.print(
        numbers_table(
            title,
            [
                ("Initial audit (stage 1 + stage 2)", data["initial_days"]),
                ("  Stage 1", data["stage1_days"]),
                ("  Stage 2", data["stage2_days"]),
                ("Each surveillance audit", data["surveillance_days"]),
                ("Recertification audit", data["recertification_days"]),
                ("Minimum on site", data["onsite_min_days"]),
                ("Least allowed after reductions", data["floor_days"]),
            ],
        )
    )
    console.print(steps_table(data["effective_personnel"]["steps"] + data["steps"]))
    console.print(
        "Audit days of 8 hours. Values marked [R] in the steps are unverified; see docs/rules.md."
    )
