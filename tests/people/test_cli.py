"""``isocert user`` and ``isocert token``: the same services, --json with stable keys, exit 2 on bad input."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from isocert.core.models import ApiToken, Event
from isocert.people.models import Membership

pytestmark = pytest.mark.django_db

STRONG = "a-long-unusual-passphrase-7"


def run(*args: str, **options: Any) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def run_json(*args: str, **options: Any) -> Any:
    return json.loads(run(*args, "--json", **options))


def test_user_add_with_roles_and_password_from_stdin(personas: Any) -> None:
    data = run_json(
        "user",
        "add",
        "newbie",
        "--email",
        "n@acme.example",
        "--cb",
        "acme",
        "--role",
        "auditor",
        "--role",
        "technical_expert",
        "--password-stdin",
        stdin=StringIO(STRONG + "\n"),
    )
    assert data["username"] == "newbie"
    assert data["has_password"] is True
    assert [(r["certification_body"], r["role"], r["active"]) for r in data["roles"]] == [
        ("ACME", "auditor", True),
        ("ACME", "technical_expert", True),
    ]
    assert authenticate(username="newbie", password=STRONG) is not None
    event = Event.objects.get(kind="person.added")
    assert event.actor_label == "system"


def test_user_add_without_password_has_none(personas: Any) -> None:
    out = run(
        "user", "add", "newbie", "--email", "n@acme.example", "--cb", "ACME", "--role", "auditor"
    )
    assert "no password set yet" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lead", "--email", "l@x.example", "--cb", "ACME", "--role", "auditor"], "taken"),
        (["newbie", "--email", "bad", "--cb", "ACME", "--role", "auditor"], "not an e-mail"),
        (
            ["newbie", "--email", "n@x.example", "--cb", "NOPE", "--role", "auditor"],
            "no certification body 'NOPE'",
        ),
    ],
)
def test_user_add_bad_input_exits_2(personas: Any, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as caught:
        run("user", "add", *args)
    assert caught.value.returncode == 2
    assert not Membership.objects.filter(user__username="newbie").exists()


def test_weak_password_exits_2(personas: Any) -> None:
    with pytest.raises(CommandError, match="too weak") as caught:
        run(
            "user",
            "add",
            "newbie",
            "--email",
            "n@x.example",
            "--cb",
            "ACME",
            "--role",
            "auditor",
            "--password-stdin",
            stdin=StringIO("123\n"),
        )
    assert caught.value.returncode == 2


def test_unknown_role_is_rejected(personas: Any) -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        run("user", "add", "newbie", "--email", "n@x.example", "--cb", "ACME", "--role", "boss")


def test_user_roles(personas: Any) -> None:
    data = run_json("user", "roles", "other")
    assert {r["role"] for r in data["roles"]} == {
        "cb_admin",
        "scheme_manager",
        "lead_auditor",
        "decision_maker",
    }
    assert {r["certification_body"] for r in data["roles"]} == {"BORE"}
    assert "lead_auditor" in run("user", "roles", "lead")
    with pytest.raises(CommandError, match="no user 'ghost'") as caught:
        run("user", "roles", "ghost")
    assert caught.value.returncode == 2


def test_token_create_list_revoke(personas: Any) -> None:
    created = run_json("token", "create", "lead", "--name", "ERP sync")
    assert created["secret"].startswith("isc_")
    row = ApiToken.objects.get(pk=created["id"])
    assert row.user == personas.lead and row.name == "ERP sync"
    listed = run_json("token", "list", "lead")
    assert [t["id"] for t in listed["tokens"]] == [created["id"]]
    assert "secret" not in listed["tokens"][0]
    revoked = run_json("token", "revoke", "lead", str(created["id"]))
    assert revoked["revoked_at"] is not None


def test_token_create_prints_the_secret_once(personas: Any) -> None:
    out = run("token", "create", "lead", "--name", "ci")
    secret = next(line for line in out.splitlines() if line.startswith("isc_"))
    assert ApiToken.objects.get(user=personas.lead).prefix == secret[:10]
    assert secret not in run("token", "list", "lead")


def test_token_revoke_of_someone_elses_token_exits_2(personas: Any) -> None:
    created = run_json("token", "create", "admin", "--name", "x")
    with pytest.raises(CommandError, match="lead has no token") as caught:
        run("token", "revoke", "lead", str(created["id"]))
    assert caught.value.returncode == 2
    assert ApiToken.objects.get(pk=created["id"]).revoked_at is None


def test_token_for_unknown_user_exits_2(personas: Any) -> None:
    with pytest.raises(CommandError) as caught:
        run("token", "create", "ghost", "--name", "x")
    assert caught.value.returncode == 2


def test_the_real_command_line_exits_2_on_a_bad_role() -> None:
    import os
    import subprocess
    import sys

    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "isocert",
            "user",
            "add",
            "x",
            "--email",
            "x@example.org",
            "--cb",
            "ACME",
            "--role",
            "boss",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
        check=False,
    )
    assert res.returncode == 2
    assert "invalid choice: 'boss'" in res.stderr
