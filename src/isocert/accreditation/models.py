"""Accreditation bodies, certification bodies (registrars) and each body's accredited scope."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isocert.accreditation.choices import AccreditationStatus
from isocert.core.models import TimeStamped


class AccreditationBody(TimeStamped):
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    website = models.URLField(_("website"), blank=True)
    iaf_mla_signatory = models.BooleanField(_("IAF MLA signatory"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("accreditation body")
        verbose_name_plural = _("accreditation bodies")

    def __str__(self) -> str:
        return self.acronym


class CertificationBody(TimeStamped):
    """A certification body — a *registrar* in North America. Every back-office record belongs to one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(
        _("acronym"),
        max_length=12,
        unique=True,
        help_text=_("Letters and digits; starts every certificate number."),
    )
    country = models.CharField(_("country"), max_length=2)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    accreditation_body = models.ForeignKey(
        AccreditationBody,
        on_delete=models.PROTECT,
        related_name="certification_bodies",
        null=True,
        blank=True,
    )
    accreditation_number = models.CharField(_("accreditation number"), max_length=50, blank=True)
    accreditation_status = models.CharField(
        _("accreditation status"),
        max_length=12,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.ACTIVE,
    )
    accreditation_status_since = models.DateField(_("status since"), null=True, blank=True)
    next_certificate_seq = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("certification body")
        verbose_name_plural = _("certification bodies")

    def __str__(self) -> str:
        return self.name


class AccreditedScope(TimeStamped):
    """One line of a body's accreditation: a standard edition and the IAF codes it covers."""

    certification_body = models.ForeignKey(
        CertificationBody, on_delete=models.CASCADE, related_name="scopes"
    )
    standard = models.ForeignKey("catalog.Standard", on_delete=models.PROTECT, related_name="+")
    edition = models.ForeignKey("catalog.Edition", on_delete=models.PROTECT, related_name="+")
    iaf_codes = models.ManyToManyField("catalog.IafCode", blank=True, related_name="+")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.ACTIVE,
    )

    class Meta:
        ordering = ["certification_body", "standard__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification_body", "edition"], name="accreditation_scope_unique"
            )
        ]
        verbose_name = _("accredited scope")

    def __str__(self) -> str:
        return f"{self.certification_body.acronym}: {self.edition}"


class AccreditationStatusChange(models.Model):
    """One change of a body's accreditation status, kept so "was it accredited on that day?" has an answer.

    Written only by ``accreditation.services.accreditation_status_change`` (with its ledger event).
    """

    certification_body = models.ForeignKey(
        CertificationBody, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=AccreditationStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=AccreditationStatus.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded (UTC)"), auto_now_add=True)

    class Meta:
        ordering = ["certification_body", "effective_on", "pk"]
        verbose_name = _("accreditation status change")

    def __str__(self) -> str:
        return f"{self.certification_body_id}: {self.from_status} -> {self.to_status} {self.effective_on}"
