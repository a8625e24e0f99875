"""``isocert verify-pdf FILE``: is this certificate PDF genuine, and is the certificate valid?"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from isocert.signing import conf
from isocert.signing.management.commands._verdict import EXIT_HELP, VerdictCommand
from isocert.signing.verify import pdf_verify


class Command(VerdictCommand):
    help = (
        "Check a certificate PDF: its PAdES signature (altered after signing?), the signing "
        "certificate against the keys the bodies published (unknown, revoked, expired?), then the "
        "certificate's live status in the registry. An unsigned PDF is compared with the registry "
        "record its number points to. " + EXIT_HELP
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the PDF to check")
        super().add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            size = path.stat().st_size
            if size > conf.MAX_UPLOAD_BYTES:
                raise CommandError(
                    f"{path} is {size:,} bytes; a certificate PDF is under "
                    f"{conf.MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
                    returncode=2,
                )
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from None
        self.finish(pdf_verify(data), as_json=options["json"])
