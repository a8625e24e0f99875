"""Build a synthetic registry: bodies, clients, sites, certificates with revisions and public history.

Shapes follow the real world closely enough to test the registry at scale: standards in the
proportions of the ISO Survey 2024, every certificate status, renewals and scope changes as
revisions, suspensions and withdrawals as public ledger events, names in many languages with
accents. Everything is invented and marked synthetic (``example`` web addresses, "(synthetic)" bodies).

Rows are written in bulk (``writer.Table``), one transaction per batch of clients; each batch appends
its ledger events to the hash chain under the ledger head's lock, hashed exactly as
``isocert.core.ledger`` hashes them, so ``isocert ledger verify`` passes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import multiprocessing
import random
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from isocert.accreditation.models import CertificationBody
from isocert.audits.models import Application, Programme
from isocert.certification.models import Certificate, CertificateSite, Decision
from isocert.clients.models import Client, ClientIdentifier, Site
from isocert.core.models import Event, LedgerHead
from isocert.registry.synth import names as words
from isocert.registry.synth.bodies import SURVEY_2024, Body, bodies, reference
from isocert.registry.synth.ledger import EventRow, events_hashed, rehashed
from isocert.registry.synth.load import bulk_load
from isocert.registry.synth.writer import Table, next_id, sequence_catch_up, timestamp_text
from isocert.registry.text import normalize_number

# Status of the newest revision of a certificate number, in per mille.
LATEST_STATUS = {"active": 760, "suspended": 30, "withdrawn": 100, "expired": 110}
STANDARDS_PER_CLIENT = {1: 80, 2: 15, 3: 4, 4: 1}
PREVIOUS_CYCLES = {0: 70, 1: 20, 2: 7, 3: 3}
SCOPE_CHANGES = {0: 90, 1: 8, 2: 2}
SITES_PER_CLIENT = {1: 70, 2: 15, 3: 6, 4: 4, 6: 3, 12: 2}
CONFIDENTIAL_PER_MILLE = 8
# No certificate of a standard before it existed (ISO 45001: published 2018-03-12).
FIRST_ISSUE = {"ISO 45001": dt.date(2018, 3, 20).toordinal(), "": dt.date(2009, 1, 5).toordinal()}
SUSPENSION_REASONS = [
    "Surveillance audit not carried out in time",
    "Major nonconformity not corrected in time",
    "At the client's request",
    "Misuse of the certificate or certification mark",
]
WITHDRAWAL_REASONS = [
    "At the client's request",
    "Suspension not resolved within the time set",
    "Client ceased trading",
    "Contract ended",
]
SCOPE_TEXT = {
    "metal": "Manufacture of fabricated metal products and steel structures",
    "precision": "Machining and assembly of precision components",
    "machinery": "Design, manufacture and servicing of industrial machinery",
    "electrical": "Installation and maintenance of electrical systems",
    "electronics": "Design and manufacture of electronic assemblies",
    "construction": "Construction of buildings and civil engineering works",
    "plastics": "Injection moulding and extrusion of plastic products",
    "chemicals": "Production of chemical products and coatings",
    "food": "Production and distribution of food products",
    "logistics": "Road transport, warehousing and logistics services",
    "software": "Development, operation and support of software and IT services",
    "engineering": "Engineering design and technical consultancy",
    "consulting": "Management consultancy and business services",
    "printing": "Printing and print finishing",
    "textiles": "Manufacture of textiles and garments",
    "health": "Provision of health and care services",
    "trade": "Wholesale and distribution of industrial goods",
    "automotive": "Manufacture of vehicle components",
    "packaging": "Manufacture of paper and board packaging",
    "cleaning": "Cleaning and facility services",
    "energy": "Generation and supply of electricity",
    "water": "Water treatment and supply",
    "recycling": "Collection, sorting and recycling of waste",
    "furniture": "Manufacture and installation of furniture and interiors",
    "pharma": "Manufacture of pharmaceutical products",
    "glass": "Manufacture of glass and ceramic products",
    "concrete": "Production of ready-mixed concrete and precast elements",
    "hotel": "Hotel and catering services",
    "education": "Vocational training and education services",
    "wood": "Sawmilling and manufacture of wood products",
}


@dataclass
class SynthOptions:
    certificates: int
    seed: int = 1
    cb_count: int | None = None
    batch_clients: int = 10_000
    jobs: int = 1
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class SynthResult:
    certificates: int = 0
    clients: int = 0
    sites: int = 0
    events: int = 0
    certification_bodies: int = 0
    by_standard: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    client_ids: list[int] = field(default_factory=list)
    body_seq: dict[int, int] = field(default_factory=dict)


def _weighted(table: dict[Any, int]) -> tuple[list[Any], list[float]]:
    keys = list(table)
    return keys, list(itertools.accumulate(table[k] for k in keys))


class _Picker:
    """Fast weighted choice from precomputed cumulative weights."""

    def __init__(self, rng: random.Random, keys: list[Any], cum: list[float]) -> None:
        self.rng, self.keys, self.cum, self.total = rng, keys, cum, cum[-1]

    def __call__(self) -> Any:
        return self.keys[bisect.bisect(self.cum, self.rng.random() * self.total)]


def _zipf(rng: random.Random, items: list[Any], skew: float = 0.8) -> _Picker:
    cum = list(itertools.accumulate(1 / (i + 1) ** skew for i in range(len(items))))
    return _Picker(rng, items, cum)


class _Dates:
    """Calendar arithmetic on day ordinals with cached ISO texts (millions of dates, few values)."""

    def __init__(self) -> None:
        self._iso: dict[int, str] = {}
        self._plus3: dict[int, int] = {}

    def iso(self, day: int) -> str:
        text = self._iso.get(day)
        if text is None:
            text = self._iso[day] = dt.date.fromordinal(day).isoformat()
        return text

    def cycle_end(self, start: int) -> int:
        """Expiry of a 3-year cycle that starts on ``start`` (the day before the 3rd anniversary)."""
        end = self._plus3.get(start)
        if end is None:
            d = dt.date.fromordinal(start)
            try:
                anniversary = d.replace(year=d.year + 3)
            except ValueError:  # 29 February
                anniversary = d.replace(year=d.year + 3, day=28)
            end = self._plus3[start] = anniversary.toordinal() - 1
        return end

    def minus_years(self, day: int, years: int) -> int:
        d = dt.date.fromordinal(day)
        try:
            return d.replace(year=d.year - years).toordinal()
        except ValueError:
            return d.replace(year=d.year - years, day=28).toordinal()


class _Names:
    """Organisation names in many styles; returns (name, country, sector, language)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        styles = []
        weights = []
        for key, style in words.STYLES.items():
            countries = cast(dict[str, int], style["countries"])
            styles.append(key)
            weights.append(sum(countries.values()))
        self.style = _Picker(rng, styles, list(itertools.accumulate(weights)))
        self.country = {
            k: _Picker(rng, *_weighted(cast(dict[str, int], s["countries"])))
            for k, s in words.STYLES.items()
        }
        self.surname = {k: _zipf(rng, cast(list[str], s["names"])) for k, s in words.STYLES.items()}
        sectors = {k: w for k, (_code, w) in words.SECTORS.items()}
        self.sector = _Picker(rng, *_weighted(sectors))

    def __call__(self) -> tuple[str, str, str, str]:
        rng = self.rng
        key = self.style()
        style = words.STYLES[key]
        country = self.country[key]()
        lang = cast(dict[str, str], style.get("lang_by_country", {})).get(
            country, cast(str, style["lang"])
        )
        sector = self.sector()
        trade = words.TRADE.get(lang, {}).get(sector) or words.TRADE["en"][sector]
        surname = self.surname[key]
        s, s2 = surname(), surname()
        while s2 == s:
            s2 = surname()
        brand = s
        if style.get("brand_parts"):
            brand = s + s2.lower()
        places = cast(list[str], style.get("places") or words.CITIES[country])
        forms = cast(dict[str, list[str]], style.get("form_by_country", {})).get(country) or cast(
            list[str], style["forms"]
        )
        pattern = rng.choice(cast(list[str], style["patterns"]))
        name = pattern.format(
            s=s, s2=s2, b=brand, p=rng.choice(places), t=rng.choice(trade), f=rng.choice(forms)
        )
        return " ".join(name.replace(" ,", ",").split()), country, sector, lang


