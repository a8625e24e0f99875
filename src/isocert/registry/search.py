"""Typo- and accent-tolerant name search: one interface, one implementation per engine.

1. The query is folded like the indexed names (``text.normalize_name``).
2. Its trigrams are ranked by how many names hold them (``TrigramStat``): the rarest say the most.
   The rarest are taken first — at most three from one word, so that a typo in one word cannot
   leave the query without evidence — until their names add up to a budget of postings.
3. The engine's own trigram index lists the names holding each chosen trigram — SQLite: FTS5
   ``MATCH "abc"`` on the trigram-tokenized names; PostgreSQL: ``LIKE '%abc%'`` served by the
   pg_trgm GIN index — and the database sums, per name, the rarity (idf) of the trigrams it holds
   and keeps the best 1,000. A typo breaks at most three trigrams of one word, so the right name
   keeps most of its rare trigrams and stays among them.
4. Those candidates are re-ranked in Python with rapidfuzz (``WRatio``), which forgives typos,
   word order and missing words.

Before all that, a word look-up through the same index (``_word_candidates``): one or two typing
errors leave, in each long word of the query, a half that is spelled right (a wrong, missing or
extra letter falls in one half). The names holding, for every long word, its first or its second
half as a substring are few for most queries; when one of them is spelled almost like the whole
query, those names re-ranked are the answer (nine queries in ten of the benchmark end there, at a
few hundred postings instead of tens of thousands). Otherwise a first, cheap look asks only for the rarest
trigrams (``QUICK_BUDGET``) and, when that does not find a name spelled almost like the query
either, the whole budget.
"""

# ruff: noqa: S608  (the statements are assembled from fixed fragments; values are parameters)

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection
from rapidfuzz import fuzz, process

from isocert.registry.models import TOTAL, TrigramStat
from isocert.registry.sql import sql_rows
from isocert.registry.text import name_trigrams

CANDIDATES = 1000
"""Names fetched from the index per query, before re-ranking. Measured on the 2.5-million-certificate
registry's 1,000 benchmark queries (offline, the same scoring): the right name is among the best
500 by trigram rarity for 94.9 % of them, among the best 1,000 for 96.7 % — common words leave
many names tied on the rare trigrams, and the re-ranking tells them apart."""
FILTERED_CANDIDATES = 2000
"""With a country or body filter: names ranked before the filter applies."""
POSTINGS_BUDGET = 45_000
"""Stop adding trigrams once their names add up to this many (bounds the index work: about
half a microsecond per posting on SQLite)."""
QUICK_BUDGET = 10_000
"""The first, cheap look: the rarest trigrams up to this many postings."""
QUICK_SCORE = 95.0
"""A name spelled this much like the query (plain edit-distance ratio, 0 to 100) in the cheap look
ends the search."""
HARD_BUDGET = 100_000
"""Never more postings than this, even for fewer than ``MIN_TRIGRAMS`` trigrams (a query of common
words only: its best candidates are as good as any)."""
WORD_HALVES = 6
"""Words of at least this many letters are looked up by their halves (three letters or more each:
the shortest substring the trigram index can find)."""
WORD_CANDIDATES = 1500
"""At most this many names from the word look-up; more means its words are too common to decide,
and the trigram ranking takes over."""
WORD_SCORE = 85.0
"""The word look-up is the answer when its best name is spelled this much like the query (plain
edit-distance ratio, 0 to 100)."""
COUNTS_SECONDS = 60.0
"""The word look-up's trigram counts are read again after this long."""
MAX_LEFT_OUT = 5
"""The word look-up leaves out one word at a time at most this many times (the words most likely
misspelt first)."""
MAX_LEFT_OUT_WORDS = 8
"""The word look-up leaves words out only for queries of two to this many words (measured on the benchmark's 1,000 queries:
names of six to eight words whose short words, legal forms included, carry the typo were left to
the trigram ranking with a limit of five)."""
PER_WORD = 3
MIN_TRIGRAMS = 4
MIN_SCORE = 60.0
"""Re-ranked names scoring below this (0 to 100) are not shown."""


@dataclass(frozen=True)
class NameHit:
    name_id: int
    name: str
    score: float


