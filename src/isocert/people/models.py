"""Staff of certification bodies and accreditation bodies, auditor qualifications, conflicts of interest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isocert.people.choices import ConflictKind, QualificationLevel, Role


class Membership(models.Model):
    """A person works for a certification body in one role (several rows for several roles)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "certification_body", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.certification_body}"


class AccreditationBodyMember(models.Model):
    """A person of an accreditation body: sees the certification bodies it accredits."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ab_memberships"
    )
    accreditation_body = models.ForeignKey(
        "accreditation.AccreditationBody", on_delete=models.CASCADE, related_name="members"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "accreditation_body"], name="ab_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.accreditation_body}"


class Qualification(models.Model):
    """An auditor's competence for one standard (and IAF code, where the scheme uses them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualifications"
    )
    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.CASCADE, related_name="qualifications"
    )
    standard = models.ForeignKey("catalog.Standard", on_delete=models.PROTECT, related_name="+")
    iaf_code = models.ForeignKey(
        "catalog.IafCode", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.CharField(_("level"), max_length=20, choices=QualificationLevel.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["user", "standard__code", "iaf_code"]

    def __str__(self) -> str:
        code = f" IAF {self.iaf_code_id}" if self.iaf_code_id else ""
        return f"{self.user} {self.level} {self.standard}{code}"


class ConflictDeclaration(models.Model):
    """A declared relationship with a client; consultancy or employment ended < 2 years ago bars auditing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind"), max_length=20, choices=ConflictKind.choices)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty while it goes on.")
    )
    note = models.TextField(_("note"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.client}"
