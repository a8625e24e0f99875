"""``isocert keys``: a certification body's signing keys — create, list, rotate, revoke, export, import.

Only public parts are ever printed. Private keys stay sealed in the database under the key-encryption
key (``ISOCERT_KEY_ENCRYPTION_KEY``); nothing here reads or shows them.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from isocert.core.commands import refuse_bad_input
from isocert.core.permissions import Actor
from isocert.people.choices import Role
from isocert.signing import conf, selectors, services
from isocert.signing.models import SigningKey


def _actor(cb_id: int) -> Actor:
    """The operator at the console acts as an administrator of the named body."""
    return Actor(user=None, cb_id=cb_id, roles=frozenset({Role.CB_ADMIN}))


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(
            f"cannot read the {what} file {path}: {exc.strerror}", returncode=2
        ) from None


def _row(key: SigningKey) -> dict[str, Any]:
    return {
        "kid": key.kid,
        "body": key.certification_body.acronym,
        "kind": key.kind,
        "origin": key.origin,
        "algorithm": key.algorithm,
        "status": key.status.value,
        "not_before": key.not_before.isoformat(),
        "not_after": key.not_after.isoformat(),
        "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
        "fingerprint_sha256": key.fingerprint,
    }


class Command(BaseCommand):
    help = (
        "Signing keys of a certification body: an Ed25519 key signs the QR token, an X.509 "
        "certificate (issued by a self-issued body CA, or imported from a real CA) signs the PDF. "
        "Rotation keeps old keys verifying until they expire; revocation stops trusting them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.epilog = (
            "`isocert keys ACTION --help` shows the options of each action; docs/signing.md "
            "explains keys, tokens and verdicts."
        )
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        create = actions.add_parser("create", help="first keys of a body (refused if it has some)")
        rotate = actions.add_parser("rotate", help="new keys that sign from now on")
        for sub in (create, rotate):
            sub.add_argument("--cb", required=True, metavar="ACRONYM", help="the body")
            sub.add_argument(
                "--years", type=int, default=conf.KEY_YEARS, help="validity (default %(default)s)"
            )
            sub.add_argument(
                "--kind",
                choices=["all", "ed25519", "x509"],
                default="all",
                help="which keys (default: both)",
            )
            sub.add_argument("--json", action="store_true", help="print JSON")
        rotate.add_argument("--reason", default="", help="why (kept in the ledger)")

        listing = actions.add_parser("list", help="keys with their status")
        listing.add_argument("--cb", metavar="ACRONYM", help="only this body")
        listing.add_argument("--json", action="store_true", help="print JSON")

        revoke = actions.add_parser("revoke", help="stop trusting a key")
        revoke.add_argument("kid", help="the key id, e.g. ACME-ed25519-20250101-1a2b3c4d")
        revoke.add_argument("--reason", required=True, help="why (kept in the ledger)")
        revoke.add_argument("--json", action="store_true", help="print JSON")

        export = actions.add_parser(
            "export-public", help="the public keys as a JWKS document (for offline checks)"
        )
        export.add_argument("--cb", metavar="ACRONYM", help="only this body (default: all)")
        export.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")

        imp = actions.add_parser(
            "import-x509", help="use a PDF signing certificate and key from a real CA"
        )
        imp.add_argument("--cb", required=True, metavar="ACRONYM", help="the body")
        imp.add_argument("--cert", required=True, metavar="FILE", help="certificate (PEM or DER)")
        imp.add_argument("--key", required=True, metavar="FILE", help="private key (PEM or DER)")
        imp.add_argument("--chain", metavar="FILE", help="issuing certificates (PEM)")
        imp.add_argument("--password-file", metavar="FILE", help="file holding the key's password")
        imp.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        with refuse_bad_input():
            try:
                getattr(self, "_" + action.replace("-", "_"))(options)
            except Http404 as exc:
                raise CommandError(str(exc), returncode=2) from None

    # --- actions ---------------------------------------------------------------------------

    def _create(self, options: dict[str, Any]) -> None:
        body = selectors.body_by_acronym(options["cb"])
        keys = services.signing_keys_create(
            actor=_actor(body.pk),
            certification_body=body,
            years=options["years"],
            kind=options["kind"],
        )
        self._show(keys, options["json"], f"New signing keys of {body.acronym}")

    def _rotate(self, options: dict[str, Any]) -> None:
        body = selectors.body_by_acronym(options["cb"])
        keys = services.signing_keys_rotate(
            actor=_actor(body.pk),
            certification_body=body,
            years=options["years"],
            kind=options["kind"],
            reason=options["reason"],
        )
        self._show(
            keys, options["json"], f"New signing keys of {body.acronym} (old ones verify on)"
        )

    def _list(self, options: dict[str, Any]) -> None:
        body = selectors.body_by_acronym(options["cb"]) if options.get("cb") else None
        keys = list(selectors.signing_key_list(certification_body=body))
        self._show(keys, options["json"], "Signing keys")

    def _revoke(self, options: dict[str, Any]) -> None:
        key = SigningKey.objects.filter(kid=options["kid"].strip()).first()
        if key is None:
            raise CommandError(
                f"no signing key {options['kid']}; `isocert keys list` shows the key ids",
                returncode=2,
            )
        revoked = services.signing_key_revoke(
            actor=_actor(key.certification_body_id), kid=key.kid, reason=options["reason"]
        )
        self._show(revoked, options["json"], "Revoked")

    def _export_public(self, options: dict[str, Any]) -> None:
        body = selectors.body_by_acronym(options["cb"]) if options.get("cb") else None
        text = json.dumps(selectors.jwks_document(certification_body=body), indent=2)
        if options.get("output"):
            Path(options["output"]).write_text(text + "\n")
            self.stdout.write(f"wrote {options['output']}")
        else:
            self.stdout.write(text)

    def _import_x509(self, options: dict[str, Any]) -> None:
        body = selectors.body_by_acronym(options["cb"])
        password = None
        if options.get("password_file"):
            password = _read(options["password_file"], "password").strip()
        key = services.signing_key_import_x509(
            actor=_actor(body.pk),
            certification_body=body,
            certificate=_read(options["cert"], "certificate"),
            private_key_data=_read(options["key"], "key"),
            password=password,
            chain=_read(options["chain"], "chain") if options.get("chain") else None,
        )
        self._show([key], options["json"], f"Imported for {body.acronym}")

    def _show(self, keys: list[SigningKey], as_json: bool, title: str) -> None:
        rows = [_row(k) for k in keys]
        if as_json:
            self.stdout.write(json.dumps({"keys": rows}, indent=2))
            return
        table = Table(title=title, title_justify="left")
        for column in ("kid", "kind", "origin", "status", "valid until", "revoked"):
            table.add_column(column)
        now = timezone.now()
        for key in keys:
            table.add_row(
                key.kid,
                key.kind,
                key.origin,
                key.status_at(now).value,
                f"{key.not_after:%Y-%m-%d}",
                f"{key.revoked_at:%Y-%m-%d}" if key.revoked_at else "",
            )
        buffer = io.StringIO()
        Console(file=buffer, width=120, highlight=False).print(table)
        self.stdout.write(buffer.getvalue(), ending="")