def _choose(query: str, counts: dict[str, int]) -> list[str]:
    """The trigrams to ask the index for: rarest first, at most ``PER_WORD`` of one word, within
    ``POSTINGS_BUDGET`` (but at least ``MIN_TRIGRAMS`` when the query has that many and they stay
    within ``HARD_BUDGET``); at least one trigram in any case."""
    ranked = sorted(
        (counts[tri], word, tri)
        for word, text in enumerate(query.split())
        for tri in name_trigrams(text)
        if counts.get(tri, 0) > 0
    )
    chosen: list[str] = []
    per_word: dict[int, int] = {}
    spent = 0
    for n, word, tri in ranked:
        if tri in chosen or per_word.get(word, 0) >= PER_WORD:
            continue
        over = spent + n > POSTINGS_BUDGET
        if chosen and over and (len(chosen) >= MIN_TRIGRAMS or spent + n > HARD_BUDGET):
            break
        chosen.append(tri)
        per_word[word] = per_word.get(word, 0) + 1
        spent += n
    return chosen


# One branch per chosen trigram: the names holding it, with its weight.
_BRANCH = {
    "sqlite": (
        "SELECT rowid AS id, CAST(%s AS REAL) AS w FROM registry_searchname_fts "
        "WHERE registry_searchname_fts MATCH %s"
    ),
    "postgresql": ("SELECT id, CAST(%s AS REAL) AS w FROM registry_searchname WHERE name LIKE %s"),
}


def _term(trigram: str) -> str:
    if connection.vendor == "postgresql":
        return f"%{trigram}%"
    return f'"{trigram}"'  # an FTS5 phrase (trigrams are letters and digits only)


def _listed_in(country: str, cb_id: int | None) -> tuple[str, list[Any]]:
    """The condition that the name ``n`` is carried by a client of this country and/or body, and
    its parameters."""
    sub = ["e.search_name_id = n.id"]
    if country:
        sub.append("e.country = %s")
    if cb_id:
        sub.append("e.certification_body_id = %s")
    exists = f"EXISTS (SELECT 1 FROM registry_searchentry e WHERE {' AND '.join(sub)})"
    return exists, [v for v in (country, cb_id) if v]


def _indexed_candidates(
    tris: list[str], weights: list[float], limit: int, country: str, cb_id: int | None
) -> list[tuple[int, str]]:
    branch = _BRANCH["postgresql" if connection.vendor == "postgresql" else "sqlite"]
    params: list[Any] = []
    for tri, weight in zip(tris, weights, strict=True):
        params += [weight, _term(tri)]
    filtered = bool(country or cb_id)
    ranked = (
        f"SELECT id, SUM(w) AS s FROM ({' UNION ALL '.join([branch] * len(tris))}) u "
        "GROUP BY id ORDER BY s DESC, id LIMIT %s"
    )
    params.append(FILTERED_CANDIDATES if filtered else limit)
    where = ""
    if filtered:
        exists, values = _listed_in(country, cb_id)
        where = f"WHERE {exists}"
        params += values
    sql = (
        f"SELECT n.id, n.name FROM ({ranked}) x JOIN registry_searchname n ON n.id = x.id "
        f"{where} ORDER BY x.s DESC, n.id LIMIT %s"
    )
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(pk), name) for pk, name in cursor.fetchall()]


def _word_clauses(query: str, *, short: bool) -> list[list[str]]:
    """Per word of the query, the substrings one of which a name must hold: both halves of a long
    word; with ``short``, also shorter words (of three letters or more) whole."""
    clauses = []
    for word in query.split():
        if len(word) >= WORD_HALVES:
            middle = len(word) // 2
            clauses.append([word[:middle], word[middle:]])
        elif short and len(word) >= 3:
            clauses.append([word])
    return clauses


_counts: dict[str, int] = {}
_counts_at = -math.inf


def _trigram_counts() -> dict[str, int]:
    """How many indexed names hold each trigram, read at most once a minute per process.

    Only the word look-up uses it, to pick the rarest trigram of a substring; a count out of date
    (or a trigram missing from it) makes that look-up slower, never wrong: a name holding the
    substring holds every trigram of it."""
    global _counts, _counts_at
    now = time.monotonic()
    if now - _counts_at > COUNTS_SECONDS:
        _counts = dict(sql_rows(f"SELECT trigram, names FROM {TrigramStat._meta.db_table}", []))
        _counts_at = now
    return _counts


