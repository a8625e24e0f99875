"""What the registry says now: the verdict by status and every difference from what was signed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.signing import selectors
from isocert.signing.choices import Verdict
from isocert.signing.document import date_text
from isocert.signing.verify.result import CLAIM_LABELS, Check, Difference, claims_number

STATUS_VERDICT = {
    CertificateStatus.SUSPENDED: Verdict.GENUINE_SUSPENDED,
    CertificateStatus.WITHDRAWN: Verdict.GENUINE_WITHDRAWN,
    CertificateStatus.EXPIRED: Verdict.GENUINE_EXPIRED,
    CertificateStatus.SUPERSEDED: Verdict.GENUINE_SUPERSEDED,
}


def _claim_value(field_name: str, value: Any) -> str:
    if field_name in ("od", "ed", "xd"):
        try:
            return date_text(dt.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def claim_differences(signed: dict[str, Any], cert: Certificate) -> list[Difference]:
    """Every claim the live record no longer matches, in plain words."""
    live = selectors.certificate_claims(cert)
    out: list[Difference] = []
    for name in ("h", "s", "sd", "od", "ed", "xd", "iss"):
        if signed.get(name) == live.get(name):
            continue
        label = CLAIM_LABELS[name]
        if name == "sd":
            out.append(
                Difference(
                    name,
                    label,
                    _("as signed"),
                    cert.scope,
                    _(
                        "The scope or the sites differ from what was signed; the registry now says: %(s)s"
                    )
                    % {"s": cert.scope},
                )
            )
            continue
        doc, reg = _claim_value(name, signed.get(name)), _claim_value(name, live.get(name))
        out.append(
            Difference(
                name,
                label,
                doc,
                reg,
                _("The %(label)s is “%(doc)s” on the document but “%(reg)s” in the registry.")
                % {"label": label, "doc": doc, "reg": reg},
            )
        )
    return out


def revision_differences(old: Certificate, new: Certificate) -> list[Difference]:
    """What changed from one revision to the one in force: scope text, sites added or removed."""
    out = [d for d in claim_differences(selectors.certificate_claims(old), new) if d.field != "sd"]
    if " ".join(old.scope.split()) != " ".join(new.scope.split()):
        out.append(
            Difference(
                "scope",
                "scope",
                old.scope,
                new.scope,
                _("The scope was changed: the document says “%(old)s”; now it is “%(new)s”.")
                % {"old": old.scope, "new": new.scope},
            )
        )
    old_sites = {selectors.site_label(s): scope for s, scope in selectors.certificate_sites(old)}
    new_sites = {selectors.site_label(s): scope for s, scope in selectors.certificate_sites(new)}
    for label in sorted(old_sites.keys() - new_sites.keys()):
        out.append(
            Difference(
                "sites",
                "site",
                label,
                "",
                _("The site %(s)s is no longer certified.") % {"s": label},
            )
        )
    for label in sorted(new_sites.keys() - old_sites.keys()):
        out.append(
            Difference("sites", "site", "", label, _("The site %(s)s was added.") % {"s": label})
        )
    for label in sorted(old_sites.keys() & new_sites.keys()):
        if " ".join(old_sites[label].split()) != " ".join(new_sites[label].split()):
            out.append(
                Difference(
                    "sites",
                    "site scope",
                    old_sites[label],
                    new_sites[label],
                    _("The scope at %(s)s was changed to “%(scope)s”.")
                    % {"s": label, "scope": new_sites[label]},
                )
            )
    return out


def _accreditation_note(cert: Certificate) -> list[str]:
    body = cert.certification_body
    if body.accreditation_status == "active":
        return []
    return [
        _("Note: the accreditation of %(body)s is %(status)s.")
        % {"body": body.name, "status": str(body.get_accreditation_status_display()).lower()}
    ]


REGISTRY_VERDICT = {
    "valid": Verdict.GENUINE_VALID,
    "suspended": Verdict.GENUINE_SUSPENDED,
    "withdrawn": Verdict.GENUINE_WITHDRAWN,
    "expired": Verdict.GENUINE_EXPIRED,
    "superseded": Verdict.GENUINE_SUPERSEDED,
    "not_found": Verdict.NOT_IN_REGISTRY,
}


def _registry_verdict(cert: Certificate, today: dt.date) -> Verdict | None:
    """The public registry's own answer for this revision, so both faces always agree.

    ``None`` when the registry app offers no ``certificate_verify`` (then the status rules here
    decide: an active certificate past its expiry date is expired).
    """
    try:
        from isocert.registry.selectors import certificate_verify
    except ImportError:
        return None
    answer = certificate_verify(cert.printed_number, today=today)
    return REGISTRY_VERDICT.get(str(answer.verdict))


def status_check(
    cert: Certificate, today: dt.date, *, signed: dict[str, Any] | None = None
) -> Check:
    """The verdict the registry gives for one revision, with differences from ``signed`` claims."""
    number = cert.printed_number
    if cert.status == CertificateStatus.DRAFT:
        return Check(
            Verdict.NOT_IN_REGISTRY,
            [_("The registry has no issued certificate %(n)s.") % {"n": number}],
            claims=signed,
        )
    reasons: list[str] = []
    current = None
    verdict = _registry_verdict(cert, today)
    if verdict is None:
        verdict = STATUS_VERDICT.get(CertificateStatus(cert.status), Verdict.GENUINE_VALID)
        if cert.status == CertificateStatus.ACTIVE and cert.expiry_date < today:
            verdict = Verdict.GENUINE_EXPIRED
    if verdict == Verdict.NOT_IN_REGISTRY:
        return Check(
            verdict,
            [_("The registry has no issued certificate %(n)s.") % {"n": number}],
            claims=signed,
        )
    if verdict == Verdict.GENUINE_VALID:
        reasons.append(
            _("The registry shows %(n)s as valid until %(d)s.")
            % {"n": number, "d": date_text(cert.expiry_date)}
        )
    elif verdict == Verdict.GENUINE_SUSPENDED:
        since = f" {_('since')} {date_text(cert.suspended_on)}" if cert.suspended_on else ""
        reasons.append(
            _("The registry shows %(n)s as suspended%(since)s: it is not valid while suspended.")
            % {"n": number, "since": since}
        )
    elif verdict == Verdict.GENUINE_WITHDRAWN:
        since = f" {_('on')} {date_text(cert.withdrawn_on)}" if cert.withdrawn_on else ""
        reasons.append(
            _("%(n)s was withdrawn%(since)s: the organisation is no longer certified under it.")
            % {"n": number, "since": since}
        )
    elif verdict == Verdict.GENUINE_EXPIRED:
        reasons.append(
            _("%(n)s expired on %(d)s.") % {"n": number, "d": date_text(cert.expiry_date)}
        )
    elif verdict == Verdict.GENUINE_SUPERSEDED:
        current = selectors.certificate_current(cert)
        reasons.append(
            _(
                "%(n)s was replaced by revision %(r)s (%(cn)s), which the registry shows as "
                "%(status)s. This document is obsolete."
            )
            % {
                "n": number,
                "r": current.revision,
                "cn": current.printed_number,
                "status": str(current.get_status_display()).lower(),
            }
        )
    check = Check(verdict, reasons, claims=signed, certificate=cert, current=current)
    if current is not None and current.pk != cert.pk:
        check.differences = revision_differences(cert, current)
    elif signed is not None:
        check.differences = claim_differences(signed, cert)
        if check.differences and verdict == Verdict.GENUINE_VALID:
            check.verdict = Verdict.GENUINE_CHANGED
            reasons.append(
                _(
                    "The registry record was changed since the document was signed; trust the registry."
                )
            )
    reasons.extend(_accreditation_note(cert))
    return check


def live_check(claims: dict[str, Any], today: dt.date) -> Check:
    try:
        revision = int(claims.get("r") or 0)
    except (TypeError, ValueError):
        revision = -1
    cert = selectors.certificate_live(number=str(claims.get("n", "")), revision=revision)
    if (
        cert is None
        or cert.certification_body.acronym.upper() != str(claims.get("iss", "")).upper()
    ):
        return Check(
            Verdict.NOT_IN_REGISTRY,
            [
                _("The registry has no certificate %(n)s from %(iss)s.")
                % {"n": claims_number(claims), "iss": claims.get("iss")}
            ],
            claims=claims,
        )
    return status_check(cert, today, signed=claims)


# --- PDFs ----------------------------------------------------------------------------------------
