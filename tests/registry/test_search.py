"""Search certified organisations: typos and accents forgiven, identifiers, filters, pages, and the
index kept equal to the clients by ``search_index_refresh`` (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from isocert.registry import search
from isocert.registry.models import TOTAL, SearchEntry, SearchName, TrigramStat
from isocert.registry.search import _word_clauses, _word_rows, name_search
from isocert.registry.selectors import organisation_search
from isocert.registry.services import search_index_refresh
from isocert.registry.text import normalize_name

NAMES = [
    ("Müller Präzisionsteile GmbH", "DE", "München"),
    ("Société Générale de Câblage SAS", "FR", "Lyon"),
    ("Takahashi Seimitsu K.K.", "JP", "Nagoya"),
    ("O'Brien & Sons Ltd", "IE", "Cork"),
    ("Schmidt Maschinenbau GmbH", "DE", "Stuttgart"),
    ("Rossi Meccanica S.r.l.", "IT", "Brescia"),
    ("Zhejiang Huafeng Machinery Co., Ltd.", "CN", "Ningbo"),
    ("Yılmaz Makina Sanayi ve Ticaret A.Ş.", "TR", "Bursa"),
]


@pytest.fixture
def orgs(registry):
    made = {}
    for i, (name, country, city) in enumerate(NAMES):
        client = registry.client(name, country=country, city=city, vat=f"{country}{100000000 + i}")
        registry.certify(client, f"ACME-9001-{i:06d}")
        made[name] = client
    return made


def names(page) -> list[str]:
    return [row.name for row in page.rows]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Muller Prazisionsteile", "Müller Präzisionsteile GmbH"),  # no accents typed
        ("Müler Präzisionsteile GmbH", "Müller Präzisionsteile GmbH"),  # one typo
        ("Mueller Prazisionstiele GmbH", "Müller Präzisionsteile GmbH"),  # two typos
        ("societe generale de cablage", "Société Générale de Câblage SAS"),
        ("Sociéte Genrale de Cablgae", "Société Générale de Câblage SAS"),
        ("takahasi seimitsu", "Takahashi Seimitsu K.K."),
        ("OBrien and Sons", "O'Brien & Sons Ltd"),
        ("o brien sons ltd", "O'Brien & Sons Ltd"),
        ("Zheijang Huafneg Machinery", "Zhejiang Huafeng Machinery Co., Ltd."),
        ("yilmaz makina sanayi", "Yılmaz Makina Sanayi ve Ticaret A.Ş."),
    ],
)
def test_typos_and_accents_find_the_organisation(orgs, typed: str, expected: str) -> None:
    page = organisation_search(typed)
    assert page.matched_by == "name"
    assert names(page)[0] == expected


def test_identifier_finds_exactly_one(orgs) -> None:
    for typed in ("DE100000000", "de 100 000 000", "100000000"):
        page = organisation_search(typed)
        assert page.matched_by == "identifier", typed
        assert names(page) == ["Müller Präzisionsteile GmbH"]


def test_confidential_clients_are_never_listed(registry, orgs) -> None:
    secret = registry.client("Müller Geheimtechnik GmbH", confidential=True, vat="DE999999999")
    registry.certify(secret, "ACME-9001-000999")
    assert "Müller Geheimtechnik GmbH" not in names(organisation_search("Müller Geheimtechnik"))
    assert organisation_search("DE999999999").rows == []
    assert "Müller Geheimtechnik GmbH" not in names(organisation_search("", country="DE"))
    assert not SearchEntry.objects.filter(client=secret).exists()


def test_a_client_without_issued_certificate_is_not_listed(registry) -> None:
    client = registry.client("Pending Approval Ltd")
    registry.certify(client, "ACME-9001-000500", status="draft", history=())
    assert organisation_search("Pending Approval").rows == []


def test_filters(registry, orgs, personas) -> None:
    rossi = orgs["Rossi Meccanica S.r.l."]
    registry.certify(rossi, "ACME-14001-000001", standard="ISO 14001", codes=(28,))
    registry.certify(
        orgs["Schmidt Maschinenbau GmbH"], "ACME-45001-000001", standard="ISO 45001",
        status="suspended",
    )  # fmt: skip
    other = registry.client("Maple Forge Inc", country="CA", cb=personas.other_cb)
    registry.certify(other, "BORE-9001-000001", status="withdrawn")
    assert names(organisation_search("", country="DE")) == [
        "Müller Präzisionsteile GmbH",
        "Schmidt Maschinenbau GmbH",
    ]
    assert names(organisation_search("", standard="ISO 14001")) == ["Rossi Meccanica S.r.l."]
    assert names(organisation_search("", iaf_code=28)) == ["Rossi Meccanica S.r.l."]
    assert names(organisation_search("", status="suspended")) == ["Schmidt Maschinenbau GmbH"]
    assert names(organisation_search("", status="withdrawn")) == ["Maple Forge Inc"]
    assert names(organisation_search("", cb=personas.other_cb.pk)) == ["Maple Forge Inc"]
    assert names(organisation_search("maple", cb=personas.cb.pk)) == []
    # a filter applies to a name search too
    assert names(organisation_search("Schmidt Maschinenbau", status="valid")) == [
        "Schmidt Maschinenbau GmbH"
    ]
    assert names(organisation_search("Schmidt Maschinenbau", standard="ISO 14001")) == []


def test_expired_filter_counts_certificates_past_their_date(registry) -> None:
    lapsed = registry.client("Lapsed Ltd")
    registry.certify(lapsed, "ACME-9001-000600", expiry=dt.date(2025, 5, 1))  # still "active"
    page = organisation_search("", status="expired")
    assert names(page) == ["Lapsed Ltd"]
    assert page.rows[0].certificates[0].verdict == "expired"
    assert organisation_search("", status="valid").rows == []


def test_pagination_and_sorting(registry) -> None:
    for i in range(30):
        client = registry.client(
            f"Acme Widget Factory {i:02d} Ltd", country="GB" if i % 2 else "FR"
        )
        registry.certify(client, f"ACME-9001-{700 + i:06d}")
    first = organisation_search("", country="", standard="ISO 9001", page=1)
    assert len(first.rows) == 25 and first.has_next and not first.has_previous
    second = organisation_search("", standard="ISO 9001", page=2)
    assert len(second.rows) == 5 and not second.has_next and second.has_previous
    assert names(first)[:2] == ["Acme Widget Factory 00 Ltd", "Acme Widget Factory 01 Ltd"]
    backwards = organisation_search("", standard="ISO 9001", sort="-name")
    assert names(backwards)[0] == "Acme Widget Factory 29 Ltd"
    by_country = organisation_search("acme widget factory", sort="country")
    assert by_country.total == 30
    assert [r.country for r in by_country.rows][:15] == ["FR"] * 15
    searched_page_2 = organisation_search("acme widget factory", sort="name", page=2)
    assert names(searched_page_2)[0] == "Acme Widget Factory 25 Ltd"


def test_nothing_asked_lists_nothing(orgs) -> None:
    page = organisation_search("")
    assert page.matched_by == "none" and page.rows == []


def test_the_index_follows_renames_and_confidentiality(registry, orgs) -> None:
    client = orgs["Rossi Meccanica S.r.l."]
    total = TrigramStat.objects.get(trigram=TOTAL).names
    client.name = "Bianchi Automazione S.p.A."
    client.save()
    search_index_refresh(client_ids=[client.pk])
    assert names(organisation_search("Bianchi Automazione"))[0] == "Bianchi Automazione S.p.A."
    assert not SearchName.objects.filter(name="rossi meccanica srl").exists()
    assert TrigramStat.objects.get(trigram=TOTAL).names == total
    assert TrigramStat.objects.get(trigram="ssi").names == 0  # only "rossi" had it
    client.confidential = True
    client.save()
    search_index_refresh(client_ids=[client.pk])
    assert organisation_search("Bianchi Automazione").rows == []
    assert TrigramStat.objects.get(trigram=TOTAL).names == total - 1


def test_refresh_is_idempotent(orgs) -> None:
    ids = [c.pk for c in orgs.values()]
    before = sorted(SearchEntry.objects.values_list("client_id", "search_name__name"))
    assert search_index_refresh(client_ids=ids) == len(ids)
    assert search_index_refresh(client_ids=ids) == len(ids)
    assert sorted(SearchEntry.objects.values_list("client_id", "search_name__name")) == before
    assert TrigramStat.objects.get(trigram=TOTAL).names == SearchName.objects.count()


def test_a_word_spelled_wrong_in_both_halves_is_still_found(orgs) -> None:
    # "tkaa|hasih": neither half of the long word is in the name, so the word look-up finds
    # nothing and the trigram ranking answers
    assert _word_clauses("tkaahasih seimitsu", short=False) == [
        ["tkaa", "hasih"],
        ["seim", "itsu"],
    ]
    assert names(organisation_search("Tkaahasih Seimitsu"))[0] == "Takahashi Seimitsu K.K."


def test_short_words_join_the_word_look_up_only_when_asked() -> None:
    assert _word_clauses("evans sons ltd", short=False) == []
    assert _word_clauses("evans sons ltd", short=True) == [["evans"], ["sons"], ["ltd"]]
    assert _word_clauses("bianchi co", short=True) == [["bia", "nchi"]]


def test_relevance_pages_follow_the_ranked_names(registry) -> None:
    # 30 clients share four similar names: each page lists them name by name in relevance order,
    # within a name by name then id, and counts them all
    spellings = ["Nordwind Logistik GmbH", "Nordwind Logistics GmbH", "Nordwand Logistik AG"]
    made = []
    for i in range(30):
        name = spellings[i % 3] if i < 27 else "Nordwind Logistik Süd GmbH"
        client = registry.client(name, country="DE" if i % 2 else "AT")
        registry.certify(client, f"ACME-9001-{800 + i:06d}")
        made.append(client)
    hits = name_search(normalize_name("Nordwind Logistik GmbH"))
    rank = {h.name_id: i for i, h in enumerate(hits)}
    expected = sorted(
        (rank[e.search_name_id], e.sort_key, e.client_id)
        for e in SearchEntry.objects.filter(search_name_id__in=rank)
    )
    first = organisation_search("Nordwind Logistik GmbH")
    second = organisation_search("Nordwind Logistik GmbH", page=2)
    assert first.total == second.total == len(expected) == 30
    assert first.has_next and not second.has_next
    shown = [row.id for row in first.rows] + [row.id for row in second.rows]
    assert shown == [client_id for _r, _k, client_id in expected]
    assert first.rows[0].name == "Nordwind Logistik GmbH" and first.rows[0].score == 100.0
    austrian = organisation_search("Nordwind Logistik GmbH", country="AT")
    assert austrian.total == 15 and {row.country for row in austrian.rows} == {"AT"}


WORDS = ["nordwind", "logistik", "nordwand", "windhoek", "logis", "stik", "andwin", "ordnung"]


@pytest.mark.parametrize("stale", [False, True])
def test_the_word_look_up_lists_exactly_the_names_holding_the_substrings(
    registry, stale: bool
) -> None:
    # the index finds names by the rarest trigram of each substring and keeps those that hold
    # the substring itself: the same names as a plain scan, whatever the remembered counts say
    for i in range(24):
        words = [WORDS[(i * 3 + k * 5) % len(WORDS)] for k in range(1 + i % 3)]
        registry.certify(registry.client(" ".join(words).title() + f" {i}"), f"ACME-9001-7{i:05d}")
    search.trigram_counts_forget()
    if stale:  # counts read before these names, turned upside down
        search._trigram_counts()
        search._counts = {t: 10**6 - n for t, n in search._counts.items()}
    try:
        every = list(SearchName.objects.values_list("id", "name"))
        for clauses in (
            [["nord", "wind"]],
            [["nord", "wand"], ["logi", "stik"]],
            [["ndw"], ["windhoek"]],
            [["ordn", "ung"], ["xyz", "gis"]],
            [["andwin"]],
            [["zzzz", "qqq"]],
        ):
            expected = sorted(
                (pk, name)
                for pk, name in every
                if all(any(part in name for part in clause) for clause in clauses)
            )
            assert sorted(_word_rows(clauses, "", None)) == expected, clauses
    finally:
        search.trigram_counts_forget()


def test_common_words_fall_back_to_every_long_word_whole_but_one(registry, monkeypatch) -> None:
    # "nordwind logistki": "nord" or "wind", and "logi" or "stki", are held by more names than the
    # word look-up takes; both halves of "nordwind" (the word spelled right) and one half of the
    # misspelt word single out the name
    for i, name in enumerate(
        ["Nordwind Logistik GmbH"] + [f"Nordsee Logistik {city}" for city in ("Kiel", "Bremen")]
    ):
        registry.certify(registry.client(name), f"ACME-9001-6{i:05d}")
    registry.certify(registry.client("Windpark Logistik AG"), "ACME-9001-610000")
    monkeypatch.setattr(search, "WORD_CANDIDATES", 3)
    assert len(_word_rows(_word_clauses("nordwind logistki", short=False), "", None)) == 4
    found = search._word_candidates("nordwind logistki", "", None)
    assert [name for _pk, name in found] == ["nordwind logistik gmbh"]
    assert names(organisation_search("Nordwind Logistki"))[0] == "Nordwind Logistik GmbH"


def test_a_misspelt_short_word_is_left_out_of_a_long_name(registry, monkeypatch) -> None:
    # six words, the two long ones common: the short words join in whole, and the misspelt one
    # ("lxd") is left out in turn
    target = "Patel Nair Precision Engineering Pvt Ltd"
    others = ["Shah Precision Engineering", "Rao Precision Engineering", "Precision Engineering Co"]
    for i, name in enumerate([target, *others]):
        registry.certify(registry.client(name), f"ACME-9001-62{i:04d}")
    monkeypatch.setattr(search, "WORD_CANDIDATES", 3)
    query = "patel nair precision engineering pvt lxd"
    assert len(_word_clauses(query, short=True)) == 6
    assert _word_rows(_word_clauses(query, short=True), "", None) == []
    found = search._word_candidates(query, "", None)
    assert [name for _pk, name in found] == [normalize_name(target)]
