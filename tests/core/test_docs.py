"""Docs stay true: the CLI reference is generated from --help and must match it."""

from __future__ import annotations

from pathlib import Path

from isocert.core.docgen import cli_reference

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current() -> None:
    current = (ROOT / "docs" / "cli.md").read_text()
    assert current == cli_reference(), "docs/cli.md is stale: run `make docs`"


def test_glossary_names_the_core_terms() -> None:
    text = (ROOT / "docs" / "glossary.md").read_text().lower()
    for term in (
        "registration",
        "certification body",
        "stage 1",
        "stage 2",
        "surveillance",
        "recertification",
        "major nonconformity",
        "minor nonconformity",
        "suspension",
        "withdrawal",
        "transfer",
    ):
        assert term in text, term