def trigram_counts_forget() -> None:
    """Forget the remembered trigram counts (tests that count queries)."""
    global _counts_at
    _counts_at = -math.inf


def _word_match(clauses: list[list[str]], counts: dict[str, int]) -> str:
    """The FTS5 query for ``_word_rows``: each substring by its rarest trigram (a wider net than
    the substring, narrowed by the caller)."""

    def rarest(part: str) -> str:
        return min(name_trigrams(part), key=lambda t: (counts.get(t, 0), t))

    return " AND ".join(
        "(" + " OR ".join(sorted({f'"{rarest(part)}"' for part in clause})) + ")"
        for clause in clauses
    )


def _word_rows(clauses: list[list[str]], country: str, cb_id: int | None) -> list[tuple[int, str]]:
    """Names holding one substring of every clause (at most ``WORD_CANDIDATES`` + 1).

    SQLite: a substring as an FTS5 phrase would cost the postings, with their positions, of every
    trigram in it; its rarest trigram alone costs a fraction of that (the word look-up 7 -> 5 ms a
    query on the 2.5-million-certificate registry) and lets through a few more names, which
    ``instr()`` then checks for the substrings themselves. PostgreSQL: ``LIKE`` on the GIN index."""
    params: list[Any] = []
    extra, values = ("", []) if not (country or cb_id) else _listed_in(country, cb_id)
    if connection.vendor == "postgresql":
        where = " AND ".join(
            "(" + " OR ".join(["n.name LIKE %s"] * len(clause)) + ")" for clause in clauses
        )
        params += [f"%{part}%" for clause in clauses for part in clause]
        sql = f"SELECT n.id, n.name FROM registry_searchname n WHERE {where}"
        if extra:
            sql += f" AND {extra}"
            params += values
        sql += " LIMIT %s"
        params.append(WORD_CANDIDATES + 1)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(int(pk), name) for pk, name in cursor.fetchall()]
    # the rarest trigram of each substring finds the names; instr() keeps those holding the
    # substring itself
    holds = " AND ".join(
        "(" + " OR ".join(["instr(n.name, %s) > 0"] * len(clause)) + ")" for clause in clauses
    )
    sql = (
        "SELECT n.id, n.name FROM registry_searchname_fts f "
        "JOIN registry_searchname n ON n.id = f.rowid "
        f"WHERE registry_searchname_fts MATCH %s AND {holds}"
        + (f" AND {extra}" if extra else "")
        + " LIMIT %s"
    )
    parts = [part for clause in clauses for part in clause]
    match = _word_match(clauses, _trigram_counts())
    return sql_rows(sql, [match, *parts, *values, WORD_CANDIDATES + 1])


def _word_candidates(query: str, country: str, cb_id: int | None) -> list[tuple[int, str]]:
    """Names that hold, for every long word of the query, one of its halves (and, when those are
    too many, every shorter word too; when still too many, both halves of every long word but
    one); empty when that is nothing or still too many."""
    long_words = _word_clauses(query, short=False)
    rows = _names_with_words(long_words, country, cb_id)
    if not long_words or len(rows) > WORD_CANDIDATES:
        every_word = _word_clauses(query, short=True)
        if len(every_word) > len(long_words):
            rows = _names_with_words(every_word, country, cb_id)
    if len(rows) > WORD_CANDIDATES and len(long_words) >= 2:
        rows = _names_with_whole_words(long_words, country, cb_id)
    return rows if len(rows) <= WORD_CANDIDATES else []


def _names_with_whole_words(
    long_words: list[list[str]], country: str, cb_id: int | None
) -> list[tuple[int, str]]:
    """Common words (a query whose every word is found in thousands of names): the names holding
    both halves of every long word but one, and one half of that one, each long word in turn (a
    typo spoils one word's half; the other words are then spelled right). The tries that find
    too many are dropped; the others together, at most ``WORD_CANDIDATES``."""
    found: dict[int, str] = {}
    for loose in range(len(long_words)):
        whole = [[half] for i, word in enumerate(long_words) if i != loose for half in word]
        rows = _word_rows([*whole, long_words[loose]], country, cb_id)
        if len(rows) <= WORD_CANDIDATES:
            found.update(rows)
    return list(found.items())[:WORD_CANDIDATES]


