"""Each supplier row gets the certificate it matches, the verdict, a confidence and the reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isocert.bulkverify.models import BulkCheck
from isocert.bulkverify.services import bulk_check_run

pytestmark = pytest.mark.django_db


def check(*rows: dict[str, str]) -> list[dict[str, Any]]:
    return bulk_check_run(rows=list(rows)).rows


def one(**row: str) -> dict[str, Any]:
    full = {"name": "", "country": "", "certificate number": "", "standard": ""}
    full.update({k.replace("_", " "): v for k, v in row.items()})
    return check(full)[0]


def test_a_valid_number_typed_loosely_matches_with_high_confidence(suppliers: Any) -> None:
    row = one(name="ACME WIDGETS", country="GB", certificate_number="acb 9001 0001")

    assert row["verdict"] == "valid"
    assert row["certificate"] == "ACB-9001-0001"
    assert row["holder"] == "Acme Widgets Ltd"
    assert row["matched_by"] == "number"
    assert row["confidence_label"] == "high"
    assert row["reason"].startswith(
        "Certificate number found; holder name matches “Acme Widgets Ltd”"
    )
    assert "%" in row["reason"]
    assert row["meaning"].startswith("The certification body confirms")


@pytest.mark.parametrize(
    ("number", "verdict"),
    [
        ("ACB-9001-0003", "suspended"),
        ("ACB-9001-0004", "withdrawn"),
        ("ACB-9001-0005", "expired"),
        ("ACB-9001-0006", "superseded"),
        ("ACB-9001-0006-R1", "valid"),
    ],
)
def test_every_verdict_is_reported(suppliers: Any, number: str, verdict: str) -> None:
    assert one(certificate_number=number)["verdict"] == verdict


def test_a_superseded_revision_names_the_current_one(suppliers: Any) -> None:
    row = one(name="Echo Plastics BV", certificate_number="ACB90010006")

    assert row["verdict"] == "superseded"
    assert "superseded by ACB-9001-0006-R1 (valid)" in row["reason"]


def test_a_number_not_found_says_what_it_may_mean_and_what_the_registry_lists(
    suppliers: Any,
) -> None:
    row = one(name="Acme Widgets Ltd", country="GB", certificate_number="ACB-9001-0007")

    assert row["verdict"] == "not_found"
    assert row["certificate"] == ""
    assert row["confidence"] == 0
    assert row["confidence_label"] == "none"
    assert "typo, a body that does not publish here or a forgery" in row["reason"]
    assert "ACB-9001-0001" in row["reason"]  # the certificate the registry holds for that name


def test_a_number_of_another_holder_is_flagged(suppliers: Any) -> None:
    row = one(name="Zenith Foods Ltd", country="GB", certificate_number="ACB-9001-0001")

    assert row["verdict"] == "valid"
    assert row["confidence_label"] == "low"
    assert (
        "holder is “Acme Widgets Ltd”, not “Zenith Foods Ltd”: check with the supplier"
        in (row["reason"])
    )


def test_a_wrong_standard_and_country_lower_the_confidence(suppliers: Any) -> None:
    row = one(
        name="Acme Widgets Ltd", country="FR", certificate_number="ACB-9001-0001", standard="14001"
    )

    assert row["confidence_label"] == "medium"
    assert "standard on file is ISO 14001, the certificate is ISO 9001" in row["reason"]
    assert "the holder is in GB, not FR" in row["reason"]


def test_without_a_number_the_exact_name_and_country_match(suppliers: Any) -> None:
    row = one(name="acme widgets ltd.", country="GB", standard="ISO 14001:2015")

    assert row["matched_by"] == "name"
    assert row["certificate"] == "ACB-14001-0002"
    assert row["confidence_label"] == "high"
    assert row["reason"] == "No number given; matched by name and country; holds ISO 14001."


def test_a_misspelt_name_matches_a_similar_name_with_less_confidence(suppliers: Any) -> None:
    row = one(name="Borealis Toolnig GmbH", country="DE")

    assert row["matched_by"] == "fuzzy"
    assert row["certificate"] == "ACB-9001-0003"
    assert row["verdict"] == "suspended"
    assert row["confidence_label"] == "medium"
    assert "closest name “Borealis Tooling GmbH”" in row["reason"]


def test_a_name_in_another_country_is_not_matched(suppliers: Any) -> None:
    row = one(name="Acme Widgets Ltd", country="DE")

    assert row["verdict"] == "not_found"
    assert "no certified organisation with this name in DE" in row["reason"]


def test_an_organisation_without_the_standard_asked_for_is_not_found(suppliers: Any) -> None:
    row = one(name="Borealis Tooling GmbH", country="DE", standard="ISO 45001")

    assert row["verdict"] == "not_found"
    assert "holds no ISO 45001 certificate here; it holds ISO 9001 ACB-9001-0003" in row["reason"]


def test_a_confidential_client_is_never_matched_by_name(suppliers: Any) -> None:
    for name in ("Hidden Defence Works Ltd", "Hidden Defense Works Ltd"):
        row = one(name=name, country="GB")
        assert row["verdict"] == "not_found", (row["reason"], row["certificate"], row["holder"])
        assert row["certificate"] == ""
        assert "ACB-9001-0099" not in str(row)


def test_a_confidential_client_is_confirmed_by_its_exact_number(suppliers: Any) -> None:
    row = one(name="Hidden Defence Works Ltd", certificate_number="ACB-9001-0099")

    assert row["verdict"] == "valid"
    assert row["certificate"] == "ACB-9001-0099"
    assert "confirmed on its number only" in row["reason"]


def test_a_typo_in_a_confidential_number_reveals_nothing(suppliers: Any) -> None:
    row = one(name="Hidden Defence Works Ltd", certificate_number="ACB-9001-0098")

    assert row["verdict"] == "not_found"
    assert "Hidden" not in row["reason"]
    assert "0099" not in row["reason"]


def test_odd_cells_become_notes_and_the_row_is_still_checked(suppliers: Any) -> None:
    row = one(name="Acme Widgets Ltd", country="Germny", certificate_number="9" * 61)

    assert row["verdict"] == "valid"  # matched by name: neither the country nor the number was used
    assert row["matched_by"] == "name"
    assert any("“Germny” is not an ISO 3166-1 alpha-2 country code" in n for n in row["notes"])
    assert any("longer than 60 characters" in n for n in row["notes"])


def test_country_names_and_unknown_standards(suppliers: Any) -> None:
    row = one(name="Borealis Tooling GmbH", country="Germany", standard="ISO 99999")

    assert row["certificate"] == "ACB-9001-0003"
    assert row["notes"] == [
        "The standard “ISO 99999” is not one the registry knows: it was not used."
    ]


def test_a_row_with_nothing_to_match(suppliers: Any) -> None:
    row = one(country="GB", standard="ISO 9001")

    assert row["verdict"] == "not_found"
    assert "no name and no certificate number" in row["reason"]


def test_the_check_is_kept_with_counts_by_verdict(suppliers: Any) -> None:
    bulk = bulk_check_run(
        rows=[
            {"Supplier": "Acme Widgets Ltd", "Cert No": "ACB-9001-0001"},
            {"Supplier": "Nobody Ltd", "Cert No": "ZZZ-1"},
        ]
    )

    stored = BulkCheck.objects.get(token=bulk.token)
    assert len(stored.token) >= 32
    assert stored.row_count == 2
    assert stored.counts["valid"] == 1
    assert stored.counts["not_found"] == 1
    assert stored.counts["suspended"] == 0
    assert stored.columns == {"name": "Supplier", "number": "Cert No"}


def test_number_rows_cost_the_same_queries_however_many(
    registry: Any, django_assert_max_num_queries: Any
) -> None:
    client = registry.client("Quantity Test Ltd")
    numbers = [
        registry.certify(client, f"QTY-{i:04d}", history=(), index=False).number for i in range(25)
    ]

    def rows(n: int) -> list[dict[str, str]]:
        return [
            {"name": "Quantity Test Ltd", "certificate number": numbers[i % 25].lower()}
            for i in range(n)
        ]

    with CaptureQueriesContext(connection) as five:
        bulk_check_run(rows=rows(5))
    with django_assert_max_num_queries(len(five.captured_queries)):
        bulk_check_run(rows=rows(50))
