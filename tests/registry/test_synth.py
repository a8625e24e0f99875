"""``isocert synth``: the right proportions, every status, consistent rows and a valid ledger."""

from __future__ import annotations

import io
import itertools
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F, Max

from isocert.certification.models import Certificate, CertificateSite
from isocert.clients.models import Client
from isocert.core.ledger import ledger_verify
from isocert.core.models import Event
from isocert.registry.models import SearchEntry
from isocert.registry.synth.bodies import SURVEY_2024
from isocert.registry.text import normalize_number

N = 3000


def synth(**options) -> dict:
    out = io.StringIO()
    call_command("synth", no_progress=True, json=True, stdout=out, **options)
    return json.loads(out.getvalue())


@pytest.fixture
def built(db) -> dict:
    return synth(certificates=N, seed=3)


def test_counts_and_iso_survey_proportions(built) -> None:
    assert built["certificates"] == N == Certificate.objects.count()
    total = sum(SURVEY_2024.values())
    by_standard = dict(
        Certificate.objects.values_list("standard__code").annotate(n=Count("pk")).order_by()
    )
    assert set(by_standard) == set(SURVEY_2024)
    for code, n in SURVEY_2024.items():
        assert by_standard[code] / N == pytest.approx(n / total, abs=0.01), code
    # roughly 1.5 million organisations for 2.5 million certificates
    assert 0.4 < built["clients"] / N < 0.7


def test_every_status_and_consistent_revisions(built) -> None:
    statuses = set(Certificate.objects.values_list("status", flat=True))
    assert statuses == {"active", "suspended", "withdrawn", "expired", "superseded"}
    # the newest revision of every number is never superseded; every older one is
    newest = Certificate.objects.values("certification_body", "number").annotate(
        top=Max("revision")
    )
    for row in newest:
        revisions = Certificate.objects.filter(
            certification_body=row["certification_body"], number=row["number"]
        ).order_by("revision")
        assert [c.revision for c in revisions] == list(range(row["top"] + 1))
        *older, last = revisions
        assert last.status != "superseded"
        assert all(c.status == "superseded" for c in older)
        assert all(b.supersedes_id == a.pk for a, b in itertools.pairwise(revisions))
    for cert in Certificate.objects.all()[:500]:
        assert cert.lookup_key == normalize_number(cert.printed_number)
        assert cert.original_issue_date <= cert.issue_date <= cert.expiry_date


def test_sites_belong_to_the_certificate_holder(built) -> None:
    assert CertificateSite.objects.count() >= N
    foreign = CertificateSite.objects.exclude(site__client_id=F("certificate__client_id"))
    assert not foreign.exists()


def test_ledger_holds_the_public_history_and_verifies(built) -> None:
    check = ledger_verify()
    assert check.ok, check.problem
    assert check.events == built["events"] == Event.objects.filter(public=True).count()
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert {
        "certificate.issued",
        "certificate.renewed",
        "certificate.superseded",
        "certificate.suspended",
        "certificate.withdrawn",
        "certificate.expired",
    } <= kinds


def test_foreign_keys_hold(built) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []
        else:  # deferred constraints are checked now instead of at the (never reached) commit
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_search_index_built_for_public_clients_only(built) -> None:
    public = Client.objects.filter(confidential=False).count()
    assert built["searchable_clients"] == public == SearchEntry.objects.count()
    assert Client.objects.filter(confidential=True).exists()
    assert Client.objects.filter(name__regex=r"[äöüéèçñãøåłřşığ]").exists()


def test_refuses_a_database_with_certificates_unless_append(built) -> None:
    with pytest.raises(CommandError, match="already holds 3000 certificates"):
        synth(certificates=10)
    more = synth(certificates=500, seed=4, append=True)
    assert more["certificates"] == 500
    assert Certificate.objects.count() == N + 500
    assert more["certification_bodies"] == built["certification_bodies"]
    assert ledger_verify().ok


def test_a_second_process_can_generate_while_this_one_writes(db) -> None:
    """--jobs 2: batches generated in a forked process, written and chained here."""
    piped = synth(certificates=1200, seed=9, jobs=2)
    assert piped["certificates"] == 1200 == Certificate.objects.count()
    assert set(piped["by_standard"]) == set(SURVEY_2024)
    check = ledger_verify()
    assert check.ok and check.events == piped["events"]
    assert piped["searchable_clients"] == SearchEntry.objects.count() > 0


def test_names_with_typos_are_found_in_the_synthetic_registry(built) -> None:
    """Recall on realistic names: a hundred organisations asked for with one or two typing errors
    (a wrong, missing, extra or swapped letter) are found among the first ten rows."""
    import random

    from isocert.registry.selectors import organisation_search
    from isocert.registry.text import normalize_name

    rng = random.Random(11)
    names = sorted(
        Client.objects.filter(pk__in=SearchEntry.objects.values("client_id")).values_list(
            "name", flat=True
        )
    )
    asked = rng.sample(names, 100)

    def typo(text: str) -> str:
        for _ in range(rng.choice((1, 2))):
            i = rng.choice([k for k, ch in enumerate(text) if ch.isalpha()])
            op = rng.randrange(4)
            if op == 0:
                text = text[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + text[i + 1 :]
            elif op == 1:
                text = text[:i] + text[i + 1 :]
            elif op == 2:
                text = text[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + text[i:]
            elif i + 1 < len(text):
                text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        return text

    found = 0
    for name in asked:
        rows = organisation_search(typo(name)).rows[:10]
        found += normalize_name(name) in {normalize_name(row.name) for row in rows}
    assert found >= 95
