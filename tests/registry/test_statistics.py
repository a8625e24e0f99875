"""Registry statistics: what is counted (current revisions, confidential clients included, drafts
and superseded revisions not), by verdict, standard, country and year; cached; page, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isocert.registry.statistics import registry_statistics

NOW = dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC)  # the registry conftest's frozen day


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def small(registry, personas):
    """Eight published certificates, one draft and one superseded revision:

    GB  Alpha   ISO 9001 valid, ISO 14001 suspended
    GB  Beta    ISO 9001 withdrawn (2024-05-01)
    DE  Gamma   ISO 9001 expired (status), ISO/IEC 27001 past its expiry date (still "active")
    DE  Delta   confidential, ISO 9001 valid
    FR  Epsilon ISO 45001 valid rev 1 superseding rev 0; ISO 9001 draft
    IT  Zeta    ISO 9001 valid (other body)
    """
    r = registry
    alpha = r.client("Alpha Ltd")
    r.certify(alpha, "A-1")
    r.certify(alpha, "A-2", standard="ISO 14001", status="suspended")
    beta = r.client("Beta Ltd")
    r.certify(
        beta,
        "B-1",
        status="withdrawn",
        withdrawn_on=dt.date(2024, 5, 1),
        expiry=dt.date(2026, 1, 31),
    )
    gamma = r.client("Gamma GmbH", country="DE")
    r.certify(gamma, "G-1", status="expired", expiry=dt.date(2024, 12, 31))
    r.certify(gamma, "G-2", standard="ISO/IEC 27001", expiry=dt.date(2025, 6, 1))
    delta = r.client("Delta GmbH", country="DE", confidential=True)
    r.certify(delta, "D-1")
    epsilon = r.client("Epsilon SA", country="FR")
    old = r.certify(epsilon, "E-1", standard="ISO 45001", status="superseded")
    r.certify(epsilon, "E-1", standard="ISO 45001", revision=1, supersedes=old)
    r.certify(epsilon, "E-2", status="draft")
    zeta = r.client("Zeta Srl", country="IT", cb=personas.other_cb)
    r.certify(zeta, "Z-1")


def counts(tally) -> tuple[int, int, int, int]:
    return tally.valid, tally.suspended, tally.withdrawn, tally.expired


def test_totals_count_each_published_certificate_once_by_verdict(small) -> None:
    stats = registry_statistics()
    assert stats.as_of == dt.date(2025, 6, 2)
    assert counts(stats.totals) == (4, 1, 1, 2)
    assert stats.totals.total == 8
    assert [(line.verdict.value, line.count) for line in stats.by_verdict] == [
        ("valid", 4),
        ("suspended", 1),
        ("withdrawn", 1),
        ("expired", 2),
    ]
    assert stats.confidential == 1  # Delta is counted, and only counted


def test_by_standard_largest_first(small) -> None:
    stats = registry_statistics()
    assert [(t.key, counts(t)) for t in stats.by_standard] == [
        ("ISO 9001", (3, 0, 1, 1)),
        ("ISO 14001", (0, 1, 0, 0)),
        ("ISO 45001", (1, 0, 0, 0)),
        ("ISO/IEC 27001", (0, 0, 0, 1)),
    ]


def test_by_country_top_and_the_others(small) -> None:
    stats = registry_statistics()
    assert stats.countries == 4
    assert [(t.key, t.label, t.total) for t in stats.by_country] == [
        ("DE", "Germany", 3),
        ("GB", "United Kingdom", 3),
        ("FR", "France", 1),
        ("IT", "Italy", 1),
    ]
    top2 = registry_statistics(top=2)
    assert [(t.key, t.label, counts(t)) for t in top2.by_country] == [
        ("DE", "Germany", (1, 0, 0, 2)),
        ("GB", "United Kingdom", (1, 1, 1, 0)),
        ("", "2 other countries", (2, 0, 0, 0)),
    ]


def test_by_year_issued_and_in_force_at_year_end(registry) -> None:
    client = registry.client("Years Ltd")
    registry.certify(client, "Y-1", expiry=dt.date(2026, 1, 31))  # issued 2023-02-01
    registry.certify(
        client, "Y-2", status="withdrawn", withdrawn_on=dt.date(2024, 3, 1)
    )  # issued 2023, withdrawn 2024
    registry.certify(client, "Y-3", status="expired", expiry=dt.date(2023, 12, 31))
    stats = registry_statistics()
    assert [(y.year, y.issued, y.in_force) for y in stats.by_year] == [
        (2023, 3, 2),  # Y-3 expired on 31 December 2023: not in force at the end of that day's year
        (2024, 0, 1),
        (2025, 0, None),  # the year is not over
    ]


def test_counts_are_cached_and_recomputed_after_ten_minutes(small, registry) -> None:
    with CaptureQueriesContext(connection) as first:
        registry_statistics()
    with CaptureQueriesContext(connection) as again:
        registry_statistics()
    scans = [q for q in first.captured_queries if "certification_certificate" in q["sql"]]
    assert len(scans) == 2
    assert not [q for q in again.captured_queries if "certification_certificate" in q["sql"]]

    registry.certify(registry.client("Late Ltd"), "L-1")
    assert registry_statistics().totals.total == 8  # still the cached counts
    with time_machine.travel(NOW + dt.timedelta(minutes=11), tick=False):
        assert registry_statistics().totals.total == 9


def test_a_new_day_counts_again(small) -> None:
    assert registry_statistics().totals.valid == 4
    with time_machine.travel(dt.datetime(2026, 2, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        stats = registry_statistics()
    assert stats.as_of == dt.date(2026, 2, 1)
    assert stats.totals.valid == 0  # every certificate expired on 31 January 2026


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_statistics_page_has_charts_tables_and_links(client, small) -> None:
    response = client.get("/registry/statistics/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    body = text(response)
    assert "<h1>Registry statistics</h1>" in body
    assert body.count('<svg role="img"') == 5
    assert 'aria-label="Valid certificates by standard"' in body
    assert '<th scope="row">Germany</th><td>1</td><td>0</td><td>0</td><td>2</td><td>3</td>' in body
    assert "1 certificate of a confidential client" in body
    assert "Delta" not in body
    assert 'href="/api/v1/statistics"' in body
    for table in ("status", "standard", "country", "year"):
        assert f'href="?format=csv&amp;table={table}"' in body


def test_statistics_page_with_an_empty_registry(client, db) -> None:
    response = client.get("/registry/statistics/")
    assert response.status_code == 200
    assert "No certificate published yet." in text(response)


def test_each_table_downloads_as_csv(client, small) -> None:
    response = client.get("/registry/statistics/", {"format": "csv", "table": "country"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "certificates-by-country-2025-06-02.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Country code",
        "Country",
        "Valid",
        "Suspended",
        "Withdrawn",
        "Expired",
        "Total",
    ]
    assert rows[1] == ["DE", "Germany", "1", "0", "0", "2", "3"]
    status = list(
        csv.reader(
            io.StringIO(
                client.get("/registry/statistics/?format=csv&table=status").content.decode()
            )
        )
    )
    assert status == [
        ["Status", "Certificates"],
        ["Valid", "4"],
        ["Suspended", "1"],
        ["Withdrawn", "1"],
        ["Expired", "2"],
    ]
    years = client.get("/registry/statistics/?format=csv&table=year").content.decode()
    assert years.splitlines()[0] == "Year,First issued,In force on 31 December"
    standards = client.get("/registry/statistics/?format=csv&table=standard").content.decode()
    assert "ISO 9001,3,0,1,1,5" in standards
    assert client.get("/registry/statistics/?format=csv&table=nope").status_code == 404


def test_statistics_json_twin(client, small) -> None:
    response = client.get("/api/v1/statistics")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    data = response.json()
    assert data["as_of"] == "2025-06-02"
    assert data["totals"]["total"] == 8 and data["confidential"] == 1
    assert data["by_verdict"][0] == {"verdict": "valid", "label": "Valid", "count": 4}
    assert data["by_country"][0] == {
        "key": "DE",
        "label": "Germany",
        "valid": 1,
        "suspended": 0,
        "withdrawn": 0,
        "expired": 2,
        "total": 3,
    }
    assert [y["year"] for y in data["by_year"]] == [2023, 2024, 2025]


@pytest.mark.parametrize("rows", [2, 5])
def test_statistics_queries_do_not_grow_with_rows(
    client, registry, rows, django_assert_num_queries
) -> None:
    for i in range(rows):
        registry.certify(
            registry.client(f"Org {i}", country=["GB", "DE", "FR", "IT", "ES"][i]), f"N-{i}"
        )
    cache.clear()
    with django_assert_num_queries(3):  # two scans and the standards' codes
        assert client.get("/registry/statistics/").status_code == 200
    with django_assert_num_queries(1):  # cached: the standards' codes only
        assert client.get("/api/v1/statistics").status_code == 200
