"""The QR token: signed claims, online and offline checks, and every forgery of a token caught."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from isocert.accreditation.choices import AccreditationStatus
from isocert.certification.choices import CertificateStatus
from isocert.certification.models import CertificateSite
from isocert.core.permissions import actor_for
from isocert.signing import selectors, services
from isocert.signing.choices import KeyKind, Verdict
from isocert.signing.qrtoken import scope_canonical, scope_digest, token_parse, token_sign
from isocert.signing.verify import DatabaseKeys, JwksKeys, token_from_text, token_verify
from tests.signing.conftest import make_certificate, token_of

DB = DatabaseKeys()


def b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def with_claims(token: str, **changes: Any) -> str:
    """The same header and signature over edited claims: what a forger can do without the key."""
    _header, claims = token_parse(token)
    head, _payload, signature = token.split(".")
    return ".".join([head, b64({**claims, **changes}), signature])


@pytest.fixture
def token(signed_pdf: bytes) -> str:
    return token_of(signed_pdf)


def test_the_token_carries_the_essential_claims_signed_with_eddsa(
    certificate: Any, token: str
) -> None:
    header, claims = token_parse(token)
    assert header["alg"] == "EdDSA" and header["kid"].startswith("ACME-ed25519-")
    assert claims["n"] == "ACME-9001-000001" and claims["r"] == 0
    assert claims["h"] == "Widget Works Ltd"
    assert claims["s"] == "ISO 9001:2015"
    assert claims["iss"] == "ACME"
    assert (claims["od"], claims["ed"], claims["xd"]) == ("2021-03-15", "2024-03-15", "2027-03-14")
    sites = [
        (selectors.site_label(s), scope) for s, scope in selectors.certificate_sites(certificate)
    ]
    assert claims["sd"] == scope_digest(certificate.scope, sites)
    assert isinstance(claims["iat"], int)


def test_the_scope_digest_ignores_layout_but_not_content() -> None:
    sites = [("Plant, Leeds, GB", "Machining"), ("Office, York, GB", "Design")]
    same = scope_digest("Design  and\nmanufacture", list(reversed(sites)))
    assert same == scope_digest("Design and manufacture", sites)
    assert scope_digest("Design and manufacture", sites[:1]) != same  # a site removed
    assert scope_digest("Design", sites) != same  # scope reduced
    assert scope_canonical("a", sites).splitlines()[0] == "scope:a"


def test_a_genuine_token_of_a_valid_certificate(token: str) -> None:
    check = token_verify(token, keys=DB)
    assert check.verdict == Verdict.GENUINE_VALID, check.reasons
    assert check.genuine and check.valid
    assert "valid until 14 March 2027" in " ".join(check.reasons)
    assert not check.differences


def test_the_verification_url_is_accepted_as_well(token: str) -> None:
    assert token_from_text(f"https://registry.example/v/{token}?utm=x") == token
    assert token_verify(token_from_text(f"http://x/v/{token}"), keys=DB).valid


# --- Forgeries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "edit",
    [
        {"xd": "2030-03-14"},  # expiry pushed back
        {"h": "Other Company Ltd"},  # holder replaced
        {"s": "ISO 14001:2015"},  # another standard
        {"sd": "A" * 43},  # scope widened
        {"n": "ACME-9001-O00001"},  # a look-alike number (letter O)
    ],
)
def test_edited_claims_are_caught(token: str, edit: dict[str, Any]) -> None:
    check = token_verify(with_claims(token, **edit), keys=DB)
    assert check.verdict == Verdict.ALTERED
    assert not check.genuine
    assert "changed after" in check.reasons[0]
    assert check.claims is None  # nothing of a forged token is presented as signed


def test_a_token_signed_by_another_bodys_key_is_caught(personas: Any, token: str) -> None:
    services.signing_keys_create(
        actor=actor_for(personas.other_staff), certification_body=personas.other_cb
    )
    bore_key = selectors.signing_key_current(
        certification_body=personas.other_cb, kind=KeyKind.ED25519
    )
    assert bore_key is not None
    _header, claims = token_parse(token)
    forged = token_sign(claims, kid=bore_key.kid, private_key=services.private_key(bore_key))
    check = token_verify(forged, keys=DB)
    assert check.verdict == Verdict.UNKNOWN_KEY
    assert "Borealis Registrar" in check.reasons[0] and "ACME" in check.reasons[0]
    # the same key pretending to be ACME's key id does not verify at all
    acme_kid = token_parse(token)[0]["kid"]
    pretending = token_sign(claims, kid=acme_kid, private_key=services.private_key(bore_key))
    assert token_verify(pretending, keys=DB).verdict == Verdict.ALTERED


def test_a_token_signed_by_a_key_nobody_published(token: str) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    _header, claims = token_parse(token)
    forged = token_sign(
        claims, kid="ACME-ed25519-20250101-deadbeef", private_key=Ed25519PrivateKey.generate()
    )
    check = token_verify(forged, keys=DB)
    assert check.verdict == Verdict.UNKNOWN_KEY
    assert "not published" in check.reasons[0]


def test_a_token_signed_by_a_revoked_key(personas: Any, admin_actor: Any, token: str) -> None:
    kid = token_parse(token)[0]["kid"]
    services.signing_key_revoke(actor=admin_actor, kid=kid, reason="key exposed")
    check = token_verify(token, keys=DB)
    assert check.verdict == Verdict.REVOKED_KEY
    assert "revoked" in check.reasons[0] and kid in check.reasons[0]
    # the buyer still learns what the registry says about the certificate itself
    assert "The registry shows ACME-9001-000001 as valid" in check.reasons[-1]


def test_a_token_signed_by_an_expired_key(token: str) -> None:
    with time_machine.travel(timezone.now() + dt.timedelta(days=365 * 6), tick=False):
        check = token_verify(token, keys=DB)
    assert check.verdict == Verdict.EXPIRED_KEY
    assert "expired on" in check.reasons[0]


def test_a_token_claiming_to_be_signed_outside_its_keys_validity(token: str) -> None:
    from isocert.signing.models import SigningKey

    key = SigningKey.objects.get(kid=token_parse(token)[0]["kid"])
    _header, claims = token_parse(token)
    backdated = token_sign(
        {**claims, "iat": int((key.not_before - dt.timedelta(days=30)).timestamp())},
        kid=key.kid,
        private_key=services.private_key(key),
    )
    assert token_verify(backdated, keys=DB).verdict == Verdict.EXPIRED_KEY


def test_a_superseded_revision_names_what_changed(
    personas: Any, certificate: Any, token: str
) -> None:
    certificate.status = CertificateStatus.SUPERSEDED
    certificate.save()
    reduced = make_certificate(
        personas,
        revision=1,
        sites=1,
        scope="Servicing of gearboxes for industrial machinery.",
        supersedes=certificate,
    )
    CertificateSite.objects.filter(certificate=certificate).delete()
    CertificateSite.objects.create(
        certificate=certificate,
        site=reduced.sites.get().site,
        scope="Design and management of the system.",
    )
    extra = make_certificate(personas, number="ACME-9001-000099", sites=2)
    CertificateSite.objects.create(
        certificate=certificate, site=extra.sites.order_by("pk").last().site, scope="Machining."
    )
    check = token_verify(token, keys=DB)
    assert check.verdict == Verdict.GENUINE_SUPERSEDED
    assert "ACME-9001-000001-R1" in " ".join(check.reasons)
    texts = " ".join(d.text for d in check.differences)
    assert "The scope was changed" in texts
    assert "Plant 1, Leeds, GB is no longer certified" in texts
    assert check.current is not None and check.current.revision == 1


@pytest.mark.parametrize(
    ("status", "verdict", "words"),
    [
        (CertificateStatus.SUSPENDED, Verdict.GENUINE_SUSPENDED, "suspended since 1 May 2025"),
        (CertificateStatus.WITHDRAWN, Verdict.GENUINE_WITHDRAWN, "withdrawn on 1 May 2025"),
        (CertificateStatus.EXPIRED, Verdict.GENUINE_EXPIRED, "expired on 14 March 2027"),
    ],
)
def test_a_genuine_token_of_a_certificate_that_is_no_longer_valid(
    certificate: Any, token: str, status: str, verdict: Verdict, words: str
) -> None:
    certificate.status = status
    certificate.suspended_on = dt.date(2025, 5, 1)
    certificate.withdrawn_on = dt.date(2025, 5, 1)
    certificate.save()
    check = token_verify(token, keys=DB)
    assert check.verdict == verdict
    assert check.genuine and not check.valid
    assert words in " ".join(check.reasons)


def test_an_active_certificate_past_its_expiry_date_is_expired(token: str) -> None:
    with time_machine.travel(dt.datetime(2027, 3, 15, 12, tzinfo=dt.UTC), tick=False):
        check = token_verify(token, keys=DB)
    assert check.verdict == Verdict.GENUINE_EXPIRED


def test_a_record_changed_without_reissue_is_pointed_out(personas: Any, token: str) -> None:
    personas.client.name = "Widget Works Group plc"
    personas.client.save()
    check = token_verify(token, keys=DB)
    assert check.verdict == Verdict.GENUINE_CHANGED
    [diff] = check.differences
    assert diff.field == "h" and diff.document == "Widget Works Ltd"
    assert diff.registry == "Widget Works Group plc"


def test_the_body_losing_its_accreditation_is_mentioned(personas: Any, token: str) -> None:
    personas.cb.accreditation_status = AccreditationStatus.SUSPENDED
    personas.cb.save()
    check = token_verify(token, keys=DB)
    assert "accreditation of Acme Certification is suspended" in check.reasons[-1]


def test_a_genuine_token_of_a_deleted_or_unknown_revision(certificate: Any, token: str) -> None:
    certificate.revision = 5
    certificate.lookup_key = "ACME9001000001R5"
    certificate.save()
    check = token_verify(token, keys=DB)
    assert check.verdict == Verdict.NOT_IN_REGISTRY


@pytest.mark.parametrize(
    "text",
    ["", "hello", "a.b.c", "e30.e30.sig", "x" * 5000, b64({"alg": "none", "kid": "k"}) + ".e30.x"],
)
def test_garbage_is_unreadable_not_an_error(text: str) -> None:
    check = token_verify(text, keys=DB)
    assert check.verdict == Verdict.UNREADABLE
    assert check.reasons


# --- Offline -------------------------------------------------------------------------------------


def test_offline_with_only_the_published_keys(
    personas: Any, token: str, django_assert_num_queries: Any
) -> None:
    jwks = JwksKeys(selectors.jwks_document(certification_body=personas.cb))
    with django_assert_num_queries(0):
        check = token_verify(token, keys=jwks)
        forged = token_verify(with_claims(token, xd="2031-01-01"), keys=jwks)
    assert check.verdict == Verdict.GENUINE_VALID and check.offline
    assert "cannot be seen without the registry" in " ".join(check.reasons)
    assert forged.verdict == Verdict.ALTERED


def test_offline_knows_revoked_and_unknown_keys(
    personas: Any, admin_actor: Any, token: str
) -> None:
    kid = token_parse(token)[0]["kid"]
    services.signing_key_revoke(actor=admin_actor, kid=kid, reason="exposed")
    jwks_doc = selectors.jwks_document(certification_body=personas.cb)
    assert token_verify(token, keys=JwksKeys(jwks_doc)).verdict == Verdict.REVOKED_KEY
    empty = JwksKeys({"keys": []})
    assert token_verify(token, keys=empty).verdict == Verdict.UNKNOWN_KEY


def test_offline_an_expired_certificate_is_expired(personas: Any, token: str) -> None:
    jwks = JwksKeys(selectors.jwks_document(certification_body=personas.cb))
    with time_machine.travel(dt.datetime(2027, 4, 1, tzinfo=dt.UTC), tick=False):
        assert token_verify(token, keys=jwks).verdict == Verdict.GENUINE_EXPIRED


@pytest.mark.parametrize("registry_app", [True, False])
def test_the_live_verdict_agrees_with_the_registry_or_the_local_rules(
    certificate: Any, token: str, monkeypatch: pytest.MonkeyPatch, registry_app: bool
) -> None:
    from isocert.signing.verify import live

    if not registry_app:  # the registry's certificate_verify absent: status rules decide
        monkeypatch.setattr(live, "_registry_verdict", lambda cert, today: None)
    assert token_verify(token, keys=DB).verdict == Verdict.GENUINE_VALID
    certificate.status = CertificateStatus.WITHDRAWN
    certificate.save()
    assert token_verify(token, keys=DB).verdict == Verdict.GENUINE_WITHDRAWN
    certificate.status = CertificateStatus.ACTIVE
    certificate.save()
    with time_machine.travel(dt.datetime(2027, 3, 15, 12, tzinfo=dt.UTC), tick=False):
        assert token_verify(token, keys=DB).verdict == Verdict.GENUINE_EXPIRED
