"""``isocert tick``: the daily job (expire certificates, flag overdue work, queue reminder mails)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone
from rich.console import Console

from isocert.certification.services import tick_run
from isocert.core.commands import JsonCommand, numbers_table, parse_date, refuse_bad_input
from isocert.core.permissions import Actor


def _render(console: Console, data: dict[str, Any]) -> None:
    rows = [
        ("certificates expired", data["expired"]),
        ("certificates flagged: surveillance overdue", data["surveillance_overdue_flagged"]),
        ("certificates flagged: suspended over 6 months", data["suspensions_flagged"]),
        ("flags cleared", data["flags_cleared"]),
        ("reminder mails queued", data["reminders_queued"]),
    ]
    rows += [(f"  {kind}", n) for kind, n in data["reminders"].items() if n]
    console.print(numbers_table(f"Daily job for {data['today']}", rows))


class Command(JsonCommand):
    help = (
        "Run the daily job: expire certificates past their expiry date, flag overdue surveillance "
        "and suspensions older than 6 months, and queue reminder mails (audits due within 30 "
        "days, corrective actions due within 7 days or overdue, suspension deadlines) for the "
        "task worker. Safe to run more than once a day: a second run changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--today",
            type=parse_date,
            default=None,
            help="run as if today were this date, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        with refuse_bad_input():
            summary = tick_run(actor=Actor(user=None), today=today)
        self.emit(summary.as_dict(), _render, as_json=options["json"])
