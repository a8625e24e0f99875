"""The database mirror of the rules engine's catalogue (standards, editions, IAF codes).

``isocert.rules`` is the source of truth; ``catalog_sync`` copies it here so that accreditation scopes,
applications and certificates can point at rows with foreign keys.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Standard(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    family = models.CharField(_("family"), max_length=20)
    certifiable = models.BooleanField(_("certifiable"))
    audit_time_scheme = models.CharField(_("audit-time scheme"), max_length=10, blank=True)
    uses_iaf_codes = models.BooleanField(_("uses IAF codes"), default=True)
    not_certifiable_reason = models.TextField(_("why not certifiable"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self) -> str:
        return self.code


class Edition(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="editions")
    year = models.PositiveSmallIntegerField(_("year"))
    published = models.DateField(_("published"), null=True, blank=True)
    new_audits_until = models.DateField(
        _("initial/recertification audits until"), null=True, blank=True
    )
    valid_until = models.DateField(_("certificates valid until"), null=True, blank=True)
    confidence = models.CharField(_("confidence"), max_length=1)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["standard__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "year"], name="catalog_edition_unique")
        ]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self) -> str:
        return f"{self.standard.code}:{self.year}"


class IafCode(models.Model):
    code = models.PositiveSmallIntegerField(_("IAF code"), primary_key=True)
    sector = models.CharField(_("sector"), max_length=200)
    nace = models.CharField(_("NACE Rev. 2"), max_length=200, blank=True)
    nace_confidence = models.CharField(_("NACE confidence"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("IAF code")
        verbose_name_plural = _("IAF codes")

    def __str__(self) -> str:
        return f"IAF {self.code} {self.sector}"
