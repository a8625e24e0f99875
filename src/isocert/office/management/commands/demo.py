"""``isocert demo``: load the demonstration data set (or, when it is loaded, print its logins)."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from isocert.core.commands import JsonCommand, numbers_table, refuse_bad_input
from isocert.core.ledger import ledger_verify
from isocert.office.demo import DEFAULT_CLIENTS, DEFAULT_SEED, MIN_CLIENTS, demo_load


def _clients(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < MIN_CLIENTS:
        raise argparse.ArgumentTypeError(
            f"{number} is too few: the demo needs at least {MIN_CLIENTS} clients to show every "
            "certificate state"
        )
    return number


class Command(JsonCommand):
    help = (
        "Load the demo: 2 accreditation bodies, 3 certification bodies and their clients with "
        "four years of history driven through the services (applications, audits, findings, "
        "decisions, certificates in every state), then run the daily job for today and print one "
        "login per role. Safe to run again: when the demo is loaded it changes nothing and prints "
        "the logins. Start from an empty data directory to load it afresh."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--clients",
            type=_clients,
            default=DEFAULT_CLIENTS,
            metavar="N",
            help=f"number of clients (at least {MIN_CLIENTS}; default {DEFAULT_CLIENTS})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            metavar="N",
            help=f"seed of the random variety: names, dates, findings (default {DEFAULT_SEED})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with refuse_bad_input():
            result = demo_load(clients=options["clients"], seed=options["seed"])
        check = ledger_verify()
        if not check.ok:
            raise CommandError(
                f"the ledger does not verify at event #{check.first_broken}: {check.problem}",
                returncode=1,
            )
        data = result.as_dict()
        data["ledger"] = {"ok": check.ok, "events": check.events}
        self.emit(data, _render, as_json=options["json"])


def _render(console: Console, data: dict[str, Any]) -> None:
    counts = data["counts"]
    if data["created"]:
        console.print(f"Demo loaded in {data['seconds']:.1f} s.")
    else:
        console.print("The demo is already loaded; nothing was changed.")
    rows: list[tuple[str, Any]] = [
        ("accreditation bodies", counts["accreditation_bodies"]),
        ("certification bodies", counts["certification_bodies"]),
        ("clients", counts["clients"]),
        ("sites", counts["sites"]),
        ("applications", counts["applications"]),
        ("decisions", counts["decisions"]),
    ]
    rows += [(f"audits {status}", n) for status, n in counts["audits"].items()]
    rows += [(f"findings {kind}", n) for kind, n in counts["findings"].items()]
    rows += [(f"certificates {status}", n) for status, n in counts["certificates"].items()]
    rows += [
        ("renewed (new revision)", counts["renewed"]),
        ("transferred in (IAF MD 2)", counts["transferred_in"]),
        ("multi-site certificates", counts["multi_site"]),
        ("integrated programmes (QMS+EMS+OHSMS)", counts["integrated_programmes"]),
        ("ledger events (verified)", data["ledger"]["events"]),
    ]
    console.print(numbers_table("What the demo holds", rows))
    table = Table(
        title=f"Logins — every password is {data['password']}",
        title_justify="left",
    )
    table.add_column("Role")
    table.add_column("User name", style="bold")
    table.add_column("Body / client")
    table.add_column("Can")
    for login in data["logins"]:
        table.add_row(login["role"], login["username"], login["body"], login["can"])
    console.print(table)
    console.print(
        "Sign in at /accounts/login/ (e.g. `isocert serve`, then http://127.0.0.1:8000/)."
    )
