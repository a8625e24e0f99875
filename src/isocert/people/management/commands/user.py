"""``isocert user``: add a person of a certification body, or show a person's roles."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from isocert.accreditation.models import CertificationBody
from isocert.core.commands import JsonCommand, refuse_bad_input
from isocert.people import services
from isocert.people.choices import Role
from isocert.people.models import Membership
from isocert.people.permissions import system_actor


def _user(username: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"there is no user {username!r}", returncode=2)
    return user


def _body(acronym: str) -> CertificationBody:
    body = CertificationBody.objects.filter(acronym__iexact=acronym).first()
    if body is None:
        known = ", ".join(CertificationBody.objects.values_list("acronym", flat=True)) or "none yet"
        raise CommandError(
            f"there is no certification body {acronym!r}; known: {known}", returncode=2
        )
    return body


def _roles(user: Any) -> dict[str, Any]:
    rows = (
        Membership.objects.filter(user=user)
        .select_related("certification_body")
        .order_by("certification_body__acronym", "role")
    )
    return {
        "username": user.username,
        "email": user.email,
        "is_active": user.is_active,
        "has_password": user.has_usable_password(),
        "roles": [
            {
                "certification_body": m.certification_body.acronym,
                "role": m.role,
                "active": m.active,
            }
            for m in rows
        ],
    }


class Command(JsonCommand):
    help = (
        "Manage sign-in accounts of certification-body staff. `add` creates a person with roles at "
        "a body (as that body's administrator); `roles` lists a person's roles."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser("add", help="create a person with one or more roles at a body")
        add.add_argument("username")
        add.add_argument("--email", required=True, help="the person's e-mail address")
        add.add_argument(
            "--cb", required=True, metavar="ACRONYM", help="acronym of the certification body"
        )
        add.add_argument(
            "--role",
            action="append",
            required=True,
            choices=Role.values,
            metavar="ROLE",
            help="role at the body, repeatable: " + ", ".join(Role.values),
        )
        add.add_argument("--first-name", default="")
        add.add_argument("--last-name", default="")
        add.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input; without it the "
            "account has no usable password until reset",
        )
        add.add_argument("--json", action="store_true", help="print the result as JSON")
        roles = actions.add_parser("roles", help="list a person's roles")
        roles.add_argument("username")
        roles.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "roles":
            self.emit(_roles(_user(options["username"])), _render, as_json=options["json"])
            return
        body = _body(options["cb"])
        password = None
        if options["password_stdin"]:
            stream = options.get("stdin") or sys.stdin
            password = stream.readline().rstrip("\r\n")
            if not password:
                raise CommandError("--password-stdin: standard input had no password", returncode=2)
        with refuse_bad_input():
            user = services.person_add(
                actor=system_actor(certification_body_id=body.pk),
                username=options["username"],
                email=options["email"],
                roles=options["role"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        self.emit(_roles(user), _render, as_json=options["json"])


def _render(console: Console, data: dict[str, Any]) -> None:
    table = Table(
        title=f"{data['username']} <{data['email']}>"
        + ("" if data["is_active"] else " (inactive)")
        + ("" if data["has_password"] else " — no password set yet"),
        title_justify="left",
    )
    table.add_column("Body")
    table.add_column("Role")
    table.add_column("Active")
    for row in data["roles"]:
        table.add_row(row["certification_body"], row["role"], "yes" if row["active"] else "no")
    if not data["roles"]:
        table.add_row("—", "no role", "")
    console.print(table)
