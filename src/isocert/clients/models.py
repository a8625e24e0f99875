"""Certified organisations (clients of a certification body), their sites, identifiers and users."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isocert.clients.choices import IdentifierScheme
from isocert.core.models import TimeStamped


class Client(TimeStamped):
    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.PROTECT, related_name="clients"
    )
    name = models.CharField(_("name"), max_length=250)
    legal_name = models.CharField(_("legal name"), max_length=250, blank=True)
    country = models.CharField(_("country"), max_length=2)
    website = models.URLField(_("website"), blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("ISO/IEC 17021-1 8.1.2 note: confirmed on exact request, never listed."),
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["certification_body", "name"], name="client_cb_name_idx")]

    def __str__(self) -> str:
        return self.name


class ClientIdentifier(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(_("scheme"), max_length=10, choices=IdentifierScheme.choices)
    value = models.CharField(_("value"), max_length=60)
    validated = models.BooleanField(_("checksum valid"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "scheme", "value"], name="client_ident_unique"
            )
        ]
        indexes = [models.Index(fields=["value"], name="client_ident_value_idx")]

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


class Site(TimeStamped):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2)
    personnel = models.PositiveIntegerField(_("personnel"), default=0)
    activities = models.TextField(_("activities"), blank=True)
    is_central_function = models.BooleanField(_("central function"), default=False)
    is_virtual = models.BooleanField(_("virtual site"), default=False)

    class Meta:
        ordering = ["client", "-is_central_function", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class Contact(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True)

    def __str__(self) -> str:
        return self.name


class ClientUser(models.Model):
    """A person of the client (auditee) who logs in to see their own organisation only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_links"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="users")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "client"], name="client_user_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.client}"
