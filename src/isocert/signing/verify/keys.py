"""Published keys: from the database (online) or from a JWKS document (offline)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography import x509

from isocert.signing import crypto
from isocert.signing.choices import KeyKind, KeyStatus
from isocert.signing.models import SigningKey


@dataclass(frozen=True)
class PublishedKey:
    kid: str
    kind: str
    cb_acronym: str
    cb_name: str
    jwk: dict[str, Any]
    not_before: dt.datetime
    not_after: dt.datetime
    revoked_at: dt.datetime | None
    chain: tuple[x509.Certificate, ...] = ()

    def status(self, now: dt.datetime) -> KeyStatus:
        if self.revoked_at is not None:
            return KeyStatus.REVOKED
        if now < self.not_before:
            return KeyStatus.PENDING
        if now > self.not_after:
            return KeyStatus.EXPIRED
        return KeyStatus.ACTIVE

    def as_dict(self, now: dt.datetime) -> dict[str, Any]:
        return {
            "kid": self.kid,
            "kind": self.kind,
            "body": self.cb_acronym,
            "body_name": self.cb_name,
            "status": self.status(now).value,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


class KeySource(Protocol):
    offline: bool

    def by_kid(self, kid: str) -> PublishedKey | None: ...

    def by_certificate(self, fingerprint: str) -> PublishedKey | None: ...


def _published(key: SigningKey) -> PublishedKey:
    return PublishedKey(
        kid=key.kid,
        kind=key.kind,
        cb_acronym=key.certification_body.acronym,
        cb_name=key.certification_body.name,
        jwk=key.public_jwk,
        not_before=key.not_before,
        not_after=key.not_after,
        revoked_at=key.revoked_at,
        chain=tuple(crypto.load_chain(key.certificate_pem)) if key.certificate_pem else (),
    )


class DatabaseKeys:
    """Every key any body of this registry has published (revoked and expired ones included)."""

    offline = False

    def by_kid(self, kid: str) -> PublishedKey | None:
        key = SigningKey.objects.select_related("certification_body").filter(kid=kid).first()
        return _published(key) if key else None

    def by_certificate(self, fingerprint: str) -> PublishedKey | None:
        key = (
            SigningKey.objects.select_related("certification_body")
            .filter(fingerprint=fingerprint, kind=KeyKind.X509)
            .first()
        )
        return _published(key) if key else None


def _when(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError("missing date")
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


class JwksKeys:
    """Keys from a JWKS document (``/.well-known/jwks.json`` or ``isocert keys export-public``)."""

    offline = True

    def __init__(self, document: dict[str, Any]) -> None:
        if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
            raise ValueError('a JWKS document is a JSON object with a "keys" list')
        self._keys: dict[str, PublishedKey] = {}
        for bucket in ("keys", "revoked", "expired"):
            for entry in document.get(bucket) or []:
                if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
                    continue
                try:
                    key = PublishedKey(
                        kid=entry["kid"],
                        kind=str(entry.get("key_type", "ed25519")),
                        cb_acronym=str(entry.get("cb", "")),
                        cb_name=str(entry.get("cb_name", entry.get("cb", ""))),
                        jwk=entry,
                        not_before=_when(entry.get("not_before")),
                        not_after=_when(entry.get("not_after")),
                        revoked_at=_when(entry["revoked_at"]) if entry.get("revoked_at") else None,
                    )
                except (ValueError, KeyError):
                    continue
                self._keys[key.kid] = key

    def by_kid(self, kid: str) -> PublishedKey | None:
        return self._keys.get(kid)

    def by_certificate(self, fingerprint: str) -> PublishedKey | None:
        return None

    def __len__(self) -> int:
        return len(self._keys)


# --- The result --------------------------------------------------------------------------------
