"""Writes of the signing app: create, rotate, revoke and import signing keys; sign certificate PDFs.

Every key change is an event in the ledger (``signing_key.created`` / ``.revoked`` / ``.imported``),
written in the same transaction. Private keys only ever reach the database sealed (``keystore.seal``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from cryptography import x509
from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.accreditation.models import CertificationBody
from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.core.errors import Refused
from isocert.core.ledger import ledger_append, snapshot
from isocert.core.permissions import Actor, require_role
from isocert.people.choices import Role
from isocert.signing import conf, crypto, document, keystore, selectors
from isocert.signing.choices import KeyKind, KeyOrigin
from isocert.signing.models import SigningKey
from isocert.signing.pdfsign import pdf_sign
from isocert.signing.qrtoken import token_sign

AUTOMATIC = "isocert (automatic key provisioning)"
KEY_FIELDS = ["kid", "kind", "origin", "algorithm", "fingerprint", "not_before", "not_after"]
CA_YEARS = 10
MAX_YEARS = 10


def _who(actor: Actor | None) -> Any:
    if actor is not None and getattr(actor.user, "pk", None):
        return actor.user
    return AUTOMATIC if actor is None else "isocert command line"


def _years(years: int) -> dt.timedelta:
    if not 1 <= years <= MAX_YEARS:
        raise Refused(
            _("A key is valid for 1 to %(max)s years; %(n)s was asked.")
            % {"max": MAX_YEARS, "n": years},
            details={"field": "years"},
        )
    return dt.timedelta(days=round(365.25 * years))


def _guard(actor: Actor, body: CertificationBody) -> None:
    require_role(actor, Role.CB_ADMIN)
    if actor.cb_id != body.pk:
        # another body's keys do not exist for this actor (a 404, not a 403)
        raise Http404(_("No certification body %(acr)s here.") % {"acr": body.acronym})


def _store(
    new: crypto.NewKey,
    *,
    body: CertificationBody,
    kind: str,
    origin: str,
    actor: Actor | None,
    issuer: SigningKey | None = None,
) -> SigningKey:
    sealed, kek = keystore.seal(crypto.private_der(new.private), kid=new.kid)
    return SigningKey.objects.create(
        certification_body=body,
        kid=new.kid,
        kind=kind,
        origin=origin,
        algorithm=new.algorithm,
        public_jwk=new.public_jwk,
        certificate_pem=crypto.chain_pem(new.chain) if new.chain else "",
        fingerprint=new.fingerprint,
        private_key_encrypted=sealed,
        kek_id=kek,
        issuer=issuer,
        not_before=new.not_before,
        not_after=new.not_after,
        created_by=actor.user if actor is not None and getattr(actor.user, "pk", None) else None,
    )


def _log(key: SigningKey, *, actor: Actor | None, kind: str, reason: str) -> None:
    ledger_append(
        actor=_who(actor),
        kind=kind,
        obj=key,
        after=snapshot(key, [*KEY_FIELDS, "revoked_at"]),
        reason=reason,
        certification_body_id=key.certification_body_id,
    )


def private_key(key: SigningKey) -> crypto.PrivateKey:
    """Open a stored private key (in memory only, for one signature)."""
    der = keystore.unseal(bytes(key.private_key_encrypted), kid=key.kid, sealed_with=key.kek_id)
    return crypto.load_private_der(der)


def _body_ca(
    body: CertificationBody,
    *,
    actor: Actor | None,
    until: dt.datetime,
    now: dt.datetime,
    reason: str,
) -> SigningKey:
    """The body CA that can issue a certificate valid until ``until``; a new one when none can."""
    ca = (
        SigningKey.objects.filter(
            certification_body=body,
            kind=KeyKind.CA,
            revoked_at__isnull=True,
            not_before__lte=now,
            not_after__gte=until,
        )
        .order_by("-not_before", "-pk")
        .first()
    )
    if ca is not None:
        return ca
    new = crypto.ca_generate(
        acronym=body.acronym,
        name=body.name,
        country=body.country,
        now=now,
        not_after=max(until, now + dt.timedelta(days=round(365.25 * CA_YEARS))),
    )
    ca = _store(new, body=body, kind=KeyKind.CA, origin=KeyOrigin.GENERATED, actor=actor)
    _log(ca, actor=actor, kind="signing_key.created", reason=reason)
    return ca


def _issue(
    body: CertificationBody, *, actor: Actor | None, years: int, kinds: set[str], reason: str
) -> list[SigningKey]:
    now = timezone.now().replace(microsecond=0)
    not_after = now + _years(years)
    made: list[SigningKey] = []
    if KeyKind.ED25519 in kinds:
        new = crypto.ed25519_generate(acronym=body.acronym, now=now, not_after=not_after)
        made.append(
            _store(new, body=body, kind=KeyKind.ED25519, origin=KeyOrigin.GENERATED, actor=actor)
        )
    if KeyKind.X509 in kinds:
        ca = _body_ca(body, actor=actor, until=not_after, now=now, reason=reason)
        ca_chain = crypto.load_chain(ca.certificate_pem)
        new = crypto.signing_cert_generate(
            acronym=body.acronym,
            name=body.name,
            country=body.country,
            now=now,
            not_after=not_after,
            ca_key=private_key(ca),
            ca_chain=ca_chain,
        )
        made.append(
            _store(
                new,
                body=body,
                kind=KeyKind.X509,
                origin=KeyOrigin.GENERATED,
                actor=actor,
                issuer=ca,
            )
        )
    for key in made:
        _log(key, actor=actor, kind="signing_key.created", reason=reason)
    return made


KIND_SETS = {
    "all": {KeyKind.ED25519, KeyKind.X509},
    "ed25519": {KeyKind.ED25519},
    "x509": {KeyKind.X509},
}


def _kinds(kind: str) -> set[str]:
    if kind not in KIND_SETS:
        raise Refused(
            _("Key kind must be one of %(k)s; got %(v)s.") % {"k": ", ".join(KIND_SETS), "v": kind},
            details={"field": "kind"},
        )
    return set(KIND_SETS[kind])


@transaction.atomic
def signing_keys_create(
    *,
    actor: Actor,
    certification_body: CertificationBody,
    years: int = conf.KEY_YEARS,
    kind: str = "all",
) -> list[SigningKey]:
    """First signing keys of a body: an Ed25519 token key and a PDF signing certificate (with the
    body CA that issues it). Refused when the body already has active keys: rotate them instead."""
    _guard(actor, certification_body)
    kinds = _kinds(kind)
    body = CertificationBody.objects.select_for_update().get(pk=certification_body.pk)
    existing = [
        key.kid
        for k in kinds
        if (key := selectors.signing_key_current(certification_body=body, kind=k)) is not None
    ]
    if existing:
        raise Refused(
            _(
                "%(acr)s already has active signing keys (%(kids)s); use `isocert keys rotate` to "
                "make new ones while the old ones keep verifying what they signed."
            )
            % {"acr": body.acronym, "kids": ", ".join(existing)},
            details={"existing": existing},
        )
    return _issue(body, actor=actor, years=years, kinds=kinds, reason=_("first signing keys"))


@transaction.atomic
def signing_keys_rotate(
    *,
    actor: Actor,
    certification_body: CertificationBody,
    years: int = conf.KEY_YEARS,
    kind: str = "all",
    reason: str = "",
) -> list[SigningKey]:
    """New signing keys that sign from now on; the old ones stay published and keep verifying the
    documents they signed until they expire (or are revoked)."""
    _guard(actor, certification_body)
    body = CertificationBody.objects.select_for_update().get(pk=certification_body.pk)
    return _issue(
        body,
        actor=actor,
        years=years,
        kinds=_kinds(kind),
        reason=reason.strip() or _("scheduled key rotation"),
    )


@transaction.atomic
def signing_key_revoke(*, actor: Actor, kid: str, reason: str) -> list[SigningKey]:
    """Revoke a key: everything it signed is shown as "signed by a revoked key" from now on.

    Revoking a body CA also revokes the PDF signing certificates it issued. The next certificate
    PDF is signed with fresh keys.
    """
    require_role(actor, Role.CB_ADMIN)
    key = selectors.signing_key_get(actor=actor, kid=kid)
    key = SigningKey.objects.select_for_update().get(pk=key.pk)
    if not reason.strip():
        raise Refused(
            _("Say why the key is revoked (e.g. private key exposed, staff left, superseded)."),
            details={"field": "reason"},
        )
    if key.revoked_at is not None:
        raise Refused(
            _("%(kid)s was already revoked on %(when)s.")
            % {"kid": key.kid, "when": f"{key.revoked_at:%Y-%m-%d %H:%M} UTC"},
            details={"revoked_at": key.revoked_at.isoformat()},
        )
    now = timezone.now()
    revoked = [key]
    if key.kind == KeyKind.CA:
        revoked += list(
            SigningKey.objects.select_for_update().filter(issuer=key, revoked_at__isnull=True)
        )
    for row in revoked:
        row.revoked_at = now
        row.revocation_reason = reason.strip()
        row.save(update_fields=["revoked_at", "revocation_reason", "updated_at"])
        _log(row, actor=actor, kind="signing_key.revoked", reason=reason.strip())
    return revoked


@transaction.atomic
def signing_key_import_x509(
    *,
    actor: Actor,
    certification_body: CertificationBody,
    certificate: bytes,
    private_key_data: bytes,
    password: bytes | None = None,
    chain: bytes | None = None,
) -> SigningKey:
    """Import a PDF signing certificate and its key from a real CA (PEM or DER).

    ``certificate`` may hold the whole chain (signing certificate first); ``chain`` adds the
    issuing certificates when they come in a separate file.
    """
    _guard(actor, certification_body)
    try:
        certs = crypto.load_chain(certificate)
        if chain:
            certs += crypto.load_chain(chain)
        key = crypto.load_private_key(private_key_data, password)
        now = timezone.now()
        algorithm = crypto.x509_import_check(chain=certs, key=key, now=now)
    except crypto.ImportRefused as exc:
        raise Refused(str(exc), details={"field": "certificate"}) from None
    except ValueError:
        raise Refused(
            _("The certificate file is not a readable PEM or DER X.509 certificate."),
            details={"field": "certificate"},
        ) from None
    cert = certs[0]
    fingerprint = crypto.cert_fingerprint(cert)
    if SigningKey.objects.filter(fingerprint=fingerprint).exists():
        raise Refused(
            _("This certificate is already imported."), details={"fingerprint": fingerprint}
        )
    kid = crypto.make_kid(certification_body.acronym, "x509", now, crypto.cert_der(cert))
    new = crypto.NewKey(
        kid=kid,
        private=key,
        algorithm=algorithm,
        public_jwk=crypto.public_jwk(key.public_key(), kid=kid, alg=algorithm, chain=certs),
        fingerprint=fingerprint,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        chain=certs,
    )
    row = _store(
        new, body=certification_body, kind=KeyKind.X509, origin=KeyOrigin.IMPORTED, actor=actor
    )
    _log(row, actor=actor, kind="signing_key.imported", reason=_subject(cert))
    return row


def _subject(cert: x509.Certificate) -> str:
    return cert.subject.rfc4514_string()


# --- Certificate PDFs --------------------------------------------------------------------------


@transaction.atomic
def _keys_for(cert: Certificate, actor: Actor | None) -> tuple[SigningKey, SigningKey]:
    """The token key and the PDF key that sign ``cert``; made automatically when the body has none
    valid long enough (the event names the automatic provisioning)."""
    body = CertificationBody.objects.select_for_update().get(pk=cert.certification_body_id)
    token_key = selectors.signing_key_current(
        certification_body=body, kind=KeyKind.ED25519, until=cert.expiry_date
    )
    pdf_key = selectors.signing_key_current(
        certification_body=body, kind=KeyKind.X509, until=cert.expiry_date
    )
    missing: set[str] = set()
    if token_key is None:
        missing.add(KeyKind.ED25519)
    if pdf_key is None:
        missing.add(KeyKind.X509)
    if missing:
        years = max(conf.KEY_YEARS, (cert.expiry_date - timezone.localdate()).days // 365 + 2)
        made = _issue(
            body,
            actor=actor,
            years=min(years, MAX_YEARS),
            kinds=missing,
            reason=_("no key valid until %(d)s to sign certificate %(n)s")
            % {"d": cert.expiry_date.isoformat(), "n": cert.printed_number},
        )
        for key in made:
            if key.kind == KeyKind.ED25519:
                token_key = key
            elif key.kind == KeyKind.X509:
                pdf_key = key
    assert token_key is not None and pdf_key is not None
    return token_key, pdf_key


def _cache_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "signed-certificates"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def certificate_pdf_render(*, certificate: Certificate, actor: Actor | None = None) -> bytes:
    """The signed certificate PDF: laid out, QR token signed (Ed25519), PDF signed (PAdES).

    The same revision with the same keys and the same printed content gives the same file (kept in
    ``$ISOCERT_DATA_DIR/signed-certificates``), so a download does not sign anew every time. Drafts
    are refused: a draft certifies nothing and must never carry the body's signature.
    """
    if certificate.status == CertificateStatus.DRAFT:
        raise Refused(
            _("Certificate %(n)s is a draft: it is signed and printed once it is issued.")
            % {"n": certificate.printed_number},
            details={"status": certificate.status},
        )
    token_key, pdf_key = _keys_for(certificate, actor)
    draft_doc = selectors.certificate_document(certificate, token="")
    fingerprint = hashlib.sha256(
        json.dumps(
            {
                "layout": document.LAYOUT_VERSION,
                "content": draft_doc.fingerprint_fields(),
                "claims": selectors.certificate_claims(certificate),
                "keys": [token_key.kid, pdf_key.kid],
                "url": conf.public_url(),
            },
            sort_keys=True,
            default=str,
        ).encode()
    ).hexdigest()[:24]
    safe_number = "".join(ch for ch in certificate.printed_number if ch.isalnum() or ch in "-_")
    path = _cache_dir() / f"{safe_number}-{fingerprint}.pdf"
    if path.exists():
        return path.read_bytes()

    claims = selectors.certificate_claims(certificate, iat=int(timezone.now().timestamp()))
    token = token_sign(claims, kid=token_key.kid, private_key=private_key(token_key))
    doc = selectors.certificate_document(certificate, token=token)
    pdf = document.render(doc)
    body = certificate.certification_body
    signed = pdf_sign(
        pdf,
        token=token,
        chain=crypto.load_chain(pdf_key.certificate_pem),
        private_key=private_key(pdf_key),
        signer_name=body.name,
        location=" ".join(body.address.split()) or body.country,
        reason=f"Certificate {certificate.printed_number} issued by {body.name}",
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(signed)
    os.replace(tmp, path)
    return signed
