"""Key material: generate Ed25519 keys, a body CA and PDF signing certificates; load imported ones.

Plain functions over ``cryptography`` objects; no database. Key ids are stable and readable:
``<CB acronym>-<kind>-<yyyymmdd>-<8 hex of the SHA-256 of the public key or certificate>``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier
from joserfc.jwk import ECKey, OKPKey, RSAKey

# RFC 9336 id-kp-documentSigning
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
# Adobe Authentic Documents Trust (what AATL document-signing certificates carry)
ADOBE_AUTHENTIC_DOCUMENTS = ObjectIdentifier("1.2.840.113583.1.1.5")

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_kid(acronym: str, kind: str, when: dt.datetime, material: bytes) -> str:
    return f"{acronym.upper()}-{kind}-{when:%Y%m%d}-{hashlib.sha256(material).hexdigest()[:8]}"


def private_der(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private_der(der: bytes) -> PrivateKey:
    key = serialization.load_der_private_key(der, password=None)
    if not isinstance(
        key, ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    ):
        raise ValueError(f"unsupported private key type {type(key).__name__}")
    return key


def cert_der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def cert_fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def chain_pem(certs: list[x509.Certificate]) -> str:
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in certs)


def load_chain(pem: str | bytes) -> list[x509.Certificate]:
    data = pem.encode() if isinstance(pem, str) else pem
    if b"-----BEGIN" not in data:
        return [x509.load_der_x509_certificate(data)]
    return x509.load_pem_x509_certificates(data)


# --- Ed25519 (tokens) ------------------------------------------------------------------------


@dataclass(frozen=True)
class NewKey:
    kid: str
    private: PrivateKey
    algorithm: str
    public_jwk: dict[str, Any]
    fingerprint: str
    not_before: dt.datetime
    not_after: dt.datetime
    chain: list[x509.Certificate]


def ed25519_generate(*, acronym: str, now: dt.datetime, not_after: dt.datetime) -> NewKey:
    private = ed25519.Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    kid = make_kid(acronym, "ed25519", now, raw)
    return NewKey(
        kid=kid,
        private=private,
        algorithm="EdDSA",
        public_jwk=public_jwk(private.public_key(), kid=kid, alg="EdDSA"),
        fingerprint=hashlib.sha256(raw).hexdigest(),
        not_before=now,
        not_after=not_after,
        chain=[],
    )


def public_jwk(
    key: PublicKey, *, kid: str, alg: str, chain: list[x509.Certificate] | None = None
) -> dict[str, Any]:
    """The public JWK (RFC 7517) of a key, with ``x5c``/``x5t#S256`` when it has certificates."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        jwk: dict[str, Any] = OKPKey.import_key(key).as_dict(private=False)
    elif isinstance(key, ec.EllipticCurvePublicKey):
        jwk = ECKey.import_key(key).as_dict(private=False)
    else:
        jwk = RSAKey.import_key(key).as_dict(private=False)
    jwk.update({"kid": kid, "alg": alg, "use": "sig"})
    if chain:
        jwk["x5c"] = [base64.b64encode(cert_der(c)).decode() for c in chain]
        jwk["x5t#S256"] = b64url(hashlib.sha256(cert_der(chain[0])).digest())
    return jwk


# --- X.509: body CA and PDF signing certificates -----------------------------------------------


def _name(common: str, organisation: str, country: str) -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COMMON_NAME, common[:64]),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
    ]
    if len(country) == 2 and country.isalpha():
        attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, country.upper()))
    return x509.Name(attrs)


def _usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def ca_generate(
    *, acronym: str, name: str, country: str, now: dt.datetime, not_after: dt.datetime
) -> NewKey:
    """A self-issued body root CA (ECDSA P-256) that only issues the body's signing certificates."""
    private = ec.generate_private_key(ec.SECP256R1())
    subject = _name(f"{name} Certificate Signing CA", name, country)
    public = private.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(sign=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(private, hashes.SHA256())
    )
    kid = make_kid(acronym, "ca", now, cert_der(cert))
    return NewKey(
        kid=kid,
        private=private,
        algorithm="ES256",
        public_jwk=public_jwk(public, kid=kid, alg="ES256", chain=[cert]),
        fingerprint=cert_fingerprint(cert),
        not_before=now,
        not_after=not_after,
        chain=[cert],
    )


