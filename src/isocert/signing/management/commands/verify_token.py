"""``isocert verify-token TOKEN``: check the token of a certificate's QR code, online or offline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from isocert.signing.management.commands._verdict import EXIT_HELP, VerdictCommand
from isocert.signing.verify import DatabaseKeys, JwksKeys, KeySource, token_from_text, token_verify


class Command(VerdictCommand):
    help = (
        "Check a QR token (or the whole verification URL). With --jwks it runs offline: only the "
        "body's published keys are needed (`isocert keys export-public` or /.well-known/jwks.json), "
        "no database and no network; the live status is then not known. Without it, the registry's "
        "keys and live record are used. " + EXIT_HELP
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token", help="the token, or the URL the QR code holds")
        parser.add_argument("--jwks", metavar="FILE", help="published keys (JWKS JSON): offline")
        super().add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        keys: KeySource = DatabaseKeys()
        if options.get("jwks"):
            try:
                keys = JwksKeys(json.loads(Path(options["jwks"]).read_text()))
            except OSError as exc:
                raise CommandError(
                    f"cannot read {options['jwks']}: {exc.strerror}", returncode=2
                ) from None
            except ValueError as exc:
                raise CommandError(
                    f"{options['jwks']} is not a JWKS document: {exc}", returncode=2
                ) from None
        self.finish(
            token_verify(token_from_text(options["token"]), keys=keys), as_json=options["json"]
        )
