"""Signing keys of certification bodies: public parts in clear, private keys only encrypted.

A body has three kinds of key (``KeyKind``): Ed25519 keys that sign the compact token in a
certificate's QR code, X.509 certificates + keys that sign the PDF (PAdES), and a self-issued body CA
that issues those X.509 certificates (unless the body imports a certificate from a real CA).

``private_key_encrypted`` holds ``AES-256-GCM(kek, PKCS#8 DER, aad=kid)`` (``signing.keystore``); the
key-encryption key comes from the environment, never from the database.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isocert.core.models import TimeStamped
from isocert.signing.choices import KeyKind, KeyOrigin, KeyStatus


class SigningKey(TimeStamped):
    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.PROTECT, related_name="signing_keys"
    )
    kid = models.CharField(_("key id"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=KeyKind.choices)
    origin = models.CharField(
        _("origin"), max_length=10, choices=KeyOrigin.choices, default=KeyOrigin.GENERATED
    )
    algorithm = models.CharField(
        _("algorithm"), max_length=20, help_text=_("JOSE name: EdDSA, ES256, RS256 …")
    )
    public_jwk = models.JSONField(_("public key (JWK)"))
    certificate_pem = models.TextField(
        _("X.509 certificate chain (PEM)"),
        blank=True,
        help_text=_("This key's certificate first, then the certificates that issued it."),
    )
    fingerprint = models.CharField(
        _("SHA-256 fingerprint"),
        max_length=64,
        db_index=True,
        help_text=_("Of the raw public key (Ed25519) or of the DER certificate (X.509, CA)."),
    )
    private_key_encrypted = models.BinaryField(editable=False)
    kek_id = models.CharField(
        _("key-encryption key id"),
        max_length=16,
        help_text=_("Fingerprint of the key-encryption key that sealed the private key."),
    )
    issuer = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued",
        help_text=_("The body CA that issued this X.509 certificate."),
    )
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("why revoked"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["certification_body", "kind", "-not_before", "-pk"]
        indexes = [
            models.Index(
                fields=["certification_body", "kind", "not_after"], name="signing_key_cb_kind_idx"
            )
        ]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self) -> str:
        return self.kid

    def __repr__(self) -> str:  # never show key material, even in a debugger or a log line
        return f"<SigningKey {self.kid}>"

    def status_at(self, moment: datetime | None = None) -> KeyStatus:
        now = moment or timezone.now()
        if self.revoked_at is not None:
            return KeyStatus.REVOKED
        if now < self.not_before:
            return KeyStatus.PENDING
        if now > self.not_after:
            return KeyStatus.EXPIRED
        return KeyStatus.ACTIVE

    @property
    def status(self) -> KeyStatus:
        return self.status_at()
