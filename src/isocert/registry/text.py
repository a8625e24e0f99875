"""Text folding for the registry: certificate numbers as people type them, names as people spell them.

Pure functions (no database) shared by the selectors, the index service and ``isocert synth``, so the
index and the queries always fold text the same way.
"""

from __future__ import annotations

import re
import unicodedata

# Characters people put inside certificate numbers that carry no meaning: spaces, dashes of every
# kind, dots, slashes, underscores.
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_NUMBER_NOISE = re.compile(f"[\\s{_DASHES}_./\\\\]+")
_SPACES_DASHES = re.compile(f"[\\s{_DASHES}]+")
# Letters that Unicode does not decompose into a base letter + accent.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "\u0131": "i",  # dotless i
        "ħ": "h",
        "ŧ": "t",
    }
)
# Apostrophes and dots join what they sit between ("O'Brien" → "obrien", "S.r.l." → "srl").
_JOINERS = re.compile("['.`\u2019\u02bc\u00b4]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalize_number(text: str) -> str:
    """A certificate number as typed → the look-up key: upper case, no spaces/dashes/dots/slashes.

    "acme 9001 000123-r1" → "ACME9001000123R1", the format of ``Certificate.lookup_key``.
    """
    return _NUMBER_NOISE.sub("", (text or "").strip()).upper()


def number_keys(text: str) -> list[str]:
    """Keys to look a typed number up by: the folded key, and the key that keeps dots and slashes.

    Numbers isocert issues have only letters, digits and dashes, so both keys are equal; numbers
    taken over in a transfer may keep dots or slashes in ``lookup_key`` (spaces and dashes removed).
    """
    folded = normalize_number(text)
    kept = _SPACES_DASHES.sub("", (text or "").strip()).upper()
    return [folded] if kept == folded or not kept else [folded, kept]


def normalize_name(text: str) -> str:
    """An organisation name folded for search: lower case, no accents, punctuation to spaces.

    "Müller Präzisionsteile GmbH" → "muller prazisionsteile gmbh";
    "O'Brien & Sons Ltd." → "obrien sons ltd"; "Takahashi Seimitsu K.K." → "takahashi seimitsu kk".
    """
    folded = (text or "").casefold()
    if not folded.isascii():  # (most names are plain ASCII: skip the decomposition)
        decomposed = unicodedata.normalize("NFKD", folded.translate(_LETTERS))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = _JOINERS.sub("", folded)
    return " ".join(_NOT_WORD.sub(" ", plain).split())


def name_trigrams(normalized: str) -> list[str]:
    """The distinct three-letter pieces inside the words of a normalized name, in order of first use.

    Pieces never span a space: both engines' indexes find such a piece with one index look-up
    (FTS5 trigram phrase, pg_trgm ``LIKE '%abc%'``).
    """
    seen: dict[str, None] = {}
    for word in normalized.split():
        for i in range(len(word) - 2):
            seen.setdefault(word[i : i + 3], None)
    return list(seen)


def looks_like_identifier(text: str) -> bool:
    """True when the query is more likely a VAT/registration number than a name: at least four
    digits, and digits make most of it once spaces, dots, dashes and slashes are dropped."""
    compact = re.sub(r"[\s.\-/]", "", text or "")
    digits = sum(ch.isdigit() for ch in compact)
    return digits >= 4 and digits * 2 >= len(compact)


def identifier_forms(value: str) -> list[str]:
    """The forms an identifier is found by: compact and upper case, and without a leading
    two-letter country prefix ("DE 123 456 789" → "DE123456789", "123456789")."""
    compact = re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
    forms = [compact] if compact else []
    if len(compact) > 4 and compact[:2].isalpha() and compact[2:].isdigit():
        forms.append(compact[2:])
    return forms
