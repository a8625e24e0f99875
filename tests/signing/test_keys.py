"""Key lifecycle: create, rotate (old keys keep verifying), revoke, import from a real CA; the JWKS."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from isocert.core.errors import Refused
from isocert.core.models import Event
from isocert.core.permissions import Actor, actor_for
from isocert.signing import selectors, services
from isocert.signing.choices import KeyKind, KeyOrigin, KeyStatus, Verdict
from isocert.signing.models import SigningKey
from isocert.signing.verify import DatabaseKeys, JwksKeys, pdf_verify, token_verify
from tests.signing.conftest import make_certificate, token_of


def kinds(keys: list[SigningKey]) -> set[str]:
    return {k.kind for k in keys}


def test_create_makes_a_token_key_and_a_pdf_certificate_issued_by_the_body_ca(
    personas: Any, admin_actor: Actor
) -> None:
    keys = services.signing_keys_create(actor=admin_actor, certification_body=personas.cb)
    assert kinds(keys) == {KeyKind.ED25519, KeyKind.X509}
    token_key = next(k for k in keys if k.kind == KeyKind.ED25519)
    pdf_key = next(k for k in keys if k.kind == KeyKind.X509)
    assert token_key.kid.startswith("ACME-ed25519-")
    assert pdf_key.kid.startswith("ACME-x509-")
    assert token_key.public_jwk["alg"] == "EdDSA" and token_key.public_jwk["crv"] == "Ed25519"
    chain = x509.load_pem_x509_certificates(pdf_key.certificate_pem.encode())
    assert len(chain) == 2
    leaf, ca = chain
    assert leaf.issuer == ca.subject
    assert "Acme Certification" in leaf.subject.rfc4514_string()
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert pdf_key.issuer is not None and pdf_key.issuer.kind == KeyKind.CA
    # each key, the CA included, is an event in the ledger
    assert Event.objects.filter(kind="signing_key.created").count() == 3


def test_create_is_refused_when_the_body_already_has_keys(
    personas: Any, admin_actor: Actor
) -> None:
    services.signing_keys_create(actor=admin_actor, certification_body=personas.cb)
    with pytest.raises(Refused, match="keys rotate"):
        services.signing_keys_create(actor=admin_actor, certification_body=personas.cb)


@pytest.mark.parametrize("years", [0, 11])
def test_validity_is_bounded(personas: Any, admin_actor: Actor, years: int) -> None:
    with pytest.raises(Refused, match="1 to 10 years"):
        services.signing_keys_create(actor=admin_actor, certification_body=personas.cb, years=years)


def test_only_a_body_administrator_manages_keys(personas: Any) -> None:
    lead = actor_for(personas.lead)
    with pytest.raises(PermissionDenied):
        services.signing_keys_create(actor=lead, certification_body=personas.cb)
    other = actor_for(personas.other_staff)
    with pytest.raises(Http404):  # another body's keys do not exist for them
        services.signing_keys_rotate(actor=other, certification_body=personas.cb)


def test_rotation_signs_with_the_new_key_and_old_documents_still_verify(
    personas: Any, admin_actor: Actor, certificate: Any
) -> None:
    old_pdf = services.certificate_pdf_render(certificate=certificate)
    old_token = token_of(old_pdf)
    old_kid = selectors.signing_key_current(
        certification_body=personas.cb, kind=KeyKind.ED25519
    ).kid
    new = services.signing_keys_rotate(
        actor=admin_actor, certification_body=personas.cb, reason="yearly"
    )
    new_token_key = next(k for k in new if k.kind == KeyKind.ED25519)
    assert new_token_key.kid != old_kid
    assert (
        selectors.signing_key_current(certification_body=personas.cb, kind=KeyKind.ED25519)
        == new_token_key
    )
    # the same body CA issues the new PDF certificate while it is valid long enough
    assert SigningKey.objects.filter(certification_body=personas.cb, kind=KeyKind.CA).count() == 1
    new_pdf = services.certificate_pdf_render(certificate=certificate)
    assert token_of(new_pdf) != old_token
    assert new_token_key.kid in token_of_header(token_of(new_pdf))
    assert token_verify(old_token, keys=DatabaseKeys()).verdict == Verdict.GENUINE_VALID
    assert pdf_verify(old_pdf).verdict == Verdict.GENUINE_VALID
    assert pdf_verify(new_pdf).verdict == Verdict.GENUINE_VALID


def token_of_header(token: str) -> str:
    from isocert.signing.qrtoken import token_parse

    return token_parse(token)[0]["kid"]


def test_revoking_a_key_needs_a_reason_happens_once_and_is_logged(
    personas: Any, admin_actor: Actor
) -> None:
    keys = services.signing_keys_create(actor=admin_actor, certification_body=personas.cb)
    kid = keys[0].kid
    with pytest.raises(Refused, match="Say why"):
        services.signing_key_revoke(actor=admin_actor, kid=kid, reason=" ")
    services.signing_key_revoke(actor=admin_actor, kid=kid, reason="laptop stolen")
    key = SigningKey.objects.get(kid=kid)
    assert key.status == KeyStatus.REVOKED and key.revocation_reason == "laptop stolen"
    event = Event.objects.get(kind="signing_key.revoked")
    assert event.reason == "laptop stolen" and event.certification_body_id == personas.cb.pk
    with pytest.raises(Refused, match="already revoked"):
        services.signing_key_revoke(actor=admin_actor, kid=kid, reason="again")
    other = actor_for(personas.other_staff)
    with pytest.raises(Http404):
        services.signing_key_revoke(actor=other, kid=keys[1].kid, reason="not mine")


def test_revoking_the_body_ca_revokes_the_pdf_certificates_it_issued(
    personas: Any, admin_actor: Actor
) -> None:
    services.signing_keys_create(actor=admin_actor, certification_body=personas.cb)
    ca = SigningKey.objects.get(certification_body=personas.cb, kind=KeyKind.CA)
    revoked = services.signing_key_revoke(actor=admin_actor, kid=ca.kid, reason="CA exposed")
    assert {k.kind for k in revoked} == {KeyKind.CA, KeyKind.X509}
    assert selectors.signing_key_current(certification_body=personas.cb, kind=KeyKind.X509) is None


def test_a_body_without_usable_keys_gets_them_at_the_first_signed_pdf(
    personas: Any, certificate: Any
) -> None:
    assert not SigningKey.objects.exists()
    services.certificate_pdf_render(certificate=certificate)
    made = SigningKey.objects.filter(certification_body=personas.cb)
    assert {k.kind for k in made} == {KeyKind.ED25519, KeyKind.X509, KeyKind.CA}
    # every generated key outlives the certificate it signs, so the document stays checkable
    for key in made:
        assert key.not_after.date() >= certificate.expiry_date
    assert Event.objects.filter(kind="signing_key.created", actor_label__contains="automatic")


def test_a_key_that_expires_before_the_certificate_is_not_used_to_sign_it(
    personas: Any, admin_actor: Actor, certificate: Any
) -> None:
    short = services.signing_keys_create(actor=admin_actor, certification_body=personas.cb, years=1)
    services.certificate_pdf_render(certificate=certificate)
    current = selectors.signing_key_current(
        certification_body=personas.cb, kind=KeyKind.ED25519, until=certificate.expiry_date
    )
    assert current is not None and current.kid not in {k.kid for k in short}


# --- Import from a real CA ------------------------------------------------------------------------


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def real_ca_chain(*, expired: bool = False, leaf_is_ca: bool = False) -> dict[str, bytes]:
    """A root, an intermediate and an RSA document-signing certificate, as a commercial CA issues."""
    now = timezone.now()
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    inter_key = ec.generate_private_key(ec.SECP256R1())
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def build(subject: str, issuer: str, key: Any, sign_key: Any, *, ca: bool, days: int) -> Any:
        start = now - dt.timedelta(days=400 if expired and not ca else 1)
        return (
            x509.CertificateBuilder()
            .subject_name(_name(subject))
            .issuer_name(_name(issuer))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=not ca,
                    content_commitment=not ca,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=ca,
                    crl_sign=ca,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(sign_key, hashes.SHA256())
        )

    root = build("Trusted Root CA", "Trusted Root CA", root_key, root_key, ca=True, days=3650)
    inter = build("Document Signing CA", "Trusted Root CA", inter_key, root_key, ca=True, days=1800)
    leaf = build(
        "Acme Certification document signing",
        "Document Signing CA",
        leaf_key,
        inter_key,
        ca=leaf_is_ca,
        days=365 if expired else 730,
    )
    pem = serialization.Encoding.PEM
    return {
        "cert": leaf.public_bytes(pem),
        "chain": inter.public_bytes(pem) + root.public_bytes(pem),
        "key": leaf_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        "key_encrypted": leaf_key.private_bytes(
            pem,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"pass phrase"),
        ),
        "other_key": rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    }


def test_an_imported_certificate_signs_pdfs_that_verify(
    personas: Any, admin_actor: Actor, certificate: Any
) -> None:
    files = real_ca_chain()
    key = services.signing_key_import_x509(
        actor=admin_actor,
        certification_body=personas.cb,
        certificate=files["cert"],
        private_key_data=files["key_encrypted"],
        password=b"pass phrase",
        chain=files["chain"],
    )
    assert key.origin == KeyOrigin.IMPORTED and key.algorithm == "RS256"
    assert len(key.public_jwk["x5c"]) == 3
    assert Event.objects.filter(kind="signing_key.imported").exists()
    pdf = services.certificate_pdf_render(certificate=certificate)
    check = pdf_verify(pdf)
    assert check.verdict == Verdict.GENUINE_VALID, check.reasons
    assert key.kid in check.reasons[0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"key": "other_key"}, "does not belong"),
        ({"expired": True}, "expired on"),
        ({"leaf_is_ca": True}, "CA certificate"),
        ({"key": "key_encrypted"}, "encrypted"),
        ({"cert": b"not a certificate"}, "not a readable"),
    ],
)
def test_an_unusable_import_is_refused_with_the_reason(
    personas: Any, admin_actor: Actor, kwargs: dict[str, Any], message: str
) -> None:
    files = real_ca_chain(
        expired=kwargs.get("expired", False), leaf_is_ca=kwargs.get("leaf_is_ca", False)
    )
    with pytest.raises(Refused, match=message):
        services.signing_key_import_x509(
            actor=admin_actor,
            certification_body=personas.cb,
            certificate=kwargs.get("cert", files["cert"]),
            private_key_data=files[kwargs.get("key", "key")],
        )
    assert not SigningKey.objects.filter(origin=KeyOrigin.IMPORTED).exists()


# --- JWKS -----------------------------------------------------------------------------------------


def test_jwks_publishes_public_keys_only_with_validity_and_revocation(
    personas: Any, admin_actor: Actor
) -> None:
    acme = services.signing_keys_create(actor=admin_actor, certification_body=personas.cb)
    bore_actor = actor_for(personas.other_staff)
    services.signing_keys_create(actor=bore_actor, certification_body=personas.other_cb)
    revoked = next(k for k in acme if k.kind == KeyKind.ED25519)
    services.signing_key_revoke(actor=admin_actor, kid=revoked.kid, reason="test")

    body_doc = selectors.jwks_document(certification_body=personas.cb)
    all_doc = selectors.jwks_document()
    assert {e["cb"] for e in body_doc["keys"] + body_doc["revoked"]} == {"ACME"}
    assert {e["cb"] for e in all_doc["keys"]} == {"ACME", "BORE"}
    assert [e["kid"] for e in body_doc["revoked"]] == [revoked.kid]
    assert revoked.kid not in {e["kid"] for e in body_doc["keys"]}
    assert body_doc["revoked"][0]["revoked_at"].endswith("Z")
    for entry in all_doc["keys"] + all_doc["revoked"]:
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(entry)  # no private members
        assert entry["use"] == "sig" and entry["not_after"] > entry["not_before"]
        if entry["key_type"] == KeyKind.X509:
            assert entry["x5c"] and entry["x5t#S256"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=365 * 11), tick=False):
        later = selectors.jwks_document(certification_body=personas.cb)
    assert not later["keys"] and later["expired"]
    # the document is what offline verification reads
    assert len(JwksKeys(all_doc)) == len(all_doc["keys"]) + len(all_doc["revoked"])


def test_keys_of_a_body_are_scoped_to_its_staff(personas: Any, admin_actor: Actor) -> None:
    keys = services.signing_keys_create(actor=admin_actor, certification_body=personas.cb)
    assert selectors.signing_key_get(actor=admin_actor, kid=keys[0].kid) == keys[0]
    with pytest.raises(Http404):
        selectors.signing_key_get(actor=actor_for(personas.other_staff), kid=keys[0].kid)


def test_certificates_of_other_bodies_sign_with_their_own_keys(personas: Any) -> None:
    cert = make_certificate(personas, number="BORE-9001-000001", client=personas.other_client)
    pdf = services.certificate_pdf_render(certificate=cert)
    check = pdf_verify(pdf)
    assert check.verdict == Verdict.GENUINE_VALID
    assert check.key is not None and check.key.cb_acronym == "BORE"
