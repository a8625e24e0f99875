"""Reads of the signing app: keys and their public documents, certificates as documents and claims."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.accreditation.models import CertificationBody
from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.certification.services._common import lookup_key
from isocert.core.errors import Refused
from isocert.core.permissions import Actor
from isocert.signing import conf
from isocert.signing.choices import KeyOrigin, KeyStatus
from isocert.signing.document import CertificateDocument, SiteLine
from isocert.signing.models import SigningKey
from isocert.signing.qrtoken import scope_digest


def lookup_key_of(printed_number: str) -> str:
    """The registry's tolerant look-up key: the one definition in the certification services."""
    return lookup_key(printed_number)


def printed_number(number: str, revision: int) -> str:
    return number if revision == 0 else f"{number}-R{revision}"


# --- Bodies and keys -----------------------------------------------------------------------------


def body_by_acronym(acronym: str) -> CertificationBody:
    body = CertificationBody.objects.filter(acronym__iexact=acronym.strip()).first()
    if body is None:
        known = ", ".join(CertificationBody.objects.values_list("acronym", flat=True)[:20])
        raise Refused(
            _("No certification body has the acronym %(acr)s; known: %(known)s.")
            % {"acr": acronym, "known": known or _("none")},
            details={"field": "cb"},
        )
    return body


def signing_key_list(
    *, certification_body: CertificationBody | None = None
) -> QuerySet[SigningKey]:
    keys = SigningKey.objects.select_related("certification_body").order_by(
        "certification_body__acronym", "kind", "-not_before", "-pk"
    )
    if certification_body is not None:
        keys = keys.filter(certification_body=certification_body)
    return keys


def signing_key_get(*, actor: Actor, kid: str) -> SigningKey:
    """One key of the actor's body; another body's key (or none) is a 404."""
    key = (
        SigningKey.objects.select_related("certification_body", "issuer")
        .filter(kid=kid.strip(), certification_body_id=actor.cb_id)
        .first()
    )
    if key is None:
        raise Http404(_("No signing key %(kid)s at your certification body.") % {"kid": kid})
    return key


def signing_key_current(
    *, certification_body: CertificationBody, kind: str, until: dt.date | None = None
) -> SigningKey | None:
    """The key that signs now: the newest active key of ``kind``.

    A generated key must stay valid until ``until`` (the certificate's expiry), so that the document
    can be checked for as long as it claims to be valid; an imported X.509 certificate is used as
    the body imported it (its CA decides its lifetime).
    """
    now = timezone.now()
    candidates = SigningKey.objects.filter(
        certification_body=certification_body,
        kind=kind,
        revoked_at__isnull=True,
        not_before__lte=now,
        not_after__gt=now,
    ).order_by("-not_before", "-pk")
    for key in candidates:
        if key.origin == KeyOrigin.IMPORTED or until is None:
            return key
        if key.not_after.date() >= until:
            return key
    return None


def _jwk_entry(key: SigningKey) -> dict[str, Any]:
    entry = dict(key.public_jwk)
    entry.update(
        {
            "cb": key.certification_body.acronym,
            "cb_name": key.certification_body.name,
            "key_type": key.kind,
            "not_before": key.not_before.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "not_after": key.not_after.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        }
    )
    if key.revoked_at:
        entry["revoked_at"] = key.revoked_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return entry


def jwks_document(*, certification_body: CertificationBody | None = None) -> dict[str, Any]:
    """The published keys (RFC 7517 JWK Set) of one body, or of every body when ``None``.

    ``keys`` holds only keys that verify today, so a plain JOSE library never trusts a revoked or
    expired key; ``revoked`` and ``expired`` list the others, so a verifier can say *why* a key is no
    longer good instead of "unknown". Each entry carries the body (``cb``), the key's purpose
    (``key_type``: ed25519 tokens, x509 PDF signatures, ca) and its validity.
    """
    now = timezone.now()
    keys = signing_key_list(certification_body=certification_body)
    doc: dict[str, Any] = {"keys": [], "revoked": [], "expired": []}
    for key in keys:
        status = key.status_at(now)
        bucket = {
            KeyStatus.REVOKED: "revoked",
            KeyStatus.EXPIRED: "expired",
        }.get(status, "keys")
        doc[bucket].append(_jwk_entry(key))
    doc["issuer"] = (
        {"acronym": certification_body.acronym, "name": certification_body.name}
        if certification_body
        else {"registry": conf.public_url()}
    )
    return doc


# --- Certificates --------------------------------------------------------------------------------


def _certificates() -> QuerySet[Certificate]:
    return Certificate.objects.select_related(
        "certification_body__accreditation_body", "client", "standard", "edition"
    ).prefetch_related("sites__site", "iaf_codes", "client__sites")


def certificate_by_lookup_key(lookup_key: str) -> Certificate | None:
    return _certificates().filter(lookup_key=lookup_key_of(lookup_key)).first()


def certificate_for_document(*, actor: Actor, lookup_key: str) -> Certificate:
    """The certificate whose PDF ``actor`` may download.

    Staff of the issuing body may download any issued revision (not a draft). Everyone else may
    download the current, valid revision of a certificate whose number they know exactly — the
    look-up key *is* the number, so a confidential client's certificate is confirmed only on exact
    request (ISO/IEC 17021-1 8.1.2), never listed.
    """
    cert = certificate_by_lookup_key(lookup_key)
    if cert is None or cert.status == CertificateStatus.DRAFT:
        raise Http404(_("No issued certificate has the number %(n)s.") % {"n": lookup_key})
    if actor.cb_id is not None and actor.cb_id == cert.certification_body_id:
        return cert
    if cert.status != CertificateStatus.ACTIVE or cert.expiry_date < timezone.localdate():
        raise Refused(
            _(
                "Certificate %(n)s is %(status)s: only a valid certificate can be downloaded. "
                "Its status is shown when you verify it."
            )
            % {"n": cert.printed_number, "status": _status_word(cert)},
            details={"status": cert.status},
        )
    return cert