class SyntheticRegistry:
    """Generates and writes the registry batch by batch (see ``run``)."""

    def __init__(self, options: SynthOptions) -> None:
        self.o = options
        self.rng = random.Random(options.seed)
        self.dates = _Dates()
        self.today = options.today.toordinal()
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.now_text = timestamp_text(self.now)
        self.ids: dict[str, int] = {}
        self.chain: tuple[int, str] = (0, "")
        self.result = SynthResult()
        total = sum(SURVEY_2024.values())
        self.share = {code: n / total for code, n in SURVEY_2024.items()}
        self.std_count: Counter[str] = Counter()
        self.status_pick = _Picker(self.rng, *_weighted(LATEST_STATUS))
        self.standards_pick = _Picker(self.rng, *_weighted(STANDARDS_PER_CLIENT))
        self.cycles_pick = _Picker(self.rng, *_weighted(PREVIOUS_CYCLES))
        self.changes_pick = _Picker(self.rng, *_weighted(SCOPE_CHANGES))
        self.sites_pick = _Picker(self.rng, *_weighted(SITES_PER_CLIENT))
        self.names = _Names(self.rng)
        self.tables = {
            "client": Table(
                Client,
                ["id", "created_at", "updated_at", "certification_body_id", "name",
                 "legal_name", "country", "website", "confidential"],
            ),
            "ident": Table(ClientIdentifier, ["id", "client_id", "scheme", "value", "validated"]),
            "site": Table(
                Site,
                ["id", "created_at", "updated_at", "client_id", "name", "street", "city",
                 "postcode", "country", "personnel", "activities", "is_central_function",
                 "is_virtual"],
            ),
            "application": Table(
                Application,
                ["id", "created_at", "updated_at", "certification_body_id", "client_id", "kind",
                 "status", "scope", "personnel"],
            ),
            "programme": Table(
                Programme,
                ["id", "created_at", "updated_at", "certification_body_id", "client_id",
                 "application_id", "cycle_number", "cycle_start", "expiry_date", "status"],
            ),
            "decision": Table(
                Decision,
                ["id", "created_at", "updated_at", "certification_body_id", "client_id",
                 "programme_id", "kind", "outcome", "decided_by_id", "decided_on", "notes"],
            ),
            "certificate": Table(
                Certificate,
                ["id", "created_at", "updated_at", "certification_body_id", "client_id",
                 "programme_id", "decision_id", "number", "revision", "lookup_key", "status",
                 "standard_id", "edition_id", "scope", "original_issue_date", "issue_date",
                 "effective_date", "expiry_date", "cycle_start", "supersedes_id", "suspended_on",
                 "suspension_reason", "suspension_deadline", "withdrawn_on", "status_reason"],
            ),
            "cert_code": Table(
                Certificate.iaf_codes.through, ["id", "certificate_id", "iafcode_id"]
            ),
            "cert_site": Table(CertificateSite, ["id", "certificate_id", "site_id", "scope"]),
            "event": Table(
                Event,
                ["seq", "occurred_at", "actor_id", "actor_label", "certification_body_id", "kind",
                 "object_type", "object_id", "before", "after", "reason", "public", "prev_hash",
                 "hash"],
            ),
        }  # fmt: skip

    # --- set-up ---------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Reference data, bodies and the synthetic decision maker (ORM: few rows)."""
        self.ref = reference()
        count = self.o.cb_count or max(5, min(300, self.o.certificates // 20_000))
        with transaction.atomic():
            self.bodies = bodies(self.rng, count, self.ref)
            user_model = get_user_model()
            user, created = user_model.objects.get_or_create(
                username="synth-decider", defaults={"is_active": False}
            )
            if created:
                user.set_unusable_password()
                user.save()
        self.decider_id = user.pk
        self.result.certification_bodies = len(self.bodies)
        self.body_cum_by_country: dict[str, list[float]] = {}
        self.body_weight = [1 / (i + 1) ** 0.9 for i in range(len(self.bodies))]

    def _body_for(self, country: str) -> Body:
        cum = self.body_cum_by_country.get(country)
        if cum is None:
            cum = self.body_cum_by_country[country] = list(
                itertools.accumulate(
                    w * (4 if b.country == country else 1)
                    for w, b in zip(self.body_weight, self.bodies, strict=True)
                )
            )
        return self.bodies[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def _standards(self, k: int) -> list[str]:
        """``k`` distinct standards, drawn so that the totals keep the survey's proportions."""
        chosen: list[str] = []
        n = sum(self.std_count.values()) + 1
        for _ in range(k):
            options = [c for c in SURVEY_2024 if c not in chosen]
            weights = [
                max(self.share[c] * (n + len(chosen)) - self.std_count[c], 0) + self.share[c] * 1e-3
                for c in options
            ]
            chosen.append(self.rng.choices(options, weights)[0])
        return chosen

    def _edition(self, code: str, issued: int) -> int:
        """The newest edition published on or before the day this revision was issued."""
        eds = self.ref.editions[code]
        best = eds[0][2]
        for published, _year, edition_id in eds:
            if published <= issued:
                best = edition_id
        return best

    # --- one batch ------------------------------------------------------------------------------

    def _generate(self, clients: int, budget: int) -> _Batch:
        """The rows of ``clients`` clients (at most ``budget`` certificate rows); no database."""
        rng = self.rng
        dates = self.dates
        iso = dates.iso
        today = self.today
        now = self.now_text
        ids = self.ids
        first_ids = dict(ids)
        rows: dict[str, list[tuple[Any, ...]]] = {key: [] for key in self.tables}
        events: list[EventRow] = []
        by_standard: Counter[str] = Counter()
        by_status: Counter[str] = Counter()
        client_ids: list[int] = []
        written = 0
        for _ in range(clients):
            if written >= budget:
                break
            name, country, sector, _lang = self.names()
            body = self._body_for(country)
            client_id = ids["client"]
            ids["client"] += 1
            confidential = rng.randrange(1000) < CONFIDENTIAL_PER_MILLE
            rows["client"].append(
                (client_id, now, now, body.pk, name, name, country, "", confidential)
            )
            # VAT numbers and registration numbers: unique by construction (a bijection of the id).
            vat = f"{country}{(client_id * 7_919_993 + 12_345) % 1_000_000_000:09d}"
            rows["ident"].append((ids["ident"], client_id, "vat", vat, False))
            ids["ident"] += 1
            if rng.random() < 0.4:
                reg = f"{(client_id * 4_398_047 + 777) % 100_000_000:08d}"
                rows["ident"].append((ids["ident"], client_id, "company", reg, False))
                ids["ident"] += 1
            cities = words.CITIES[country]
            site_ids = []
            for s in range(self.sites_pick()):
                site_ids.append(ids["site"])
                city = cities[0] if s == 0 and rng.random() < 0.3 else rng.choice(cities)
                rows["site"].append(
                    (ids["site"], now, now, client_id, "Head office" if s == 0 else f"Site {s + 1}",
                     f"{rng.randint(1, 250)} Industrial Road", city,
                     f"{rng.randint(1000, 99999)}", country, rng.choice((8, 15, 30, 60, 120, 400)),
                     "", s == 0, False)
                )  # fmt: skip
                ids["site"] += 1
            scope = SCOPE_TEXT[sector]
            code_main = words.SECTORS[sector][0]
            application_id, programme_id, decision_id = (
                ids["application"],
                ids["programme"],
                ids["decision"],
            )
            ids["application"] += 1
            ids["programme"] += 1
            ids["decision"] += 1
            first_issue = today
            for std in self._standards(self.standards_pick()):
                std_id, uses_codes, part = self.ref.standards[std]
                status = self.status_pick()
                # Latest cycle: active/suspended ones are current, expired ones ended in the past.
                if status in ("active", "suspended"):
                    end = today + rng.randrange(1, 3 * 365)
                elif status == "expired":
                    end = today - rng.randrange(1, 5 * 365)
                else:
                    end = today - rng.randrange(-2 * 365, 4 * 365)
                start = dates.minus_years(end + 1, 3)
                floor = FIRST_ISSUE.get(std, FIRST_ISSUE[""])
                if start < floor:  # the standard did not exist yet: its first cycle starts later
                    start = floor + rng.randrange(0, 200)
                    end = dates.cycle_end(start)
                    if status in ("active", "suspended", "expired"):
                        status = "expired" if end < today else "active"
                cycles = self.cycles_pick()
                while cycles and dates.minus_years(start, 3 * cycles) < floor:
                    cycles -= 1
                changes = self.changes_pick()
                if written + 1 + cycles + changes > budget:  # the run's last rows: keep it exact
                    cycles = changes = 0
                original = dates.minus_years(start, 3 * cycles)
                # Revision dates: renewals at each cycle start, then scope changes in this cycle.
                issues = [dates.minus_years(start, 3 * j) for j in range(cycles, -1, -1)]
                kinds = ["certificate.issued"] + ["certificate.renewed"] * cycles
                for _c in range(changes):
                    lo, hi = issues[-1] + 30, min(end, today) - 30
                    if hi > lo:
                        issues.append(rng.randrange(lo, hi))
                        kinds.append(
                            rng.choice(("certificate.scope_extended", "certificate.scope_reduced"))
                        )
                first_issue = min(first_issue, original)
                body_seq = body.seq
                body.seq += 1
                number = f"{body.acronym}-{part}-{body_seq:06d}"
                codes: list[int] = []
                if uses_codes:
                    codes = [code_main]
                    while rng.random() < 0.22 and len(codes) < 3:
                        extra = rng.choice(self.ref.codes)
                        if extra not in codes:
                            codes.append(extra)
                    if rng.random() < 0.9:
                        codes = [c for c in codes if c in body.covered] or [
                            rng.choice(sorted(body.covered))
                        ]
                previous: int | None = None
                last = len(issues) - 1
                for rev, issued in enumerate(issues):
                    cert_id = ids["certificate"]
                    ids["certificate"] += 1
                    if rev < cycles:  # an earlier cycle, ended by the renewal that followed it
                        cycle_start, expiry = issued, dates.cycle_end(issued)
                    else:
                        cycle_start, expiry = start, end
                    printed = number if rev == 0 else f"{number}-R{rev}"
                    rev_status = "superseded" if rev < last else status
                    suspended_on = deadline = withdrawn_on = None
                    suspension_reason = status_reason = ""
                    cert_events: list[tuple[int, str, str, str, str]] = []
                    cert_events.append((issued, kinds[rev], "draft", "active", ""))
                    if rev == last:
                        room = max(min(today, end) - issued, 2)
                        if status == "suspended":
                            day = today - rng.randrange(1, min(room, 170))
                            suspended_on, deadline = day, day + 182
                            suspension_reason = rng.choice(SUSPENSION_REASONS)
                            cert_events.append(
                                (day, "certificate.suspended", "active", "suspended", "")
                            )
                        elif status == "withdrawn":
                            day = issued + rng.randrange(1, room)
                            withdrawn_on = day
                            status_reason = rng.choice(WITHDRAWAL_REASONS)
                            if rng.random() < 0.4 and day - issued > 60:
                                s_day = day - rng.randrange(20, 60)
                                suspended_on = s_day
                                cert_events.append(
                                    (s_day, "certificate.suspended", "active", "suspended", "")
                                )
                                cert_events.append(
                                    (day, "certificate.withdrawn", "suspended", "withdrawn", "")
                                )
                            else:
                                cert_events.append(
                                    (day, "certificate.withdrawn", "active", "withdrawn", "")
                                )
                        elif status == "expired":
                            cert_events.append(
                                (end + 1, "certificate.expired", "active", "expired", "")
                            )
                        elif rng.random() < 0.04 and room > 200:
                            s_day = issued + rng.randrange(30, room - 150)
                            cert_events.append(
                                (s_day, "certificate.suspended", "active", "suspended", "")
                            )
                            cert_events.append(
                                (
                                    s_day + rng.randrange(20, 120),
                                    "certificate.restored",
                                    "suspended",
                                    "active",
                                    "",
                                )
                            )
                    else:
                        cert_events.append(
                            (issues[rev + 1], "certificate.superseded", "active", "superseded", "")
                        )
                    rows["certificate"].append(
                        (cert_id, now, now, body.pk, client_id, programme_id, decision_id, number,
                         rev, normalize_number(printed), rev_status, std_id,
                         self._edition(std, issued), scope, iso(original), iso(issued), iso(issued),
                         iso(expiry), iso(cycle_start), previous,
                         iso(suspended_on) if suspended_on else None, suspension_reason,
                         iso(deadline) if deadline else None,
                         iso(withdrawn_on) if withdrawn_on else None, status_reason)
                    )  # fmt: skip
                    for code in codes:
                        rows["cert_code"].append((ids["cert_code"], cert_id, code))
                        ids["cert_code"] += 1
                    for site_id in site_ids:
                        rows["cert_site"].append((ids["cert_site"], cert_id, site_id, scope))
                        ids["cert_site"] += 1
                    for day, kind, before, after, _reason in cert_events:
                        # A revision is superseded first thing on the day its successor is issued.
                        minute = 7 * 60 if after == "superseded" else rng.randrange(8 * 60, 18 * 60)
                        events.append(
                            (f"{iso(day)} {minute // 60:02d}:{minute % 60:02d}:00", body.pk, kind,
                             str(cert_id), before, after, number, rev)
                        )  # fmt: skip
                    previous = cert_id
                    written += 1
                    by_standard[std] += 1
                    self.std_count[std] += 1
                    by_status[rev_status] += 1
                if written >= budget:
                    break
            rows["application"].append(
                (application_id, now, now, body.pk, client_id, "initial", "accepted", scope,
                 rng.choice((8, 15, 30, 60, 120, 400)))
            )  # fmt: skip
            rows["programme"].append(
                (programme_id, now, now, body.pk, client_id, application_id, 1,
                 iso(first_issue), iso(dates.cycle_end(first_issue)), "active")
            )  # fmt: skip
            rows["decision"].append(
                (decision_id, now, now, body.pk, client_id, programme_id, "grant", "granted",
                 self.decider_id, iso(first_issue), "Synthetic certification decision")
            )  # fmt: skip
            client_ids.append(client_id)
        events.sort(key=lambda e: e[0])
        first_seq, prev_hash = self.chain[0] + 1, self.chain[1]
        rows["event"], last_seq, last_hash = events_hashed(
            events, start_seq=first_seq, prev_hash=prev_hash
        )
        if rows["event"]:
            self.chain = (last_seq, last_hash)
        return _Batch(
            rows=rows,
            written=written,
            first_ids=first_ids,
            first_seq=first_seq,
            prev_hash=prev_hash,
            by_standard=by_standard,
            by_status=by_status,
            client_ids=client_ids,
            body_seq={b.pk: b.seq for b in self.bodies},
        )

    def _write(self, batch: _Batch) -> None:
        """Insert one batch in one transaction, its events chained onto the ledger's head."""
        with transaction.atomic():
            for key, table in self.tables.items():
                if key != "event" and next_id(table.model) > batch.first_ids[key]:
                    raise SynthConflict(
                        f"someone else wrote to {table.name} during isocert synth; "
                        "run it while nothing else writes to the database"
                    )
            head, _created = LedgerHead.objects.select_for_update().get_or_create(pk=1)
            events = batch.rows["event"]
            if events and (head.last_seq + 1, head.last_hash) != (
                batch.first_seq,
                batch.prev_hash,
            ):
                # another writer appended to the ledger meanwhile: chain this batch after it
                events = rehashed(events, start_seq=head.last_seq + 1, prev_hash=head.last_hash)
            for key, table in self.tables.items():
                table.insert(events if key == "event" else batch.rows[key])
                if key != "event":
                    sequence_catch_up(table.model)
            if events:
                head.last_seq, head.last_hash = events[-1][0], events[-1][-1]
                head.save(update_fields=["last_seq", "last_hash"])
        r = self.result
        r.certificates += batch.written
        r.clients += len(batch.client_ids)
        r.sites += len(batch.rows["site"])
        r.events += len(events)
        r.by_standard.update(batch.by_standard)
        r.by_status.update(batch.by_status)
        r.client_ids.extend(batch.client_ids)
        r.body_seq.update(batch.body_seq)

    # --- the whole run --------------------------------------------------------------------------

    def _batches(self) -> Iterator[_Batch]:
        remaining = self.o.certificates
        while remaining > 0:
            batch = self._generate(max(1, min(self.o.batch_clients, remaining)), remaining)
            remaining -= batch.written
            yield batch

    def run(self, progress: Callable[[int], None] = lambda n: None) -> SynthResult:
        """Write ``certificates`` certificate rows; ``progress(n)`` after each batch.

        With ``jobs`` > 1 a second process generates the batches while this one writes them
        (generation and writing each take about half of the time).
        """
        self.prepare()
        with transaction.atomic():
            self.ids = {key: next_id(t.model) for key, t in self.tables.items() if key != "event"}
            head, _created = LedgerHead.objects.get_or_create(pk=1)
            self.chain = (head.last_seq, head.last_hash)
        batches = _produced(self) if self.o.jobs > 1 else self._batches()
        with bulk_load([t.name for t in self.tables.values()]):
            for batch in batches:
                self._write(batch)
                progress(batch.written)
            with transaction.atomic():
                for body in self.bodies:
                    CertificationBody.objects.filter(pk=body.pk).update(
                        next_certificate_seq=self.result.body_seq.get(body.pk, body.seq)
                    )
        return self.result


class SynthConflict(RuntimeError):
    """Another writer used keys that ``isocert synth`` had planned to use."""


@dataclass
class _Batch:
    rows: dict[str, list[tuple[Any, ...]]]
    written: int
    first_ids: dict[str, int]
    first_seq: int
    prev_hash: str
    by_standard: Counter[str]
    by_status: Counter[str]
    client_ids: list[int]
    body_seq: dict[int, int]


def _produce(builder: SyntheticRegistry, queue: Any) -> None:
    """The generator process: batches into the queue, then ``None`` (or the error's text)."""
    try:
        for batch in builder._batches():
            queue.put(batch)
        queue.put(None)
    except BaseException:  # report any failure to the writing process, which raises it
        queue.put(traceback.format_exc())


def _produced(builder: SyntheticRegistry) -> Iterator[_Batch]:
    """Batches generated by a second process (forked now), at most three waiting at a time.

    Call it before the bulk-load settings: the database connection is closed for the fork (the
    child must not share it), and the next one starts with the usual settings.
    """
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=3)
    if not connection.in_atomic_block:
        connection.close()
    process = context.Process(target=_produce, args=(builder, queue), daemon=True)
    process.start()
    return _drained(queue, process)


def _drained(queue: Any, process: Any) -> Iterator[_Batch]:
    try:
        while True:
            item = queue.get()
            if item is None:
                break
            if isinstance(item, str):
                raise RuntimeError(f"the synth generator failed:\n{item}")
            yield item
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=10)
