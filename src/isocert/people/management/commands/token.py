"""``isocert token``: create (the secret is printed once), list and revoke a person's API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from isocert.core.commands import JsonCommand
from isocert.core.models import ApiToken
from isocert.core.tokens import api_token_create, api_token_revoke
from isocert.people.selectors import token_list


def _user(username: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"there is no user {username!r}", returncode=2)
    return user


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def _token(row: ApiToken) -> dict[str, Any]:
    return {
        "id": row.pk,
        "name": row.name,
        "prefix": row.prefix,
        "created_at": _iso(row.created_at),
        "last_used_at": _iso(row.last_used_at),
        "revoked_at": _iso(row.revoked_at),
    }


class Command(JsonCommand):
    help = (
        "Manage a person's personal API tokens (sent as `Authorization: Bearer TOKEN`). `create` "
        "prints the secret once; only a digest is kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="create a token and print its secret once")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for")
        listing = actions.add_parser("list", help="list a person's tokens (never the secrets)")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="revoke one of a person's tokens")
        revoke.add_argument("username")
        revoke.add_argument("id", type=int, help="the token's id (see `isocert token list`)")
        for sub in (create, listing, revoke):
            sub.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        user = _user(options["username"])
        action = options["action"]
        if action == "create":
            name = options["name"].strip()
            if not name or len(name) > 100:
                raise CommandError("--name: give 1 to 100 characters", returncode=2)
            if not user.is_active:
                raise CommandError(
                    f"{user.username} is inactive; tokens would not work", returncode=2
                )
            made = api_token_create(user=user, name=name)
            data = {"username": user.username, **_token(made.token), "secret": made.secret}
            self.emit(data, _render_created, as_json=options["json"])
        elif action == "list":
            data = {"username": user.username, "tokens": [_token(t) for t in token_list(user=user)]}
            self.emit(data, _render_list, as_json=options["json"])
        else:
            if not ApiToken.objects.filter(user=user, pk=options["id"]).exists():
                raise CommandError(
                    f"{user.username} has no token {options['id']}; "
                    f"`isocert token list {user.username}` shows their ids",
                    returncode=2,
                )
            row = api_token_revoke(user=user, token_id=options["id"])
            self.emit(
                {"username": user.username, **_token(row)}, _render_revoked, as_json=options["json"]
            )


def _render_created(console: Console, data: dict[str, Any]) -> None:
    console.print(f"Token {data['id']} “{data['name']}” for {data['username']}:")
    console.print(data["secret"], soft_wrap=True)
    console.print("Copy it now: it is shown this once and cannot be shown again.")


def _render_list(console: Console, data: dict[str, Any]) -> None:
    table = Table(title=f"API tokens of {data['username']}", title_justify="left")
    for col in ("Id", "Name", "Starts with", "Created", "Last used", "Revoked"):
        table.add_column(col)
    for t in data["tokens"]:
        table.add_row(
            str(t["id"]),
            t["name"],
            t["prefix"] + "…",
            (t["created_at"] or "")[:19],
            (t["last_used_at"] or "never")[:19],
            (t["revoked_at"] or "")[:19],
        )
    console.print(table)


def _render_revoked(console: Console, data: dict[str, Any]) -> None:
    console.print(f"Token {data['id']} “{data['name']}” of {data['username']} revoked.")