def signing_cert_generate(
    *,
    acronym: str,
    name: str,
    country: str,
    now: dt.datetime,
    not_after: dt.datetime,
    ca_key: PrivateKey,
    ca_chain: list[x509.Certificate],
) -> NewKey:
    """A PDF signing certificate (ECDSA P-256) issued by the body CA: digital signature +
    non-repudiation, extended key usage documentSigning (RFC 9336)."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key()
    ca_cert = ca_chain[0]
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{name} certificate signing {now:%Y-%m-%d}", name, country))
        .issuer_name(ca_cert.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(min(not_after, ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign=True, ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([DOCUMENT_SIGNING]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_cert.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    chain = [cert, *ca_chain]
    kid = make_kid(acronym, "x509", now, cert_der(cert))
    return NewKey(
        kid=kid,
        private=private,
        algorithm="ES256",
        public_jwk=public_jwk(public, kid=kid, alg="ES256", chain=chain),
        fingerprint=cert_fingerprint(cert),
        not_before=now,
        not_after=cert.not_valid_after_utc,
        chain=chain,
    )


# --- Import from a real CA ----------------------------------------------------------------------


class ImportRefused(ValueError):
    """An imported certificate or key cannot be used to sign certificates (message says why)."""


def load_private_key(data: bytes, password: bytes | None = None) -> PrivateKey:
    try:
        if b"-----BEGIN" in data:
            key = serialization.load_pem_private_key(data, password=password)
        else:
            key = serialization.load_der_private_key(data, password=password)
    except TypeError:
        raise ImportRefused("the private key is encrypted: give its password") from None
    except ValueError:
        raise ImportRefused("the key file is not a readable PEM or DER private key") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise ImportRefused(
            f"{type(key).__name__.removeprefix('_')} keys cannot sign PDFs that common readers "
            "check; import an RSA (2048 bits or more) or ECDSA P-256/P-384 key"
        )
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size < 2048:
        raise ImportRefused(f"the RSA key has {key.key_size} bits; at least 2048 are needed")
    return key


def _same_public_key(a: Any, b: Any) -> bool:
    fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return bool(a.public_bytes(*fmt) == b.public_bytes(*fmt))


def x509_import_check(*, chain: list[x509.Certificate], key: PrivateKey, now: dt.datetime) -> str:
    """Refuse a certificate that cannot sign; returns the JOSE algorithm name of its key.

    The first certificate must match the key, be valid now, not be a CA and allow digital signature
    or non-repudiation.
    """
    if not chain:
        raise ImportRefused("the certificate file holds no certificate")
    cert = chain[0]
    if not _same_public_key(cert.public_key(), key.public_key()):
        raise ImportRefused("the private key does not belong to the (first) certificate")
    if cert.not_valid_after_utc <= now:
        raise ImportRefused(
            f"the certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}; import a current one"
        )
    if cert.not_valid_before_utc > now:
        raise ImportRefused(
            f"the certificate is valid only from {cert.not_valid_before_utc:%Y-%m-%d}"
        )
    try:
        basic = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        if basic.ca:
            raise ImportRefused(
                "this is a CA certificate; import the signing certificate it issued"
            )
    except x509.ExtensionNotFound:
        pass
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        if not (usage.digital_signature or usage.content_commitment):
            raise ImportRefused(
                "the certificate's key usage allows neither digital signature nor non-repudiation"
            )
    except x509.ExtensionNotFound:
        pass
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        allowed = {
            DOCUMENT_SIGNING,
            ADOBE_AUTHENTIC_DOCUMENTS,
            ExtendedKeyUsageOID.EMAIL_PROTECTION,
            ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,
        }
        if not allowed.intersection(eku):
            raise ImportRefused(
                "the certificate's extended key usage does not allow document signing"
            )
    except x509.ExtensionNotFound:
        pass
    if isinstance(key, ec.EllipticCurvePrivateKey):
        algs = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}
        if key.curve.name not in algs:
            raise ImportRefused(f"the elliptic curve {key.curve.name} is not supported")
        return algs[key.curve.name]
    return "RS256"
