"""Catalogue of standards, editions, transitions and IAF codes.

The golden tables below repeat every row of the data files on purpose: a corrupted, truncated or
silently edited CSV must fail here. When a value in a data file is corrected on purpose (e.g. an [R]
date verified), change it here too and say so in the commit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from isocert.rules import standards as standards_module
from isocert.rules.errors import EditionNotValid, InvalidInput, NotCertifiable, UnknownStandard
from isocert.rules.standards import (
    Edition,
    Standard,
    iaf_code_get,
    iaf_codes,
    normalize_code,
    standard_get,
    standard_require_certifiable,
    standards_all,
    standards_at,
)

D = date.fromisoformat

# --------------------------------------------------------------------------------------------------
# Golden data
# --------------------------------------------------------------------------------------------------

# (standard, year): (published, new_audits_until, valid_until, confidence)
EDITIONS: dict[tuple[str, int], tuple[str, str | None, str | None, str]] = {
    ("ISO 9001", 2008): ("2008-11-14", "2018-03-14", "2018-09-15", "V"),
    ("ISO 9001", 2015): ("2015-09-15", None, None, "S"),
    ("ISO 14001", 2004): ("2004-11-15", "2018-03-14", "2018-09-15", "V"),
    ("ISO 14001", 2015): ("2015-09-15", None, None, "S"),
    ("ISO 14001", 2026): ("2026-04-15", None, None, "S"),
    ("ISO 45001", 2018): ("2018-03-12", None, None, "S"),
    ("OHSAS 18001", 2007): ("2007-07-01", None, "2021-09-30", "V"),
    ("ISO/IEC 27001", 2013): ("2013-09-25", "2024-04-30", "2025-10-31", "V"),
    ("ISO/IEC 27001", 2022): ("2022-10-25", None, None, "V"),
    ("ISO 22000", 2005): ("2005-09-01", None, "2021-12-31", "V"),
    ("ISO 22000", 2018): ("2018-06-19", None, None, "S"),
    ("ISO 50001", 2011): ("2011-06-15", "2020-08-19", "2022-02-21", "S"),
    ("ISO 50001", 2018): ("2018-08-21", None, None, "S"),
    ("ISO 13485", 2003): ("2003-07-15", "2018-02-28", "2019-03-31", "V"),
    ("ISO 13485", 2016): ("2016-03-01", None, None, "V"),
    ("ISO 22301", 2012): ("2012-05-15", "2021-10-31", "2023-04-30", "S"),
    ("ISO 22301", 2019): ("2019-10-31", None, None, "S"),
    ("ISO/IEC 20000-1", 2011): ("2011-04-15", "2020-09-30", "2022-03-31", "S"),
    ("ISO/IEC 20000-1", 2018): ("2018-09-15", None, None, "S"),
    ("ISO 37001", 2016): ("2016-10-15", None, None, "S"),
    ("ISO 37001", 2025): ("2025-06-03", None, None, "R"),
    ("ISO/IEC 42001", 2023): ("2023-12-18", None, None, "R"),
    ("ISO 37301", 2021): ("2021-04-13", None, None, "R"),
    ("ISO 39001", 2012): ("2012-10-01", None, None, "R"),
    ("ISO 41001", 2018): ("2018-04-24", None, None, "R"),
    ("ISO 21001", 2018): ("2018-05-01", None, None, "R"),
}

# Editions whose dates the sources disagree on (note starts with ⚠).
DISPUTED = {
    ("OHSAS 18001", 2007),
    ("ISO 50001", 2011),
    ("ISO 13485", 2003),
    ("ISO 22301", 2012),
}

# code: (family, audit_time_scheme, uses_iaf_codes, successor, confidence)
CERTIFIABLE: dict[str, tuple[str, str | None, bool, str | None, str]] = {
    "ISO 9001": ("QMS", "qms", True, None, "V"),
    "ISO 14001": ("EMS", "ems", True, None, "V"),
    "ISO 45001": ("OH&SMS", "ohsms", True, None, "V"),
    "OHSAS 18001": ("OH&SMS", "ohsms", True, "ISO 45001", "V"),
    "ISO/IEC 27001": ("ISMS", None, True, None, "V"),
    "ISO 22000": ("FSMS", None, False, None, "V"),
    "ISO 13485": ("MD-QMS", None, False, None, "V"),
    "ISO 50001": ("EnMS", None, False, None, "V"),
    "ISO 22301": ("BCMS", None, True, None, "S"),
    "ISO/IEC 20000-1": ("ITSMS", None, True, None, "S"),
    "ISO 37001": ("ABMS", None, True, None, "S"),
    "ISO/IEC 42001": ("AIMS", None, True, None, "S"),
    "ISO 37301": ("CMS", None, True, None, "S"),
    "ISO 39001": ("RTSMS", None, True, None, "S"),
    "ISO 41001": ("FMS", None, True, None, "S"),
    "ISO 21001": ("EOMS", None, True, None, "S"),
}

# code: (words the refusal must contain, confidence)
NOT_CERTIFIABLE: dict[str, tuple[tuple[str, ...], str]] = {
    "ISO 26000": (("social responsibility", "IAF Resolution 2010-10"), "V"),
    "ISO 31000": (("risk-management guidelines", "IAF Resolution 2017-20"), "V"),
    "ISO 19011": (("guidelines for auditing",), "S"),
    "ISO 9004": (("sustained success", "ISO 9001"), "S"),
    "ISO 10002": (("complaints handling",), "S"),
    "ISO 14004": (("environmental management system", "ISO 14001"), "S"),
    "ISO 45003": (("psychosocial", "ISO 45001"), "S"),
    "ISO/IEC 27002": (("code of practice", "ISO/IEC 27001"), "S"),
    "ISO 37000": (("governance",), "S"),
    "ISO 9000": (("vocabulary", "ISO 9001"), "R"),
}

# code: (sector, NACE Rev. 2)
IAF_CODES: dict[int, tuple[str, str]] = {
    1: ("Agriculture, forestry and fishing", "01; 02; 03"),
    2: ("Mining and quarrying", "05; 06; 07; 08; 09"),
    3: ("Food products, beverages and tobacco", "10; 11; 12"),
    4: ("Textiles and textile products", "13; 14"),
    5: ("Leather and leather products", "15"),
    6: ("Wood and wood products", "16"),
    7: ("Pulp, paper and paper products", "17"),
    8: ("Publishing companies", "58.1; 59.2"),
    9: ("Printing companies", "18"),
    10: ("Manufacture of coke and refined petroleum products", "19"),
    11: ("Nuclear fuel", "24.46"),
    12: ("Chemicals, chemical products and fibres", "20"),
    13: ("Pharmaceuticals", "21"),
    14: ("Rubber and plastic products", "22"),
    15: ("Non-metallic mineral products", "23 excl. 23.5 and 23.6"),
    16: ("Concrete, cement, lime, plaster etc.", "23.5; 23.6"),
    17: ("Basic metals and fabricated metal products", "24 excl. 24.46; 25 excl. 25.4; 33.11"),
    18: ("Machinery and equipment", "25.4; 28; 30.4; 33.12; 33.2"),
    19: ("Electrical and optical equipment", "26; 27; 33.13; 33.14; 95.1"),
    20: ("Shipbuilding", "30.1; 33.15"),
    21: ("Aerospace", "30.3; 33.16"),
    22: ("Other transport equipment", "29; 30.2; 30.9; 33.17"),
    23: ("Manufacturing not elsewhere classified", "31; 32; 33.19"),
    24: ("Recycling", "38.3"),
    25: ("Electricity supply", "35.1"),
    26: ("Gas supply", "35.2"),
    27: ("Water supply", "35.3; 36"),
    28: ("Construction", "41; 42; 43"),
    29: (
        "Wholesale and retail trade; repair of motor vehicles, motorcycles and personal and "
        "household goods",
        "45; 46; 47; 95.2",
    ),
    30: ("Hotels and restaurants", "55; 56"),
    31: ("Transport, storage and communication", "49; 50; 51; 52; 53; 61"),
    32: ("Financial intermediation; real estate; renting", "64; 65; 66; 68; 77"),
    33: ("Information technology", "58.2; 62; 63.1"),
    34: ("Engineering services", "71; 72; 74 excl. 74.2 and 74.3"),
    35: ("Other services", "69; 70; 73; 74.2; 74.3; 78; 80; 81; 82"),
    36: ("Public administration", "84"),
    37: ("Education", "85"),
    38: ("Health and social work", "75; 86; 87; 88"),
    39: ("Other social services", "37; 38.1; 38.2; 39; 59.1; 60; 63.9; 79; 90-96"),
}


def _opt(value: str | None) -> date | None:
    return D(value) if value is not None else None


# --------------------------------------------------------------------------------------------------
# Golden tests: every row of every data file
# --------------------------------------------------------------------------------------------------


def test_every_edition_row_matches_golden() -> None:
    found = {
        (e.standard, e.year): (e.published, e.new_audits_until, e.valid_until, e.confidence)
        for s in standards_all()
        for e in s.editions
    }
    expected = {
        key: (D(pub), _opt(cut), _opt(end), conf) for key, (pub, cut, end, conf) in EDITIONS.items()
    }
    assert found == expected


def test_disputed_editions_are_flagged_and_name_the_value_used() -> None:
    flagged = {(e.standard, e.year) for s in standards_all() for e in s.editions if e.disputed}
    assert flagged == DISPUTED
    for standard in standards_all():
        for edition in standard.editions:
            if edition.disputed:
                assert " used" in edition.note, edition.label


def test_uncertain_editions_carry_a_note() -> None:
    for standard in standards_all():
        for edition in standard.editions:
            assert edition.confidence in ("V", "S", "R")
            if edition.confidence != "V" or edition.disputed:
                assert len(edition.note) > 20, edition.label


@pytest.mark.parametrize("code", sorted(CERTIFIABLE))
def test_every_certifiable_standard_matches_golden(code: str) -> None:
    family, scheme, uses_iaf, successor, confidence = CERTIFIABLE[code]
    standard = standard_get(code)
    assert standard.code == code
    assert standard.certifiable is True
    assert standard.not_certifiable_reason == ""
    assert (
        standard.family,
        standard.audit_time_scheme,
        standard.uses_iaf_codes,
        standard.successor,
        standard.confidence,
    ) == (family, scheme, uses_iaf, successor, confidence)
    assert standard.title
    assert standard.editions, "a certifiable standard needs at least one edition"
    assert [e.year for e in standard.editions] == sorted(e.year for e in standard.editions)


def test_catalogue_has_exactly_the_golden_standards() -> None:
    codes = [s.code for s in standards_all()]
    assert len(codes) == len(set(codes))
    assert {s.code for s in standards_all() if s.certifiable} == set(CERTIFIABLE)
    assert {s.code for s in standards_all() if not s.certifiable} == set(NOT_CERTIFIABLE)
    # certifiable first
    flags = [s.certifiable for s in standards_all()]
    assert flags == sorted(flags, reverse=True)


def test_md5_audit_time_only_for_9001_14001_45001() -> None:
    with_scheme = {s.code: s.audit_time_scheme for s in standards_all() if s.audit_time_scheme}
    assert with_scheme == {
        "ISO 9001": "qms",
        "ISO 14001": "ems",
        "ISO 45001": "ohsms",
        "OHSAS 18001": "ohsms",
    }


def test_own_scope_schemes_do_not_use_iaf_codes() -> None:
    no_codes = {s.code for s in standards_all() if s.certifiable and not s.uses_iaf_codes}
    assert no_codes == {"ISO 22000", "ISO 13485", "ISO 50001"}


@pytest.mark.parametrize("code", sorted(NOT_CERTIFIABLE))
def test_every_non_certifiable_standard_is_refused_with_its_reason(code: str) -> None:
    words, confidence = NOT_CERTIFIABLE[code]
    standard = standard_get(code)
    assert standard.certifiable is False
    assert standard.editions == ()
    assert standard.audit_time_scheme is None
    assert standard.confidence == confidence
    with pytest.raises(NotCertifiable) as raised:
        standard_require_certifiable(code, at=D("2025-01-01"))
    message = str(raised.value)
    assert message.startswith(standard.not_certifiable_reason)
    for word in words:
        assert word in message
    assert "isocert standards" in message
    assert raised.value.code == "not_certifiable"


def test_iaf_codes_match_golden() -> None:
    codes = iaf_codes()
    assert len(codes) == 39
    assert {c.code: (c.sector, c.nace) for c in codes} == IAF_CODES
    assert [c.code for c in codes] == list(range(1, 40))
    assert {c.nace_confidence for c in codes} == {"S"}


@pytest.mark.parametrize("code", sorted(IAF_CODES))
def test_iaf_code_get_every_code(code: int) -> None:
    found = iaf_code_get(code)
    assert (found.code, found.sector, found.nace) == (code, *IAF_CODES[code])


@pytest.mark.parametrize("bad", [0, 40, -1, 100, True, "5", 5.0, None])
def test_iaf_code_get_refuses_out_of_range(bad: object) -> None:
    with pytest.raises(InvalidInput, match="IAF codes run from 1 to 39"):
        iaf_code_get(bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "year"),
    [
        ("ISO 9001", "ISO 9001", None),
        ("iso 9001", "ISO 9001", None),
        ("ISO9001", "ISO 9001", None),
        ("ISO-9001:2015", "ISO 9001", 2015),
        ("9001", "ISO 9001", None),
        ("9001:2015", "ISO 9001", 2015),
        ("  ISO   9001 : 2015 ", "ISO 9001", 2015),
        ("ISO 9001 2015", "ISO 9001", 2015),
        ("ISO 9001-2015", "ISO 9001", 2015),
        ("ISO 9001:2015/Amd 1:2024", "ISO 9001", 2015),
        ("ISO 9001:2015+A1:2024", "ISO 9001", 2015),
        ("BS EN ISO 9001:2015", "ISO 9001", 2015),
        ("EN ISO 13485:2016+A11:2021", "ISO 13485", 2016),
        ("DIN EN ISO 14001", "ISO 14001", None),
        ("iso/iec 27001:2022", "ISO/IEC 27001", 2022),
        ("ISO/IEC 27001", "ISO/IEC 27001", None),
        ("ISO 27001:2013", "ISO/IEC 27001", 2013),
        ("ISO / IEC 27001", "ISO/IEC 27001", None),
        ("IEC 27001", "ISO/IEC 27001", None),
        ("27001", "ISO/IEC 27001", None),
        ("iso27001", "ISO/IEC 27001", None),
        ("ISO 45001:2018", "ISO 45001", 2018),
        ("OHSAS 18001:2007", "OHSAS 18001", 2007),
        ("BS OHSAS 18001", "OHSAS 18001", None),
        ("ohsas18001", "OHSAS 18001", None),
        ("ISO/IEC 20000-1:2018", "ISO/IEC 20000-1", 2018),
        ("ISO 20000-1", "ISO/IEC 20000-1", None),
        ("ISO 20000", "ISO/IEC 20000-1", None),
        ("ISO 42001", "ISO/IEC 42001", None),
        ("ISO 26000", "ISO 26000", None),
        ("ISO 27002:2022", "ISO/IEC 27002", 2022),
        ("ISO 9999", "ISO 9999", None),
        ("ISO/IEC 99999", "ISO/IEC 99999", None),
        ("ISO\u20119001", "ISO 9001", None),
        ("ISO 9001\uff1a2015", "ISO 9001", 2015),
    ],
)
def test_normalize_code(text: str, code: str, year: int | None) -> None:
    assert normalize_code(text) == (code, year)


@pytest.mark.parametrize(
    "text", ["", "hello", "ISO", "IATF 16949", "ISO 9001 certified", "quality management"]
)
def test_normalize_code_refuses_non_references(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a standard reference"):
        normalize_code(text)


@pytest.mark.parametrize("text", ["ISO 9001:15", "ISO 9001:015", "ISO 9001:20155"])
def test_normalize_code_refuses_short_year(text: str) -> None:
    with pytest.raises(InvalidInput, match="four digits"):
        normalize_code(text)


def test_normalize_code_refuses_non_text() -> None:
    with pytest.raises(InvalidInput):
        normalize_code(9001)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["iso 9001", "ISO9001", "ISO-9001:2015", "9001", "ISO 9001:2008", "BS EN ISO 9001"]
)
def test_standard_get_spellings(text: str) -> None:
    assert standard_get(text).code == "ISO 9001"


def test_unknown_standard_suggests_close_matches() -> None:
    with pytest.raises(UnknownStandard) as raised:
        standard_get("ISO 9999")
    message = str(raised.value)
    assert "ISO 9999" in message
    assert "did you mean" in message
    assert "ISO 9001" in message
    assert "`isocert standards`" in message
    assert "ISO 9001" in raised.value.details["suggestions"]
    assert raised.value.code == "unknown_standard"


def test_unknown_standard_close_number_first() -> None:
    with pytest.raises(UnknownStandard) as raised:
        standard_get("ISO 27010")
    assert raised.value.details["suggestions"][0] == "ISO/IEC 27001"


def test_unknown_standard_by_title_word() -> None:
    with pytest.raises(UnknownStandard) as raised:
        standard_get("energy")
    assert raised.value.details["suggestions"] == ["ISO 50001"]


def test_unknown_text_is_unknown_standard_not_invalid_input() -> None:
    with pytest.raises(UnknownStandard, match="isocert standards"):
        standard_get("IATF 16949")


# --------------------------------------------------------------------------------------------------
# Editions and validity
# --------------------------------------------------------------------------------------------------


def test_iso_27001_2013_valid_until_end_of_october_2025() -> None:
    standard, edition = standard_require_certifiable("ISO/IEC 27001:2013", at=D("2025-10-31"))
    assert (standard.code, edition.label) == ("ISO/IEC 27001", "ISO/IEC 27001:2013")
    with pytest.raises(EditionNotValid) as raised:
        standard_require_certifiable("ISO/IEC 27001:2013", at=D("2025-11-01"))
    assert str(raised.value) == (
        "ISO/IEC 27001:2013 certificates are no longer valid after 2025-10-31; "
        "use ISO/IEC 27001:2022"
    )
    assert raised.value.details["valid_editions"] == ["ISO/IEC 27001:2022"]


def test_no_new_audits_to_27001_2013_after_april_2024() -> None:
    _, edition = standard_require_certifiable("ISO 27001:2013", at=D("2024-04-30"), new_audit=True)
    assert edition.year == 2013
    # a certificate may still be valid after the audit cut-off …
    standard_require_certifiable("ISO 27001:2013", at=D("2024-05-01"))
    # … but no initial or recertification audit to that edition
    with pytest.raises(EditionNotValid, match="no initial or recertification audit") as raised:
        standard_require_certifiable("ISO 27001:2013", at=D("2024-05-01"), new_audit=True)
    assert "2024-04-30" in str(raised.value)
    assert "use ISO/IEC 27001:2022" in str(raised.value)


def test_current_edition_when_no_year_given() -> None:
    _, edition = standard_require_certifiable("ISO 27001", at=D("2025-11-01"))
    assert edition.label == "ISO/IEC 27001:2022"
    _, edition = standard_require_certifiable("ISO 9001", at=D("2010-01-01"))
    assert edition.label == "ISO 9001:2008"
    _, edition = standard_require_certifiable("ISO 9001", at=D("2016-01-01"))
    assert edition.label == "ISO 9001:2015"


def test_edition_not_yet_published_is_refused() -> None:
    with pytest.raises(EditionNotValid) as raised:
        standard_require_certifiable("ISO 14001:2026", at=D("2026-04-14"))
    assert str(raised.value) == (
        "ISO 14001:2026 is not published at 2026-04-14 (published 2026-04-15); use ISO 14001:2015"
    )
    _, edition = standard_require_certifiable("ISO 14001:2026", at=D("2026-04-15"))
    assert edition.year == 2026


def test_iso_14001_2015_stays_valid_while_transition_end_is_pending() -> None:
    _, edition = standard_require_certifiable("ISO 14001:2015", at=D("2026-06-01"))
    assert edition.valid_until is None
    assert "PENDING" in edition.note
    assert standard_get("ISO 14001").current_edition(D("2026-06-01")).year == 2026  # type: ignore[union-attr]


def test_iso_9001_2026_is_not_listed_as_published() -> None:
    standard = standard_get("ISO 9001")
    assert [e.year for e in standard.editions] == [2008, 2015]
    assert "2026" in standard.edition(2015).note
    with pytest.raises(EditionNotValid, match="known editions: ISO 9001:2008, ISO 9001:2015"):
        standard_require_certifiable("ISO 9001:2026", at=D("2027-01-01"))


def test_unknown_edition_lists_known_editions() -> None:
    with pytest.raises(EditionNotValid) as raised:
        standard_get("ISO 45001").edition(2016)
    assert (
        str(raised.value) == "ISO 45001:2016 is not a known edition; known editions: ISO 45001:2018"
    )
    assert raised.value.details["known_editions"] == [2018]


def test_non_certifiable_standard_has_no_edition() -> None:
    with pytest.raises(EditionNotValid, match="no certifiable editions"):
        standard_get("ISO 26000").edition(2010)


def test_ohsas_18001_points_to_iso_45001() -> None:
    standard_require_certifiable("OHSAS 18001:2007", at=D("2021-09-30"))
    with pytest.raises(EditionNotValid) as raised:
        standard_require_certifiable("OHSAS 18001", at=D("2021-10-01"))
    assert str(raised.value) == (
        "OHSAS 18001:2007 certificates are no longer valid after 2021-09-30; use ISO 45001:2018"
    )


def test_standard_before_its_first_edition() -> None:
    with pytest.raises(EditionNotValid) as raised:
        standard_require_certifiable("ISO/IEC 42001", at=D("2023-12-17"))
    assert str(raised.value) == (
        "no edition of ISO/IEC 42001 is published at 2023-12-17 "
        "(first edition ISO/IEC 42001:2023 published 2023-12-18)"
    )


@pytest.mark.parametrize(
    ("label", "last_valid_day"),
    [
        ("ISO 9001:2008", "2018-09-15"),
        ("ISO 14001:2004", "2018-09-15"),
        ("ISO 22000:2005", "2021-12-31"),
        ("ISO 50001:2011", "2022-02-21"),
        ("ISO 13485:2003", "2019-03-31"),
        ("ISO 22301:2012", "2023-04-30"),
        ("ISO/IEC 20000-1:2011", "2022-03-31"),
    ],
)
def test_transition_end_boundaries(label: str, last_valid_day: str) -> None:
    last = D(last_valid_day)
    standard_require_certifiable(label, at=last)
    with pytest.raises(EditionNotValid, match=f"no longer valid after {last_valid_day}; use "):
        standard_require_certifiable(label, at=date.fromordinal(last.toordinal() + 1))


def test_edition_methods() -> None:
    edition = standard_get("ISO/IEC 27001").edition(2013)
    assert edition.label == "ISO/IEC 27001:2013"
    assert not edition.is_valid_at(D("2013-09-24"))
    assert edition.is_valid_at(D("2013-09-25"))
    assert edition.is_valid_at(D("2025-10-31"))
    assert not edition.is_valid_at(D("2025-11-01"))
    assert edition.allows_new_audits(D("2024-04-30"))
    assert not edition.allows_new_audits(D("2024-05-01"))
    unbounded = Edition("ISO 1", 2000, None, None, None, "R", "")
    assert unbounded.is_valid_at(D("1900-01-01"))
    assert unbounded.allows_new_audits(D("2999-01-01"))


def test_current_edition_prefers_newest_during_transition() -> None:
    standard = standard_get("ISO 9001")
    assert standard.current_edition(D("2018-09-15")).year == 2015  # type: ignore[union-attr]
    assert standard.editions_valid_at(D("2018-09-15")) == standard.editions
    assert standard.current_edition(D("2008-01-01")) is None


def test_standards_at() -> None:
    listing = {s.code: tuple(e.year for e in eds) for s, eds in standards_at(D("2025-06-01"))}
    assert listing["ISO/IEC 27001"] == (2013, 2022)
    assert listing["ISO 9001"] == (2015,)
    assert listing["ISO 37001"] == (2016,)
    assert "OHSAS 18001" not in listing
    assert not set(listing) & set(NOT_CERTIFIABLE)
    assert set(listing) == set(CERTIFIABLE) - {"OHSAS 18001"}
    early = {s.code: tuple(e.year for e in eds) for s, eds in standards_at(D("2019-01-01"))}
    assert early["OHSAS 18001"] == (2007,)
    assert early["ISO 45001"] == (2018,)
    assert "ISO/IEC 42001" not in early


def test_as_dict_is_json_friendly() -> None:
    standard = standard_get("ISO/IEC 27001")
    data = standard.as_dict()
    json.dumps(data)
    assert data["editions"][0] == {
        "standard": "ISO/IEC 27001",
        "year": 2013,
        "label": "ISO/IEC 27001:2013",
        "published": "2013-09-25",
        "new_audits_until": "2024-04-30",
        "valid_until": "2025-10-31",
        "confidence": "V",
        "disputed": False,
        "note": standard.editions[0].note,
    }
    assert iaf_code_get(28).as_dict() == {
        "code": 28,
        "sector": "Construction",
        "nace": "41; 42; 43",
        "nace_confidence": "S",
    }


def test_standard_is_frozen() -> None:
    standard = standard_get("ISO 9001")
    with pytest.raises(AttributeError):
        standard.code = "ISO 9002"  # type: ignore[misc]
    assert isinstance(standard, Standard)


# --------------------------------------------------------------------------------------------------
# Data files: header, loading, corruption
# --------------------------------------------------------------------------------------------------

DATA_FILES = ("standards.csv", "editions.csv", "not_certifiable.csv", "iaf_codes.csv")
REAL_DATA = Path(standards_module.__file__).parent / "data"


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_files_start_with_a_source_header(name: str) -> None:
    lines = (REAL_DATA / name).read_text(encoding="utf-8").splitlines()
    header = [line for line in lines[:30] if line.startswith("#")]
    assert lines[0].startswith("#")
    assert len(header) >= 3
    assert any("source" in line.lower() for line in header)
    assert any("confidence" in line.lower() for line in header)


def _clear_caches() -> None:
    standards_module._catalogue.cache_clear()
    standards_module._by_code.cache_clear()
    standards_module._by_number.cache_clear()
    standards_module.iaf_codes.cache_clear()


@pytest.fixture
def fake_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the data directory that a test may corrupt; caches cleared before and after."""
    data = tmp_path / "data"
    data.mkdir()
    for name in DATA_FILES:
        (data / name).write_text((REAL_DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(standards_module, "files", lambda _package: tmp_path)
    _clear_caches()
    yield data
    _clear_caches()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fake_data_copy_loads(fake_data: Path) -> None:
    assert len(standards_all()) == len(CERTIFIABLE) + len(NOT_CERTIFIABLE)


def test_corrupted_date_fails_loudly(fake_data: Path) -> None:
    _edit(fake_data / "editions.csv", "2025-10-31", "2025-13-31")
    with pytest.raises(ValueError, match="not an ISO date"):
        standards_all()


def test_unknown_confidence_fails_loudly(fake_data: Path) -> None:
    _edit(fake_data / "standards.csv", ",true,,V,", ",true,,X,")
    with pytest.raises(ValueError, match="confidence"):
        standards_all()


def test_edition_of_unknown_standard_fails_loudly(fake_data: Path) -> None:
    _edit(fake_data / "editions.csv", "ISO 39001,2012", "ISO 39002,2012")
    with pytest.raises(ValueError, match="unknown standards"):
        standards_all()


def test_duplicate_standard_fails_loudly(fake_data: Path) -> None:
    _edit(fake_data / "not_certifiable.csv", "ISO 37000,", "ISO 9001,")
    with pytest.raises(ValueError, match="listed twice"):
        standards_all()


def test_gap_in_iaf_codes_fails_loudly(fake_data: Path) -> None:
    _edit(fake_data / "iaf_codes.csv", "\n17,", "\n71,")
    with pytest.raises(ValueError, match="without gaps"):
        iaf_codes()


def test_changed_value_is_caught_by_golden(fake_data: Path) -> None:
    _edit(fake_data / "editions.csv", "2024-04-30,2025-10-31", "2024-04-30,2026-10-31")
    with pytest.raises(AssertionError):
        test_every_edition_row_matches_golden()


def test_comment_lines_are_skipped(fake_data: Path) -> None:
    path = fake_data / "standards.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\nISO 14001,", "\n# a comment\n\nISO 14001,"),
        encoding="utf-8",
    )
    assert standard_get("ISO 14001").family == "EMS"
