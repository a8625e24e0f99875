"""Verify by number: the verdict a buyer reads first, and the evidence behind it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isocert.accreditation.choices import AccreditationStatus
from isocert.registry.choices import Verdict
from isocert.registry.selectors import certificate_verify, certificate_verify_many
from isocert.registry.verification import coverage_forget

from .conftest import TODAY


@pytest.mark.parametrize(
    ("status", "expiry", "verdict"),
    [
        ("active", dt.date(2026, 1, 31), Verdict.VALID),
        ("suspended", dt.date(2026, 1, 31), Verdict.SUSPENDED),
        ("withdrawn", dt.date(2026, 1, 31), Verdict.WITHDRAWN),
        ("expired", dt.date(2025, 1, 31), Verdict.EXPIRED),
        # the daily job has not yet expired it, but the date has passed: not valid
        ("active", dt.date(2025, 6, 1), Verdict.EXPIRED),
        ("suspended", dt.date(2025, 6, 1), Verdict.EXPIRED),
        # last valid day is the expiry date itself
        ("active", TODAY, Verdict.VALID),
    ],
)
def test_verdict_for_every_status(registry, status, expiry, verdict) -> None:
    client = registry.client("Widget Works Ltd")
    registry.certify(client, "ACME-9001-000123", status=status, expiry=expiry)
    result = certificate_verify("ACME-9001-000123")
    assert result.verdict == verdict
    assert result.meaning
    assert result.certificate is not None
    assert result.certificate.holder_name == "Widget Works Ltd"


def test_a_draft_is_never_public(registry) -> None:
    client = registry.client("Draft Co")
    registry.certify(client, "ACME-9001-000001", status="draft", history=(), index=False)
    assert certificate_verify("ACME-9001-000001").verdict == Verdict.NOT_FOUND


@pytest.mark.parametrize(
    "typed", ["acme 9001 000123", "ACME-9001-000123", "acme-9001-000123", " ACME9001000123 "]
)
def test_number_as_people_type_it(registry, typed: str) -> None:
    registry.certify(registry.client("Widget Works Ltd"), "ACME-9001-000123")
    result = certificate_verify(typed)
    assert result.verdict == Verdict.VALID
    assert result.certificate.number == "ACME-9001-000123"
    assert result.query == typed


def test_older_revision_is_superseded_and_names_the_newest(registry) -> None:
    client = registry.client("Widget Works Ltd")
    r0 = registry.certify(
        client,
        "ACME-9001-000123",
        status="superseded",
        history=(("certificate.issued", "draft", "active"),),
    )
    r1 = registry.certify(
        client,
        "ACME-9001-000123",
        revision=1,
        status="superseded",
        supersedes=r0,
        history=(("certificate.scope_extended", "draft", "active"),),
    )
    registry.certify(
        client,
        "ACME-9001-000123",
        revision=2,
        status="suspended",
        supersedes=r1,
        history=(
            ("certificate.renewed", "draft", "active"),
            ("certificate.suspended", "active", "suspended"),
        ),
    )
    for typed in ("ACME-9001-000123", "acme 9001 000123 r1"):
        result = certificate_verify(typed)
        assert result.verdict == Verdict.SUPERSEDED
        assert result.current_number == "ACME-9001-000123-R2"
        assert result.current_verdict == Verdict.SUSPENDED
    newest = certificate_verify("ACME-9001-000123-R2")
    assert newest.verdict == Verdict.SUSPENDED
    assert newest.current_number is None
    # the public history covers every revision of the number, oldest first
    assert [(h.label, h.number) for h in newest.certificate.history] == [
        ("Issued", "ACME-9001-000123"),
        ("Scope extended (new revision)", "ACME-9001-000123-R1"),
        ("Renewed (new revision)", "ACME-9001-000123-R2"),
        ("Suspended", "ACME-9001-000123-R2"),
    ]


def test_history_shows_only_public_events(registry) -> None:
    from django.db import transaction

    from isocert.core.ledger import ledger_append

    cert = registry.certify(registry.client("Widget Works Ltd"), "ACME-9001-000123")
    with transaction.atomic():
        ledger_append(actor="staff", kind="certificate.note", obj=cert, public=False)
    history = certificate_verify("ACME-9001-000123").certificate.history
    assert [h.kind for h in history] == ["certificate.issued"]
    assert (history[0].from_status, history[0].to_status) == ("draft", "active")


def test_details_a_buyer_checks(registry) -> None:
    client = registry.client("Widget Works Ltd", city="Leeds")
    registry.certify(client, "ACME-9001-000123", codes=(17, 28))
    cert = certificate_verify("ACME-9001-000123").certificate
    assert cert.edition == "ISO 9001:2015"
    assert [c.code for c in cert.iaf_codes] == [17, 28]
    assert [(s.city, s.country) for s in cert.sites] == [("Leeds", "GB")]
    assert cert.original_issue_date == dt.date(2023, 2, 1)
    assert cert.expiry_date == dt.date(2026, 1, 31)
    assert cert.certification_body.acronym == "ACME"
    assert cert.accreditation.body.acronym == "NAS"
    assert cert.accreditation.covers_today is True


def test_accreditation_that_does_not_cover_the_certificate_today(registry, personas) -> None:
    client = registry.client("Widget Works Ltd")
    registry.certify(client, "ACME-9001-000001", codes=(17,))
    registry.certify(client, "ACME-9001-000002", codes=(5,))  # code 5 is outside ACME's scope
    assert certificate_verify("ACME-9001-000001").certificate.accreditation.covers_today
    outside = certificate_verify("ACME-9001-000002").certificate.accreditation
    assert outside.covers_today is False
    assert "5" in outside.explanation
    personas.cb.accreditation_status = AccreditationStatus.SUSPENDED
    personas.cb.save()
    suspended = certificate_verify("ACME-9001-000001")
    assert suspended.verdict == Verdict.VALID  # the certificate itself is still valid ...
    assert suspended.certificate.accreditation.covers_today is False  # ... but not accredited now


def test_not_found_is_honest_and_suggests_near_numbers(registry) -> None:
    client = registry.client("Widget Works Ltd")
    registry.certify(client, "ACME-9001-000123")
    registry.certify(client, "ACME-9001-000124", standard="ISO 14001")
    result = certificate_verify("ACME-9001-000132")
    assert result.verdict == Verdict.NOT_FOUND
    assert result.certificate is None
    assert set(result.near_numbers) == {"ACME-9001-000123", "ACME-9001-000124"}
    assert len(result.explanation) == 3
    assert any("forged" in line for line in result.explanation)
    assert result.ask is not None and result.ask.acronym == "ACME"


def test_not_found_without_any_known_prefix(registry) -> None:
    result = certificate_verify("ZZZ-1234")
    assert result.verdict == Verdict.NOT_FOUND
    assert result.near_numbers == []
    assert result.ask is None


def test_confidential_client_is_confirmed_on_exact_number_but_never_suggested(registry) -> None:
    secret = registry.client("Hush Defence Ltd", confidential=True)
    registry.certify(secret, "ACME-9001-000777")
    exact = certificate_verify("acme-9001-000777")
    assert exact.verdict == Verdict.VALID
    assert exact.certificate.holder_name == "Hush Defence Ltd"
    assert exact.certificate.holder_id is None  # no public organisation page
    near = certificate_verify("ACME-9001-000778")
    assert near.verdict == Verdict.NOT_FOUND
    assert "ACME-9001-000777" not in near.near_numbers


def test_bulk_verify_keeps_order_and_a_constant_number_of_queries(registry) -> None:
    client = registry.client("Widget Works Ltd")
    numbers = [f"ACME-9001-00010{i}" for i in range(5)]
    for n in numbers:
        registry.certify(client, n, index=False)

    def queries(asked: list[str]) -> int:
        coverage_forget()
        with CaptureQueriesContext(connection) as ctx:
            results = certificate_verify_many(asked)
        assert [r.query for r in results] == asked
        assert all(r.verdict == Verdict.VALID for r in results)
        return len(ctx.captured_queries)

    assert queries(numbers[:2]) == queries(numbers)


def test_remembered_coverage_answers_like_accreditation_covers(personas) -> None:
    """Verification answers "does the accreditation cover this today?" from the accreditation
    tables read at once; its answers (and words) are those of ``accreditation_covers``."""
    from isocert.accreditation.models import AccreditedScope, CertificationBody
    from isocert.accreditation.selectors import accreditation_covers
    from isocert.catalog.models import Edition
    from isocert.registry.verification import _covers

    line = AccreditedScope.objects.filter(certification_body=personas.cb).first()
    line.valid_until = TODAY + dt.timedelta(days=10)
    line.save()
    days = [TODAY, TODAY + dt.timedelta(days=30), dt.date(1990, 1, 1)]
    code_sets = [(), (17,), (5,), (17, 28), (28, 17, 5)]
    for status in (AccreditationStatus.ACTIVE, AccreditationStatus.SUSPENDED):
        CertificationBody.objects.filter(pk=personas.cb.pk).update(accreditation_status=status)
        coverage_forget()
        for cb in CertificationBody.objects.all():
            for edition in Edition.objects.select_related("standard"):
                for codes in code_sets:
                    for day in days:
                        row = (
                            edition.standard_id, edition.pk, edition.standard.code, edition.year,
                            cb.pk, cb.acronym, cb.accreditation_status, cb.updated_at,
                            cb.accreditation_body_id,
                        )  # fmt: skip
                        expected = accreditation_covers(
                            certification_body=cb,
                            standard=edition.standard,
                            edition=edition,
                            iaf_codes=codes,
                            on=day,
                        )
                        assert _covers(row, list(codes), day) == expected, (cb, edition, codes)


def test_remembered_scope_lines_hold_exactly_their_iaf_codes(personas) -> None:
    """The accreditation tables are read with each line's IAF codes added up as bits by the
    database: every line keeps exactly its codes, a line without codes none, and a code number
    past the bits (not in the IAF list, but the column allows it) is read one by one."""
    from isocert.accreditation.models import AccreditedScope
    from isocert.catalog.models import IafCode
    from isocert.registry.verification import _accreditation_snapshot

    lines = list(AccreditedScope.objects.filter(certification_body=personas.cb)[:2])
    far = IafCode.objects.create(code=300, sector="Not an IAF sector (test)")
    lines[0].iaf_codes.add(far, 39, 1)
    lines[1].iaf_codes.clear()
    coverage_forget()
    snap = _accreditation_snapshot(fresh=True)
    for line in AccreditedScope.objects.prefetch_related("iaf_codes"):
        remembered = snap.lines[(line.certification_body_id, line.edition_id)]
        assert remembered.codes == {c.code for c in line.iaf_codes.all()}, line
    assert {300, 39, 1} <= snap.lines[(personas.cb.pk, lines[0].edition_id)].codes
    assert snap.lines[(personas.cb.pk, lines[1].edition_id)].codes == frozenset()
    coverage_forget()


def test_worked_out_coverage_answers_survive_a_rereading_that_changed_nothing(personas) -> None:
    from isocert.accreditation.models import AccreditedScope
    from isocert.registry.verification import _accreditation_snapshot

    coverage_forget()
    first = _accreditation_snapshot(fresh=True)
    first.answers["worked out"] = (True, "")
    again = _accreditation_snapshot(fresh=True)
    assert again is not first and again.answers is first.answers
    line = AccreditedScope.objects.filter(certification_body=personas.cb).first()
    line.valid_until = TODAY + dt.timedelta(days=3)
    line.save()
    changed = _accreditation_snapshot(fresh=True)
    assert "worked out" not in changed.answers
    assert changed.lines[(personas.cb.pk, line.edition_id)].valid_until == line.valid_until
    coverage_forget()
