"""``isocert certificate pdf NUMBER --output FILE``: the signed certificate PDF of one revision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from isocert.core.commands import refuse_bad_input
from isocert.core.permissions import Actor
from isocert.people.choices import Role
from isocert.signing import selectors, services


class Command(BaseCommand):
    help = (
        "Certificate documents. `pdf` writes the signed PDF of a certificate (any issued revision): "
        "QR code with a signed verification token, PAdES signature of the issuing body."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.epilog = (
            "`isocert certificate ACTION --help` shows the options of each action; docs/signing.md "
            "explains keys, tokens and verdicts."
        )
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        pdf = actions.add_parser("pdf", help="write the signed certificate PDF")
        pdf.add_argument("number", help="printed certificate number, e.g. ACME-9001-000001-R1")
        pdf.add_argument("--output", required=True, metavar="FILE", help="where to write it")

    def handle(self, *args: Any, **options: Any) -> None:
        cert = selectors.certificate_by_lookup_key(options["number"])
        if cert is None:
            raise CommandError(
                f"no certificate numbered {options['number']!r} (write it as printed, "
                "with -R<revision> for a revision)",
                returncode=2,
            )
        actor = Actor(user=None, cb_id=cert.certification_body_id, roles=frozenset({Role.CB_ADMIN}))
        with refuse_bad_input():
            pdf = services.certificate_pdf_render(certificate=cert, actor=actor)
        target = Path(options["output"])
        try:
            target.write_bytes(pdf)
        except OSError as exc:
            raise CommandError(f"cannot write {target}: {exc.strerror}", returncode=2) from None
        self.stdout.write(
            f"wrote {target} ({len(pdf):,} bytes): certificate {cert.printed_number}, "
            f"{cert.get_status_display()}, signed by {cert.certification_body.name}"
        )
