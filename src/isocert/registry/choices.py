"""What the public registry answers: the verdict on a certificate and what it means for the reader."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    """The plain answer to "is this certificate real and current?" (ISO/IEC 17021-1 9.6.5 names
    the statuses a certification body must state on request: suspended, withdrawn, reduced)."""

    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded by a newer revision")
    NOT_FOUND = "not_found", _("Not found")


VERDICT_MEANING = {
    Verdict.VALID: _(
        "The certification body confirms that this organisation's management system meets the "
        "standard, for the scope and sites shown, until the expiry date."
    ),
    Verdict.SUSPENDED: _(
        "The certificate is temporarily invalid. The organisation must not claim certification "
        "until the certification body restores it; if the problem is not solved in time, the "
        "certificate will be withdrawn or its scope reduced."
    ),
    Verdict.WITHDRAWN: _(
        "The certification has ended: this certificate is no longer valid and the organisation "
        "must stop referring to it."
    ),
    Verdict.EXPIRED: _(
        "The certificate passed its expiry date without being renewed, so it is not valid. The "
        "certification body may still restore it within 6 months of expiry once the "
        "recertification is complete."
    ),
    Verdict.SUPERSEDED: _(
        "This is an older revision of the certificate. A newer revision replaced it (after a "
        "renewal or a change of scope); only the newest revision says what is certified now."
    ),
    Verdict.NOT_FOUND: _("No certificate with this number is published in this registry."),
}

PUBLIC_STATUS_FILTERS = (Verdict.VALID, Verdict.SUSPENDED, Verdict.WITHDRAWN, Verdict.EXPIRED)
"""The verdicts a search can be filtered by (a superseded revision is never listed on its own)."""


class SearchSort(models.TextChoices):
    RELEVANCE = "relevance", _("Best match")
    NAME = "name", _("Name, A to Z")
    NAME_DESC = "-name", _("Name, Z to A")
    COUNTRY = "country", _("Country")


EVENT_LABELS = {
    "certificate.issued": _("Issued"),
    "certificate.renewed": _("Renewed (new revision)"),
    "certificate.scope_extended": _("Scope extended (new revision)"),
    "certificate.scope_reduced": _("Scope reduced (new revision)"),
    "certificate.transferred_in": _("Transferred in from another certification body"),
    "certificate.superseded": _("Replaced by a newer revision"),
    "certificate.suspended": _("Suspended"),
    "certificate.restored": _("Restored after suspension"),
    "certificate.withdrawn": _("Withdrawn"),
    "certificate.expired": _("Expired"),
    "certificate.restored_after_expiry": _("Restored after expiry"),
}
