"""Reference data and the synthetic accreditation and certification bodies with their scopes.

Few rows: written through the ORM. A few bodies are suspended, withdrawn, without an accreditation
body, or accredited for only part of the IAF codes, so that honest answers have something to say.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from isocert.accreditation.choices import AccreditationStatus
from isocert.accreditation.models import AccreditationBody, AccreditedScope, CertificationBody
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.catalog.services import catalog_sync
from isocert.clients.countries import country_name
from isocert.registry.synth import names as words

# ISO Survey 2024, certificates per standard (the five the issue names).
SURVEY_2024: dict[str, int] = {
    "ISO 9001": 1_474_118,
    "ISO 14001": 676_232,
    "ISO 45001": 542_527,
    "ISO/IEC 27001": 96_709,
    "ISO 50001": 38_482,
}


@dataclass
class Body:
    pk: int
    acronym: str
    country: str
    covered: frozenset[int]
    seq: int


@dataclass
class Reference:
    standards: dict[str, tuple[int, bool, str]]  # code -> (id, uses IAF codes, number part)
    editions: dict[str, list[tuple[int, int, int]]]  # code -> [(published ordinal, year, id)]
    codes: list[int]


def reference() -> Reference:
    catalog_sync()
    standards: dict[str, tuple[int, bool, str]] = {}
    editions: dict[str, list[tuple[int, int, int]]] = {}
    for code in SURVEY_2024:
        std = Standard.objects.get(code=code)
        part = re.sub(r"[^0-9A-Za-z-]", "", code.rsplit(" ", 1)[-1]).upper()
        standards[code] = (std.pk, std.uses_iaf_codes, part)
        editions[code] = sorted(
            ((e.published or dt.date(e.year, 1, 1)).toordinal(), e.year, e.pk)
            for e in Edition.objects.filter(standard=std)
        )
    codes = list(IafCode.objects.order_by("code").values_list("code", flat=True))
    return Reference(standards, editions, codes)


def _acronym(words_: list[str], taken: set[str]) -> str:
    base = "".join(w[0] for w in " ".join(words_).split() if w[0].isalpha()).upper()[:4]
    base = (base + "CB")[: max(3, len(base))]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


def bodies(rng: random.Random, count: int, ref: Reference) -> list[Body]:
    """Accreditation bodies, certification bodies and their accredited scopes (ORM: few rows)."""
    existing = list(
        CertificationBody.objects.filter(scopes__isnull=False).distinct().order_by("pk")
    )
    if existing:
        return [
            Body(
                cb.pk,
                cb.acronym,
                cb.country,
                frozenset(
                    code
                    for code in AccreditedScope.objects.filter(certification_body=cb).values_list(
                        "iaf_codes", flat=True
                    )
                    if code is not None
                ),
                cb.next_certificate_seq,
            )
            for cb in existing
        ]
    homes = ["DE", "IT", "GB", "FR", "ES", "CN", "JP", "IN", "US", "NL", "CH", "SE", "PL", "TR",
             "BR", "KR", "AT", "CZ", "AE", "MX"]  # fmt: skip
    abs_: dict[str, AccreditationBody] = {}
    for cc in homes:
        abs_[cc], _ = AccreditationBody.objects.get_or_create(
            acronym=f"SYN-{cc}",
            defaults={
                "name": f"Accreditation Service of {country_name(cc)} (synthetic)",
                "country": cc,
                "website": f"https://accreditation-{cc.lower()}.example",
                "iaf_mla_signatory": cc != "AE",
            },
        )
    taken = set(CertificationBody.objects.values_list("acronym", flat=True))
    names_taken = set(CertificationBody.objects.values_list("name", flat=True))
    editions = {
        e.pk: e for e in Edition.objects.filter(standard__code__in=SURVEY_2024).select_related()
    }
    bodies: list[Body] = []
    for i in range(count):
        cc = homes[i % len(homes)] if i < len(homes) * 2 else rng.choice(homes)
        while True:
            parts = [rng.choice(words.CB_WORDS_A), rng.choice(words.CB_WORDS_B)]
            name = f"{parts[0]} {parts[1]} {country_name(cc)}"
            if name not in names_taken:
                names_taken.add(name)
                break
        acronym = _acronym(parts, taken)
        # A few bodies whose accreditation is not what it should be: honest answers need them.
        status = AccreditationStatus.ACTIVE
        ab: AccreditationBody | None = abs_[cc]
        if i % 37 == 11:
            status = AccreditationStatus.SUSPENDED
        elif i % 53 == 23:
            status = AccreditationStatus.WITHDRAWN
        elif i % 61 == 31:
            ab = None
        cb = CertificationBody.objects.create(
            name=name,
            acronym=acronym,
            country=cc,
            address=f"1 Synthetic Street, {words.CITIES[cc][0]}",
            website=f"https://{acronym.lower()}.example",
            accreditation_body=ab,
            accreditation_number=f"{cc}-{1000 + i}" if ab else "",
            accreditation_status=status,
            accreditation_status_since=dt.date(2015, 1, 1),
        )
        covered = set(ref.codes)
        if i % 5 == 3:  # a narrower accreditation: some codes are outside it
            covered = set(rng.sample(ref.codes, k=max(10, len(ref.codes) * 2 // 3)))
        for code in SURVEY_2024:
            for published, _year, edition_id in ref.editions[code]:
                edition = editions[edition_id]
                line = AccreditedScope.objects.create(
                    certification_body=cb,
                    standard_id=ref.standards[code][0],
                    edition_id=edition_id,
                    valid_from=max(dt.date.fromordinal(published), dt.date(2005, 1, 1)),
                    valid_until=edition.valid_until,
                )
                if ref.standards[code][1]:
                    line.iaf_codes.set(sorted(covered))
        bodies.append(Body(cb.pk, acronym, cc, frozenset(covered), 1))
    return bodies
