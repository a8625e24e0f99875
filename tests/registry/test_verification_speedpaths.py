"""The verification's short cuts answer exactly what the long way did: dates written as
``DjangoJSONEncoder`` writes them, ledger statuses read by the database as Python decoded them,
raw SQLite statements returning the rows of Django's cursor (and still seen by query captures)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.cache import patch_cache_control

from isocert.registry import selectors
from isocert.registry import verification as v
from isocert.registry.api import MAX_AGE, _compact_json, _json
from isocert.registry.choices import VERDICT_MEANING, Verdict
from isocert.registry.schemas import _iso, search_out


@pytest.mark.parametrize(
    "value",
    [
        None,
        dt.date(2025, 1, 31),
        dt.datetime(2025, 1, 31, 12, 5),
        dt.datetime(2025, 1, 31, 12, 5, 7, 123456),
        dt.datetime(2025, 1, 31, 12, 5, 7, 1000, tzinfo=dt.UTC),
        dt.datetime(2025, 1, 31, 12, 5, tzinfo=dt.UTC),
        dt.datetime(2025, 1, 31, 12, 5, 7, 999, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    ],
)
def test_dates_are_written_as_the_django_encoder_writes_them(value: Any) -> None:
    assert json.dumps(_iso(value)) == json.dumps(value, cls=DjangoJSONEncoder)


def test_the_json_answer_is_the_django_encoders_with_the_same_cache_header() -> None:
    data = {"a": [1, 2.5, None, True], "é": "ü", "d": dt.date(2025, 1, 2)}
    response = _json(data)
    assert response.content == json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    expected = HttpResponse()
    patch_cache_control(expected, public=True, max_age=MAX_AGE)
    assert response["Cache-Control"] == expected["Cache-Control"]
    assert "Cache-Control" not in _json(data, cache=False)


def test_verification_answers_carry_the_same_values_as_the_django_encoder() -> None:
    # what verification_out hands over: text, numbers, dates (as text), lists, a lazy translation
    data = {
        "verdict": "valid",
        "meaning": VERDICT_MEANING[Verdict.VALID],
        "score": 95.25,
        "codes": [{"code": 17, "sector": "Basic metals and fabricated metal products"}],
        "issued": _iso(dt.date(2024, 5, 1)),
        "at": _iso(dt.datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)),
        "holder": "Société Générale de Câblage SAS",
        "none": None,
    }
    response = _compact_json(data)
    expected = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    assert json.loads(response.content) == json.loads(expected)
    assert list(json.loads(response.content)) == list(data)  # keys in the same order
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == f"public, max-age={MAX_AGE}"
    assert "Cache-Control" not in _compact_json(data, cache=False)


@pytest.mark.django_db
def test_search_answers_carry_the_same_values_as_the_django_encoder(client, registry) -> None:
    org = registry.client("Société Générale de Câblage SAS")
    registry.certify(org, "ACME-9001-000777")
    response = client.get("/api/v1/search", {"q": "societe generale cablage"})
    page = selectors.organisation_search("societe generale cablage")
    expected = json.dumps(search_out(page), cls=DjangoJSONEncoder, ensure_ascii=False)
    assert json.loads(response.content) == json.loads(expected)
    assert json.loads(response.content)["results"][0]["certificates"][0]["expiry_date"] == (
        page.rows[0].certificates[0].expiry_date.isoformat()
    )


DOCUMENTS = [
    None,
    "{}",
    '{"status": "active", "number": "X-1"}',
    '{"status": ""}',
    '{"status": null}',
    '{"status": 3}',
    '{"status": true}',
    '{"status": {"a": 1}}',
    '{"status": "\\u00e9t\\u00e9 \\"q\\""}',
    "[1, 2]",
    '"status"',
]


@pytest.mark.django_db
@pytest.mark.parametrize("document", DOCUMENTS)
def test_ledger_statuses_read_by_the_database_equal_python_decoding(document: str | None) -> None:
    statuses = v._STATUS.get(connection.vendor)
    if statuses is None:
        pytest.skip("no SQL status extraction on this engine")
    source = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    sql = f"SELECT {statuses.format(side='before')} FROM (SELECT {source} AS before) e"  # noqa: S608
    status, raw = v.sql_rows(sql, [document])[0]
    expected = str(v._json(document).get("status", ""))
    assert v._event_status(status, raw) == expected


@pytest.mark.django_db
def test_raw_sqlite_statements_return_the_cursors_rows_and_are_still_captured() -> None:
    sql = "SELECT %s, %s, CAST(%s AS VARCHAR(10)) WHERE %s"
    params: list[Any] = [1, "a%s", "50%", True]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        expected = cursor.fetchall()
    assert v.sql_rows(sql, params) == expected
    with CaptureQueriesContext(connection) as queries:
        assert v.sql_rows(sql, params) == expected
    assert len(queries) == 1


@pytest.mark.django_db
def test_remembered_texts_follow_the_active_language() -> None:
    for language in ("en", "fr", "de", "en"):
        with translation.override(language):
            verdict = v._not_found("X", "X", suggest=False)
            assert verdict.meaning == str(VERDICT_MEANING[Verdict.NOT_FOUND])
            assert verdict.verdict_label == str(Verdict.NOT_FOUND.label)
