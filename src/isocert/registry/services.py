"""Writes of the registry: keeping the search index equal to the clients.

The index (``SearchName``, ``SearchEntry``, ``SearchIdentifier``, ``TrigramStat``) is derived data,
not a certification record: refreshing it appends no ledger event. Call ``search_index_refresh``
after a write that creates a client's first issued certificate, renames a client, changes its
country, certification body or confidentiality, or edits its identifiers; ``isocert synth`` calls
it in bulk inside ``search_index_bulk``.

The statements are plain SQL (the same on both engines): building the index of 1.5 million
organisations goes through them too, and the ORM's handling of long ``IN`` lists would triple the
time.
"""

# ruff: noqa: S608  (the statements are fixed text: table names come from the models, values are
# always parameters)

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.db import connection, transaction

from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.clients.models import Client, ClientIdentifier
from isocert.registry.bulk import create_indexes, drop_indexes, secondary_indexes, sqlite_cache
from isocert.registry.models import TOTAL, SearchEntry, SearchIdentifier, SearchName, TrigramStat
from isocert.registry.text import identifier_forms, name_trigrams, normalize_name

CHUNK = 5000
"""Clients refreshed per round trip; every statement of a round is bounded by it."""

_T = {
    "client": Client._meta.db_table,
    "cert": Certificate._meta.db_table,
    "ident": ClientIdentifier._meta.db_table,
    "name": SearchName._meta.db_table,
    "entry": SearchEntry._meta.db_table,
    "sident": SearchIdentifier._meta.db_table,
    "stat": TrigramStat._meta.db_table,
}
_PUBLIC = """
SELECT c.id, c.name, c.country, c.certification_body_id FROM {client} c
WHERE c.id IN ({{ids}}) AND c.confidential = %s
AND EXISTS (SELECT 1 FROM {cert} x WHERE x.client_id = c.id AND x.status <> %s)
""".format(**_T)
_OLD_NAMES = "SELECT DISTINCT search_name_id FROM {entry} WHERE client_id IN ({{ids}})".format(**_T)
_KNOWN = "SELECT name, id FROM {name} WHERE name IN ({{names}})".format(**_T)
_ADD_NAME = "INSERT INTO {name} (name) VALUES (%s) ON CONFLICT (name) DO NOTHING".format(**_T)
_IDENTIFIERS = "SELECT client_id, value FROM {ident} WHERE client_id IN ({{ids}})".format(**_T)
_DROP_ENTRIES = "DELETE FROM {entry} WHERE client_id IN ({{ids}})".format(**_T)
_DROP_IDENTS = "DELETE FROM {sident} WHERE client_id IN ({{ids}})".format(**_T)
_ADD_IDENT = "INSERT INTO {sident} (client_id, value) VALUES (%s, %s)".format(**_T)
_ADD_ENTRY = """
INSERT INTO {entry} (client_id, search_name_id, sort_key, country, certification_body_id)
VALUES (%s, %s, %s, %s, %s)
""".format(**_T)
_ORPHANS = """
SELECT n.id, n.name FROM {name} n WHERE n.id IN ({{ids}})
AND NOT EXISTS (SELECT 1 FROM {entry} e WHERE e.search_name_id = n.id)
""".format(**_T)
_DROP_NAMES = "DELETE FROM {name} WHERE id IN ({{ids}})".format(**_T)
_STAT_ADD = """
INSERT INTO {stat} (trigram, names) VALUES (%s, %s)
ON CONFLICT (trigram) DO UPDATE SET names = {stat}.names + excluded.names
""".format(**_T)
_STAT_REMOVE = """
UPDATE {stat} SET names = CASE WHEN names > %s THEN names - %s ELSE 0 END WHERE trigram = %s
""".format(**_T)

_bulk = threading.local()


def _marks(items: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(items))


def _chunks(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, size)):
        yield chunk


def _counts(names: Iterable[str]) -> Counter[str]:
    """Trigram document counts of these names, and their number under ``TOTAL``."""
    counts: Counter[str] = Counter()
    n = 0
    for name in names:
        counts.update(name_trigrams(name))
        n += 1
    counts[TOTAL] = n
    return counts


