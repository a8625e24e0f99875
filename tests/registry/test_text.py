"""Folding of numbers and names: the index and the queries must fold text the same way."""

from __future__ import annotations

import pytest

from isocert.registry.text import (
    looks_like_identifier,
    name_trigrams,
    normalize_name,
    normalize_number,
    number_keys,
)


@pytest.mark.parametrize(
    "typed",
    [
        "ACME-9001-000123-R1",
        "acme 9001 000123 r1",
        "ACME 9001-000123-R1",
        " acme–9001–000123–r1 ",  # en dashes from a word processor
        "ACME.9001.000123/R1",
    ],
)
def test_numbers_fold_to_the_lookup_key(typed: str) -> None:
    assert normalize_number(typed) == "ACME9001000123R1"


def test_a_number_with_slashes_is_also_looked_up_as_stored() -> None:
    assert number_keys("Q/2019.123-a") == ["Q2019123A", "Q/2019.123A"]
    assert number_keys("ACME-9001-000123") == ["ACME9001000123"]


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Müller Präzisionsteile GmbH", "muller prazisionsteile gmbh"),
        ("Société Générale de Câblage SAS", "societe generale de cablage sas"),
        ("Takahashi Seimitsu K.K.", "takahashi seimitsu kk"),
        ("O'Brien & Sons Ltd", "obrien sons ltd"),
        ("Øresund Maskin A/S", "oresund maskin a s"),
        ("Yılmaz Makina Sanayi ve Ticaret A.Ş.", "yilmaz makina sanayi ve ticaret as"),
        ("Großhandel Weiß", "grosshandel weiss"),
        ("Công Ty TNHH Hòa Phát", "cong ty tnhh hoa phat"),
    ],
)
def test_names_fold_case_accents_and_punctuation(name: str, folded: str) -> None:
    assert normalize_name(name) == folded


def test_trigrams_stay_inside_words() -> None:
    assert name_trigrams("ab muller kk") == ["mul", "ull", "lle", "ler"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DE123456789", True),
        ("12345678", True),
        ("FR 40 303 265 045", True),
        ("Müller GmbH", False),
        ("3M", False),
    ],
)
def test_identifier_or_name(text: str, expected: bool) -> None:
    assert looks_like_identifier(text) is expected