def _status_word(cert: Certificate) -> str:
    if cert.status == CertificateStatus.ACTIVE and cert.expiry_date < timezone.localdate():
        return str(CertificateStatus.EXPIRED.label).lower()
    return str(cert.get_status_display()).lower()


def certificate_live(*, number: str, revision: int) -> Certificate | None:
    """The registry record of one revision (number + revision is unique)."""
    return _certificates().filter(number=number, revision=revision).first()


def certificate_current(cert: Certificate) -> Certificate:
    """Follow ``supersedes`` forward to the revision in force (or the last one)."""
    current = cert
    for _step in range(100):  # a chain longer than that is data corruption; stop anyway
        nxt = _certificates().filter(supersedes=current).first()
        if nxt is None or nxt.status == CertificateStatus.DRAFT:
            return current
        current = nxt
    return current


def certificates_by_lookup_keys(keys: set[str]) -> list[Certificate]:
    if not keys:
        return []
    return list(
        _certificates()
        .filter(lookup_key__in=keys)
        .exclude(status=CertificateStatus.DRAFT)
        .order_by("-revision")
    )


def lookup_keys_like(prefix: str, limit: int = 20000) -> list[tuple[str, str, int]]:
    """(lookup key, number, revision) of issued certificates whose key starts with ``prefix``."""
    return list(
        Certificate.objects.filter(lookup_key__startswith=prefix)
        .exclude(status=CertificateStatus.DRAFT)
        .values_list("lookup_key", "number", "revision")[:limit]
    )


def site_label(site: Any) -> str:
    return ", ".join(part for part in (site.name, site.city, site.country) if part)


def _address(site: Any) -> str:
    place = " ".join(part for part in (site.postcode, site.city) if part)
    return ", ".join(part for part in (site.street, place, site.country) if part)


def _natural(text: str) -> list[Any]:
    """Sort key that puts "Site 2" before "Site 10"."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def certificate_sites(cert: Certificate) -> list[tuple[Any, str]]:
    """(site, scope at the site) of a certificate, central function first."""
    rows = sorted(
        cert.sites.all(),
        key=lambda cs: (not cs.site.is_central_function, _natural(cs.site.name), cs.pk),
    )
    return [(row.site, row.scope) for row in rows]


def holder_name(cert: Certificate) -> str:
    return cert.client.legal_name or cert.client.name


def standard_label(cert: Certificate) -> str:
    return f"{cert.standard.code}:{cert.edition.year}"


def certificate_claims(cert: Certificate, *, iat: int | None = None) -> dict[str, Any]:
    """The signed claims of a certificate revision (see ``signing.qrtoken``)."""
    sites = [(site_label(site), scope) for site, scope in certificate_sites(cert)]
    claims: dict[str, Any] = {
        "n": cert.number,
        "r": cert.revision,
        "h": holder_name(cert),
        "s": standard_label(cert),
        "sd": scope_digest(cert.scope, sites),
        "iss": cert.certification_body.acronym,
        "od": cert.original_issue_date.isoformat(),
        "ed": cert.effective_date.isoformat(),
        "xd": cert.expiry_date.isoformat(),
    }
    if iat is not None:
        claims["iat"] = iat
    return claims


def accreditation_sentence(body: CertificationBody) -> str:
    ab = body.accreditation_body
    if ab is None or not body.accreditation_number:
        return ""
    return _(
        "%(body)s is accredited by %(ab)s (%(acr)s), accreditation number %(num)s, for the "
        "certification of management systems."
    ) % {"body": body.name, "ab": ab.name, "acr": ab.acronym, "num": body.accreditation_number}


def certificate_document(cert: Certificate, *, token: str) -> CertificateDocument:
    """Everything the PDF prints, read from the records (ISO/IEC 17021-1 8.2.2 a to i)."""
    body = cert.certification_body
    sites = certificate_sites(cert)
    central = next((site for site, _scope in sites if site.is_central_function), None)
    if central is None:
        central = next(
            (s for s in cert.client.sites.all() if s.is_central_function),
            sites[0][0] if sites else None,
        )
    address = ", ".join(part for part in (body.address.replace("\n", ", "), body.country) if part)
    return CertificateDocument(
        printed_number=cert.printed_number,
        revision=cert.revision,
        holder=holder_name(cert),
        holder_address=_address(central) if central else cert.client.country,
        standard=standard_label(cert),
        standard_title=cert.standard.title,
        scope=cert.scope,
        sites=tuple(
            SiteLine(name=site.name, address=_address(site), scope=scope) for site, scope in sites
        ),
        original_issue_date=cert.original_issue_date,
        issue_date=cert.issue_date,
        effective_date=cert.effective_date,
        expiry_date=cert.expiry_date,
        body_name=body.name,
        body_acronym=body.acronym,
        body_address=address,
        body_website=body.website,
        accreditation=accreditation_sentence(body),
        iaf_codes=tuple(sorted(code.code for code in cert.iaf_codes.all())),
        transferred_from=cert.transferred_from,
        verification_url=conf.verification_url(token),
        check_url=conf.check_url_short(),
        token=token,
    )