def _refresh_chunk(cursor: Any, ids: list[int]) -> int:
    marks = _marks(ids)
    cursor.execute(_PUBLIC.format(ids=marks), [*ids, False, CertificateStatus.DRAFT.value])
    wanted = {
        pk: (folded, country, cb)
        for pk, name, country, cb in cursor.fetchall()
        if (folded := normalize_name(name))
    }
    cursor.execute(_OLD_NAMES.format(ids=marks), ids)
    old_name_ids = {row[0] for row in cursor.fetchall()}
    names = sorted({row[0] for row in wanted.values()})
    known: dict[str, int] = {}
    if names:
        cursor.execute(_KNOWN.format(names=_marks(names)), names)
        known = dict(cursor.fetchall())
    fresh = [n for n in names if n not in known]
    if fresh:
        cursor.executemany(_ADD_NAME, [(n,) for n in fresh])
        cursor.execute(_KNOWN.format(names=_marks(fresh)), fresh)
        known.update(cursor.fetchall())
        if not getattr(_bulk, "active", False):
            _stats(cursor, _counts(fresh), add=True)
    cursor.execute(_DROP_ENTRIES.format(ids=marks), ids)
    cursor.execute(_DROP_IDENTS.format(ids=marks), ids)
    public = list(wanted)
    if public:
        cursor.execute(_IDENTIFIERS.format(ids=_marks(public)), public)
        forms = {(pk, form) for pk, value in cursor.fetchall() for form in identifier_forms(value)}
        cursor.executemany(_ADD_IDENT, sorted(forms))
        cursor.executemany(
            _ADD_ENTRY,
            [(pk, known[name], name, country, cb) for pk, (name, country, cb) in wanted.items()],
        )
    # Names no client carries any more leave the index (and the trigram counts).
    left = sorted(old_name_ids - set(known.values()))
    if left:
        cursor.execute(_ORPHANS.format(ids=_marks(left)), left)
        gone = cursor.fetchall()
        if gone:
            gone_ids = [pk for pk, _n in gone]
            cursor.execute(_DROP_NAMES.format(ids=_marks(gone_ids)), gone_ids)
            if not getattr(_bulk, "active", False):
                _stats(cursor, _counts(n for _pk, n in gone), add=False)
    return len(wanted)


def _stats(cursor: Any, counts: Counter[str], *, add: bool) -> None:
    """Count names in (or out) of their trigrams' document counts (never below zero)."""
    items = sorted(counts.items())
    if add:
        cursor.executemany(_STAT_ADD, items)
    else:
        cursor.executemany(_STAT_REMOVE, [(n, n, tri) for tri, n in items])


@transaction.atomic
def search_index_refresh(*, client_ids: Iterable[int]) -> int:
    """Make the search index agree with these clients; returns how many of them are searchable.

    A client is searchable when it is not confidential (ISO/IEC 17021-1 8.1.2 note: confirmed on
    exact request, never listed) and holds at least one issued certificate. Idempotent.
    """
    with connection.cursor() as cursor:
        return sum(_refresh_chunk(cursor, chunk) for chunk in _chunks(client_ids, CHUNK))


def registry_changed(*, client_ids: Iterable[int]) -> None:
    """Bring the registry's derived data (the search index) up to date after a client or one of
    its certificates changed. Called by the back-office services inside their transaction."""
    search_index_refresh(client_ids=client_ids)


def _stats_rebuild() -> None:
    """Count every indexed name's trigrams afresh (end of a bulk load)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM {stat}".format(**_T))
        counts: Counter[str] = Counter()
        n = 0
        cursor.execute("SELECT name FROM {name}".format(**_T))
        while rows := cursor.fetchmany(50_000):
            for (name,) in rows:
                counts.update(name_trigrams(name))
            n += len(rows)
        counts[TOTAL] = n
        cursor.executemany(_STAT_ADD, sorted(counts.items()))


@contextmanager
def search_index_bulk() -> Iterator[None]:
    """Load many names at once (``isocert synth``): the indexes are built once at the end instead
    of row by row (the engine's trigram index ten times faster on SQLite), and the trigram counts
    are counted once at the end.

    Set aside meanwhile: the secondary indexes of the entries and identifiers; on SQLite the FTS5
    insert trigger (the FTS table is rebuilt from the names at the end) and a small page cache; on
    PostgreSQL the GIN trigram index. Everything comes back even when the load fails. Use it
    outside any transaction, while nothing else writes.
    """
    indexes = secondary_indexes([SearchEntry._meta.db_table, SearchIdentifier._meta.db_table])
    rebuild: list[str] = []
    cache = None
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cache = sqlite_cache(1_000_000)
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                "AND name = 'registry_searchname_ai'"
            )
            saved = [row[0] for row in cursor.fetchall()]
            cursor.execute("DROP TRIGGER IF EXISTS registry_searchname_ai")
            rebuild = [
                "INSERT INTO registry_searchname_fts(registry_searchname_fts) VALUES ('rebuild')",
                *saved,
            ]
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'registry_searchname_trgm'"
            )
            rebuild = [row[0] for row in cursor.fetchall()]
            cursor.execute("DROP INDEX IF EXISTS registry_searchname_trgm")
    drop_indexes(indexes)
    _bulk.active = True
    try:
        yield
    finally:
        _bulk.active = False
        with transaction.atomic():
            create_indexes(indexes)
            with connection.cursor() as cursor:
                for sql in rebuild:
                    cursor.execute(sql)
            _stats_rebuild()
        if cache is not None:
            sqlite_cache(abs(cache) if cache < 0 else cache * 4)
