"""Generate docs/cli.md from the ``--help`` of every isocert command (``make docs``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HEADER = """# `isocert` command reference

`isocert` is the project's `manage.py`: every Django command works through it (`isocert migrate`,
`isocert createsuperuser`, `isocert check --deploy` …). The project's own commands follow, generated
from their `--help` by `make docs` (a test fails when this page is stale). Commands that compute take
`--json` for machine-readable output with stable keys; bad input exits with status 2 and a message on
standard error that says what is wrong.
"""


def cli_reference() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isocert.settings")
    import django

    django.setup()
    from django.core.management import get_commands, load_command_class

    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        parts = [HEADER]
        own = sorted(
            (name, app) for name, app in get_commands().items() if app.startswith("isocert.")
        )
        for name, app in own:
            dashed = name.replace("_", "-")
            command = load_command_class(app, name)
            help_text = command.create_parser("isocert", dashed).format_help()
            parts.append(f"\n## `isocert {dashed}`\n\n```text\n{help_text.rstrip()}\n```\n")
        return "".join(parts)
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/cli.md")
    target.write_text(cli_reference())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