def _names_with_words(
    clauses: list[list[str]], country: str, cb_id: int | None
) -> list[tuple[int, str]]:
    """``_word_rows``; when that is nothing, the same without one word at a time (two typing
    errors in one word can spoil both its halves; a short word is whole or nothing), at most
    ``MAX_LEFT_OUT`` tries, for two to ``MAX_LEFT_OUT_WORDS`` clauses."""
    if not clauses:
        return []
    rows = _word_rows(clauses, country, cb_id)
    if rows or not 2 <= len(clauses) <= MAX_LEFT_OUT_WORDS:
        return rows
    # the words most likely misspelt first: the short ones whole, then the long ones
    order = sorted(range(len(clauses)), key=lambda i: (len(clauses[i]), i))
    for left_out in order[:MAX_LEFT_OUT]:
        rows = _word_rows(clauses[:left_out] + clauses[left_out + 1 :], country, cb_id)
        if rows:
            return rows
    return []


def _prefix_candidates(query: str, limit: int) -> list[tuple[int, str]]:
    """Queries too short for trigrams: names that start with them."""
    from isocert.registry.models import SearchName

    upper = query[:-1] + chr(ord(query[-1]) + 1)
    rows = SearchName.objects.filter(name__gte=query, name__lt=upper).order_by("name")[:limit]
    return list(rows.values_list("pk", "name"))


def _plan(query: str) -> tuple[list[str], list[float], int]:
    """The chosen trigrams (rarest first), their weights, and how many of them are cheap."""
    tris = name_trigrams(query)
    marks = ", ".join(["%s"] * (len(tris) + 1))
    stats: dict[str, int] = dict(
        sql_rows(
            f"SELECT trigram, names FROM {TrigramStat._meta.db_table} WHERE trigram IN ({marks})",
            [*tris, TOTAL],
        )
    )
    total = max(stats.pop(TOTAL, 0), 1)
    chosen = _choose(query, stats)
    weights = [math.log(1 + total / stats[t]) for t in chosen]
    quick, spent = 0, 0
    for tri in chosen:
        if spent + stats[tri] > QUICK_BUDGET and quick >= MIN_TRIGRAMS:
            break
        spent += stats[tri]
        quick += 1
    return chosen, weights, quick


def name_candidates(
    query: str, *, limit: int = CANDIDATES, country: str = "", cb_id: int | None = None
) -> list[tuple[int, str]]:
    """``(name id, name)`` of indexed names that may match the normalized ``query``."""
    if not name_trigrams(query):
        return _prefix_candidates(query, limit) if query else []
    chosen, weights, _quick = _plan(query)
    if not chosen:
        return []
    return _indexed_candidates(chosen, weights, limit, country, cb_id)


def _ranked(query: str, candidates: list[tuple[int, str]]) -> list[NameHit]:
    names = dict(candidates)
    ranked = process.extract(query, names, scorer=fuzz.WRatio, limit=None, score_cutoff=MIN_SCORE)
    hits = [NameHit(name_id=pk, name=name, score=score) for name, score, pk in ranked]
    # Equal scores: the closer overall spelling first, then the shorter name.
    hits.sort(key=lambda h: (-h.score, -fuzz.ratio(query, h.name), len(h.name), h.name_id))
    return hits


def name_search(
    query: str, *, limit: int = CANDIDATES, country: str = "", cb_id: int | None = None
) -> list[NameHit]:
    """Indexed names matching the normalized ``query``, best first, re-ranked with rapidfuzz.

    First by the halves of the query's words; then only with the cheapest (rarest) trigrams; each
    time a name spelled almost like the whole query ends the search; otherwise again with all the
    chosen trigrams.
    """
    if not name_trigrams(query):
        return _ranked(query, _prefix_candidates(query, limit)) if query else []
    words = _word_candidates(query, country, cb_id)
    if words:
        hits = _ranked(query, words)
        if hits and fuzz.ratio(query, hits[0].name) >= WORD_SCORE:
            return hits
    chosen, weights, quick = _plan(query)
    if not chosen:
        return []
    if quick < len(chosen):
        hits = _ranked(
            query, _indexed_candidates(chosen[:quick], weights[:quick], limit, country, cb_id)
        )
        if hits and fuzz.ratio(query, hits[0].name) >= QUICK_SCORE:
            return hits
    return _ranked(query, _indexed_candidates(chosen, weights, limit, country, cb_id))
