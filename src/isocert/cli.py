"""The ``isocert`` command: the project's ``manage.py``.

Every Django management command works through it (``isocert migrate``, ``isocert createsuperuser`` …)
beside the project's own. Command names are written with dashes (``isocert audit-time``); the
underscore form (``audit_time``) works too.
"""

from __future__ import annotations

import os
import sys


def _dashes_to_command(argv: list[str]) -> list[str]:
    if len(argv) > 1 and not argv[1].startswith("-") and "-" in argv[1]:
        return [argv[0], argv[1].replace("-", "_"), *argv[2:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isocert.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "isocert"
    execute_from_command_line(_dashes_to_command(args))


if __name__ == "__main__":  # pragma: no cover
    main()
