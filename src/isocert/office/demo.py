"""The demonstration data set behind ``isocert demo``.

Two accreditation bodies, three certification bodies and (by default) sixty clients whose last four
years are replayed through the real services: application and contract review, stage 1 and stage 2
with qualified teams, findings with responses, accepted plans and verifications, technical review,
certification decision, the cycle's surveillance audits with their maintain decisions, and
recertification. Every write of a certification record goes through the services, so the ledger
verifies. Dates are relative to today, so the dashboard always has work: audits due and overdue,
certificates expiring, suspensions to resolve.

What no service can create is made the way an installation is set up: the accreditation bodies, the
certification bodies and the accreditation-body member (there is no service for them), and the demo
password (one Argon2 hash, computed once, shared by every demo account).

Some services stamp "now" on an act, or refuse a date before today, and take no date argument; the
history then carries today's date there, the way a body importing its records would show the import
day: ``certificate_issue`` (issue date), ``certificate_suspend`` and ``certificate_withdraw``
(suspended/withdrawn today), ``finding_respond`` (the action due date cannot be in the past),
``application_review``, ``audit_complete``, ``finding_accept_plan`` (review, report and acceptance
times), ``certificate_transfer_in`` (effective today) and ``ledger_append`` (every event is recorded
now). The historical dates the services do take (audit dates, verification, review and decision
dates, cycle start) are the real ones.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import string
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from stdnum.iso7064 import mod_97_10

from isocert.accreditation.models import AccreditationBody, CertificationBody
from isocert.accreditation.services import accredited_scope_add
from isocert.audits import services as audits
from isocert.audits.choices import (
    ApplicationKind,
    AuditKind,
    AuditRecommendation,
    AuditStatus,
    FindingKind,
    TeamRole,
)
from isocert.audits.models import Application, Audit, Finding, Programme
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.catalog.services import catalog_sync
from isocert.certification import services as certification
from isocert.certification.choices import CertificateStatus, DecisionKind
from isocert.certification.models import Certificate, Decision
from isocert.clients import services as clients
from isocert.clients.choices import IdentifierScheme
from isocert.clients.models import Client, Site
from isocert.core.models import Event
from isocert.core.permissions import Actor, actor_for
from isocert.people import services as people
from isocert.people.choices import ConflictKind, QualificationLevel, Role
from isocert.people.models import AccreditationBodyMember
from isocert.people.permissions import system_actor
from isocert.registry.services import search_index_refresh
from isocert.rules.dates import add_months

PASSWORD = "demo-isocert-2026"  # noqa: S105 - a published demo password, not a secret
"""The one password of every demo account (printed by ``isocert demo``)."""
DEFAULT_CLIENTS = 60
MIN_CLIENTS = 12
"""The fewest clients that still give every certificate state (the first stories of ``COVERAGE``)."""
DEFAULT_SEED = 2026

QMS, EMS, OHS = "ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018"
MD5 = (QMS, EMS, OHS)
ISMS = "ISO/IEC 27001:2022"

# --------------------------------------------------------------------------------------------------
# The bodies and their people
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    key: str
    first: str
    last: str
    role: str
    level: str = ""
    standards: tuple[str, ...] = ()
    codes: tuple[int, ...] = ()  # empty: every IAF code of the body's accreditation


@dataclass(frozen=True)
class AbSpec:
    name: str
    acronym: str
    country: str
    website: str


@dataclass(frozen=True)
class CbSpec:
    name: str
    acronym: str
    country: str
    address: str
    website: str
    ab: str
    accreditation_number: str
    codes: tuple[int, ...]
    isms_codes: tuple[int, ...]
    countries: tuple[str, ...]
    domain: str
    staff: tuple[Person, ...]

    @property
    def prefix(self) -> str:
        return self.acronym.lower()

    def username(self, key: str) -> str:
        return f"{self.prefix}.{key}"


LEAD, AUDITOR, EXPERT = (
    QualificationLevel.LEAD_AUDITOR,
    QualificationLevel.AUDITOR,
    QualificationLevel.TECHNICAL_EXPERT,
)

ACCREDITATION_BODIES = (
    AbSpec("Albion Accreditation Service", "AAS", "GB", "https://aas.example"),
    AbSpec("Kontinentale Akkreditierungsstelle", "KAS", "DE", "https://kas.example"),
)

BODIES = (
    CbSpec(
        name="Northgate Certification Ltd",
        acronym="NGC",
        country="GB",
        address="14 Wharf Road, Leeds LS1 4AP, United Kingdom",
        website="https://northgate-cert.example",
        ab="AAS",
        accreditation_number="AAS 0417",
        codes=(14, 17, 18, 19, 28, 29, 31, 33, 34, 35),
        isms_codes=(33, 35),
        countries=("GB", "GB", "GB", "GB", "IE", "NL"),
        domain="northgate-cert.example",
        staff=(
            Person("admin", "Helen", "Marsh", Role.CB_ADMIN),
            Person("planner", "Tom", "Okafor", Role.SCHEME_MANAGER),
            Person("lead", "Priya", "Shah", Role.LEAD_AUDITOR, LEAD, MD5),
            Person("lead2", "Gareth", "Evans", Role.LEAD_AUDITOR, LEAD, MD5),
            Person("lead3", "Aoife", "Byrne", Role.LEAD_AUDITOR, LEAD, (QMS, EMS)),
            Person("auditor", "Sam", "Whitfield", Role.AUDITOR, AUDITOR, MD5),
            Person("auditor2", "Nadia", "Kowalski", Role.AUDITOR, AUDITOR, (QMS,)),
            Person("expert", "Martin", "Doyle", Role.TECHNICAL_EXPERT, EXPERT, (QMS,), (28, 34)),
            Person("reviewer", "Ruth", "Adeyemi", Role.TECHNICAL_REVIEWER),
            Person("decider", "James", "Whitaker", Role.DECISION_MAKER),
        ),
    ),
    CbSpec(
        name="Lakeshore Registrar Inc.",
        acronym="LSR",
        country="US",
        address="200 Lakeside Avenue, Cleveland, OH 44114, United States",
        website="https://lakeshore-registrar.example",
        ab="AAS",
        accreditation_number="AAS 0532",
        codes=(17, 18, 19, 29, 31, 33, 35),
        isms_codes=(),
        countries=("US", "US", "US", "CA", "CA", "MX"),
        domain="lakeshore-registrar.example",
        staff=(
            Person("admin", "Dana", "Kowalczyk", Role.CB_ADMIN),
            Person("planner", "Luis", "Ortega", Role.SCHEME_MANAGER),
            Person("lead", "Karen", "Mitchell", Role.LEAD_AUDITOR, LEAD, MD5),
            Person("lead2", "Ahmed", "Farouk", Role.LEAD_AUDITOR, LEAD, MD5),
            Person("auditor", "Jenna", "Park", Role.AUDITOR, AUDITOR, (QMS, EMS)),
            Person("reviewer", "Robert", "Lindqvist", Role.TECHNICAL_REVIEWER),
            Person("decider", "Michelle", "Tran", Role.DECISION_MAKER),
        ),
    ),
    CbSpec(
        name="Rheinwerk Zertifizierung GmbH",
        acronym="RWZ",
        country="DE",
        address="Hafenstraße 9, 50678 Köln, Deutschland",
        website="https://rheinwerk-zert.example",
        ab="KAS",
        accreditation_number="D-ZM-1187",
        codes=(12, 14, 17, 18, 22, 28, 34),
        isms_codes=(),
        countries=("DE", "DE", "DE", "AT", "CH", "PL"),
        domain="rheinwerk-zert.example",
        staff=(
            Person("admin", "Katrin", "Vogel", Role.CB_ADMIN),
            Person("planner", "Jonas", "Becker", Role.SCHEME_MANAGER),
            Person("lead", "Stefan", "Hoffmann", Role.LEAD_AUDITOR, LEAD, MD5),
            Person("lead2", "Elif", "Yilmaz", Role.LEAD_AUDITOR, LEAD, MD5),
            Person("auditor", "Lukas", "Brandt", Role.AUDITOR, AUDITOR, MD5),
            Person("reviewer", "Monika", "Schulz", Role.TECHNICAL_REVIEWER),
            Person("decider", "Andreas", "Krüger", Role.DECISION_MAKER),
        ),
    ),
)
MARKER = BODIES[0].acronym
"""The demo is loaded when the first certification body exists."""
AB_USER = "aas.assessor"
CLIENT_USER = "demo.client"

# --------------------------------------------------------------------------------------------------
# What clients do, where they are, what auditors find
# --------------------------------------------------------------------------------------------------

SECTORS: dict[int, tuple[tuple[str, ...], str]] = {
    12: (("Coatings", "Chemie", "Adhesives"), "Manufacture of industrial coatings and adhesives"),
    14: (
        ("Plastics", "Polymers", "Moulding"),
        "Injection moulding of technical plastic components",
    ),
    17: (("Metalworks", "Steel", "Fabrications"), "Fabrication and machining of steel components"),
    18: (("Pumps", "Machinery", "Valves"), "Design and manufacture of industrial pumps and valves"),
    19: (("Electronics", "Controls", "Instruments"), "Design and assembly of electronic controls"),
    22: (("Rail Systems", "Fahrzeugtechnik", "Mobility"), "Manufacture of rail vehicle components"),
    28: (("Construction", "Builders", "Civil Engineering"), "Building and civil engineering works"),
    29: (("Distribution", "Supplies", "Trading"), "Wholesale distribution of industrial supplies"),
    31: (("Logistics", "Freight", "Haulage"), "Warehousing, storage and road haulage"),
    33: (("Software", "Digital", "IT Services"), "Software development and managed IT services"),
    34: (("Engineering", "Design", "Consulting Engineers"), "Engineering design and consultancy"),
    35: (("Facility Services", "Cleaning", "Workplace Services"), "Facilities management services"),
}
NAMES = (
    "Albion", "Harbour", "Northfield", "Kestrel", "Granite", "Meridian", "Bramble", "Oakridge",
    "Riverside", "Summit", "Beacon", "Foxhill", "Lakeland", "Ironbridge", "Westmoor", "Copperleaf",
    "Highgate", "Stonebrook", "Evergreen", "Pioneer", "Bluewater", "Redwood", "Silverline",
    "Thornbury", "Ashford", "Larchmont", "Nordstern", "Falkenberg", "Weserland", "Alpenblick",
)  # fmt: skip
SUFFIX = {
    "GB": "Ltd", "IE": "Ltd", "NL": "B.V.", "US": "Inc.", "CA": "Ltd.", "MX": "S.A. de C.V.",
    "DE": "GmbH", "AT": "GmbH", "CH": "AG", "PL": "Sp. z o.o.",
}  # fmt: skip
CITIES = {
    "GB": ("Leeds", "Sheffield", "Bristol", "Manchester", "Glasgow", "Cardiff", "Norwich", "Derby"),
    "IE": ("Cork", "Galway", "Limerick"),
    "NL": ("Eindhoven", "Utrecht", "Tilburg"),
    "US": ("Cleveland", "Columbus", "Pittsburgh", "Detroit", "Milwaukee", "Buffalo"),
    "CA": ("Hamilton", "Mississauga", "Windsor", "Kitchener"),
    "MX": ("Monterrey", "Querétaro", "Saltillo"),
    "DE": ("Köln", "Dortmund", "Stuttgart", "Leipzig", "Bremen", "Mannheim"),
    "AT": ("Linz", "Graz", "Wels"),
    "CH": ("Basel", "Winterthur", "Aarau"),
    "PL": ("Wrocław", "Poznań", "Gliwice"),
}
FIRST_NAMES = ("Alex", "Chris", "Jo", "Sam", "Robin", "Kim", "Maria", "Daniel", "Eva", "Omar")
LAST_NAMES = ("Fletcher", "Nowak", "Brennan", "Schmidt", "Moreau", "Patel", "García", "Lindberg")
PREVIOUS_BODIES = (
    "Meridian Assurance Ltd",
    "Coastline Quality Registrar",
    "Alpenländische Cert AG",
)

NONCONFORMITIES: dict[str, tuple[tuple[str, str, str], ...]] = {
    QMS: (
        ("7.5.3", "Documented information of external origin is not controlled.",
         "Customer drawing DR-114 rev B in use at cell 3; rev C received last month not issued."),
        ("8.4.1", "The criteria for evaluating external providers are not applied.",
         "Two of five sampled suppliers have no evaluation recorded for the last 12 months."),
        ("7.2", "Competence of people performing final inspection is not demonstrated.",
         "No training record for two inspectors who released batches in week 14."),
        ("9.2.2", "The internal audit programme does not cover every process.",
         "Purchasing and despatch were not audited in the last internal audit cycle."),
        ("10.2.1", "No corrective action was taken on a recurring customer complaint.",
         "Complaint CC-221 closed without a root cause; the same defect recurred in CC-237."),
        ("7.1.5.2", "Measuring equipment used for product acceptance is past its calibration.",
         "Micrometer M-07 was due for calibration in March and was in use in June."),
    ),
    EMS: (
        ("6.1.3", "The register of compliance obligations is not kept up to date.",
         "The amended waste-packaging regulation of last year is not in the register."),
        ("8.2", "The response to a potential spill has not been tested.",
         "No spill drill recorded at the chemical store since the store was moved."),
        ("9.1.2", "The evaluation of compliance was not carried out as planned.",
         "The annual evaluation of compliance scheduled for Q2 has no record."),
    ),
    OHS: (
        ("8.1.2", "Controls for work at height are not implemented as planned.",
         "Roof access on the warehouse used without the permit required by SOP-17."),
        ("5.4", "Consultation of non-managerial workers is not demonstrated.",
         "Safety committee minutes show no worker representative for the last three meetings."),
        ("6.1.2.1", "Hazard identification does not cover contractors' activities.",
         "Maintenance contractor tasks are missing from the hazard register HR-02."),
    ),
}  # fmt: skip
MAJORS = (
    ("9.2", "The internal audit programme has not been implemented: no internal audit was carried "
     "out in the last 12 months.", "Internal audit schedule shows every audit as postponed."),
    ("9.3", "No management review has been carried out since the system was introduced.",
     "No minutes or records of a management review could be produced."),
)  # fmt: skip
OBSERVATIONS = (
    ("9.3", "Management review inputs could use trend data on supplier performance."),
    ("7.4", "Internal communication of objectives relies on notice boards only."),
    ("6.2", "Objectives could be broken down to department level."),
)

# --------------------------------------------------------------------------------------------------
# The stories: which history each client gets
# --------------------------------------------------------------------------------------------------

STANDARD_SETS: dict[str, tuple[str, ...]] = {
    "qms": (QMS,),
    "ems": (EMS,),
    "ohs": (OHS,),
    "qms+ems": (QMS, EMS),
    "integrated": (QMS, EMS, OHS),
}


@dataclass(frozen=True)
class Story:
    kind: str
    body: int
    standards: str
    extra_sites: int = 0
    login: bool = False
    major: bool | None = None  # a major nonconformity at stage 2 (None: by chance)


COVERAGE = (
    Story("active", 0, "integrated", 1, login=True),
    Story("renewed", 0, "qms", 6, major=True),
    Story("transferred", 0, "qms"),
    Story("suspended", 0, "qms+ems"),
    Story("withdrawn", 0, "ohs"),
    Story("expired", 0, "qms"),
    Story("due_soon", 0, "qms", 3),
    Story("expiring", 0, "ems"),
    Story("awaiting_decision", 0, "qms"),
    Story("active", 1, "qms+ems"),
    Story("renewed", 2, "ohs"),
    Story("overdue", 1, "qms"),
    Story("stage2_in_progress", 0, "qms"),
    Story("applied", 0, "qms"),
    Story("stage1_planned", 0, "ems"),
    Story("transferred", 1, "qms"),
    Story("renewed", 0, "integrated"),
    Story("suspended", 2, "qms"),
)
"""Fixed stories first (the first ``MIN_CLIENTS`` give every certificate state); random ones after."""

KIND_WEIGHTS = (
    ("active", 40), ("renewed", 15), ("due_soon", 8), ("expiring", 7), ("expired", 6),
    ("overdue", 4), ("suspended", 4), ("withdrawn", 4), ("transferred", 4),
    ("awaiting_decision", 3), ("stage2_in_progress", 2), ("applied", 2), ("stage1_planned", 1),
)  # fmt: skip
SET_WEIGHTS = (("qms", 55), ("ems", 9), ("ohs", 8), ("qms+ems", 13), ("integrated", 15))
BODY_WEIGHTS = (60, 24, 16)


def stories(count: int, rng: random.Random) -> list[Story]:
    """``count`` stories: the coverage list, then random ones (kind, body, standards, sites)."""
    out = list(COVERAGE[:count])
    while len(out) < count:
        kind = _weighted(rng, KIND_WEIGHTS)
        standards = _weighted(rng, SET_WEIGHTS)
        body = rng.choices(range(len(BODIES)), weights=BODY_WEIGHTS)[0]
        extra = rng.choice((2, 3, 4, 5, 7, 9)) if rng.random() < 0.2 else 0
        if kind == "transferred":
            standards, extra = "qms", 0
        out.append(Story(kind, body, standards, extra))
    return out


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


# --------------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    body: str
    can: str


@dataclass
class DemoResult:
    created: bool
    password: str
    logins: list[Login]
    counts: dict[str, Any]
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "password": self.password,
            "logins": [asdict(login) for login in self.logins],
            "counts": self.counts,
            "seconds": round(self.seconds, 1),
        }


def demo_loaded() -> bool:
    return CertificationBody.objects.filter(acronym=MARKER).exists()


def demo_logins() -> list[Login]:
    """One login per role: the first body's staff, a client user, an assessor, the second admin."""
    first, second = BODIES[0], BODIES[1]
    staff = (
        ("admin", "Certification-body administrator", "everything: people, roles, clients, plans"),
        (
            "planner",
            "Scheme manager / planner",
            "applications, contract review, audit plans, teams",
        ),
        ("lead", "Lead auditor", "runs audits: findings, reports, accepts action plans"),
        ("auditor", "Auditor", "raises findings, verifies corrective actions"),
        ("expert", "Technical expert", "sector knowledge on audit teams; reads the records"),
        ("reviewer", "Technical reviewer", "technical review of audit files"),
        ("decider", "Certification decision maker", "decisions; suspends, restores, withdraws"),
    )
    client = Client.objects.filter(users__user__username=CLIENT_USER).values_list("name", flat=True)
    out = [Login(label, first.username(key), first.acronym, can) for key, label, can in staff]
    out += [
        Login(
            "Client user", CLIENT_USER, client.first() or "", "own organisation; answers findings"
        ),
        Login(
            "Accreditation-body assessor",
            AB_USER,
            ACCREDITATION_BODIES[0].acronym,
            f"the bodies it accredits ({first.acronym}, {second.acronym}): scopes, status",
        ),
        Login(
            "Certification-body administrator",
            second.username("admin"),
            second.acronym,
            "the second body, whose records the first never sees",
        ),
    ]
    return out


def demo_counts() -> dict[str, Any]:
    """What the demo holds: bodies, clients, audits, findings, certificates by status."""
    bodies = CertificationBody.objects.filter(acronym__in=[b.acronym for b in BODIES])
    certs = Certificate.objects.filter(certification_body__in=bodies)
    statuses = dict(certs.values_list("status").annotate(n=Count("pk")))
    audit_rows = dict(
        Audit.objects.filter(certification_body__in=bodies)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    finding_rows = dict(
        Finding.objects.filter(audit__certification_body__in=bodies)
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    integrated = (
        Programme.objects.filter(certification_body__in=bodies)
        .annotate(n=Count("application__standards"))
        .filter(n__gte=3)
        .count()
    )
    return {
        "accreditation_bodies": AccreditationBody.objects.filter(
            acronym__in=[a.acronym for a in ACCREDITATION_BODIES]
        ).count(),
        "certification_bodies": bodies.count(),
        "clients": Client.objects.filter(certification_body__in=bodies).count(),
        "sites": Site.objects.filter(client__certification_body__in=bodies).count(),
        "applications": Application.objects.filter(certification_body__in=bodies).count(),
        "audits": {s.value: audit_rows.get(s.value, 0) for s in AuditStatus},
        "findings": {k.value: finding_rows.get(k.value, 0) for k in FindingKind},
        "decisions": Decision.objects.filter(certification_body__in=bodies).count(),
        "certificates": {s.value: statuses.get(s.value, 0) for s in CertificateStatus},
        "renewed": certs.filter(supersedes__isnull=False).count(),
        "transferred_in": certs.exclude(transferred_from="").count(),
        "multi_site": certs.annotate(n=Count("sites")).filter(n__gt=1).count(),
        "integrated_programmes": integrated,
        "events": Event.objects.count(),
    }


def demo_load(*, clients: int = DEFAULT_CLIENTS, seed: int = DEFAULT_SEED) -> DemoResult:
    """Load the demo, or change nothing when it is already loaded. All or nothing: one transaction.

    Dates are relative to today (the services judge dates against today, so there is no other
    "today" to load it for).
    """
    if clients < MIN_CLIENTS:
        raise ValueError(
            f"the demo needs at least {MIN_CLIENTS} clients to show every certificate state; "
            f"got {clients}"
        )
    started = time.monotonic()
    if demo_loaded():
        return DemoResult(False, PASSWORD, demo_logins(), demo_counts())
    with transaction.atomic():
        _Demo(today=timezone.localdate(), seed=seed).load(clients)
        # the public registry's search index (confidential clients are left out by the service)
        search_index_refresh(client_ids=Client.objects.values_list("pk", flat=True))
    return DemoResult(True, PASSWORD, demo_logins(), demo_counts(), time.monotonic() - started)


# --------------------------------------------------------------------------------------------------
# The loader
# --------------------------------------------------------------------------------------------------


@dataclass
class _Body:
    spec: CbSpec
    cb: CertificationBody
    users: dict[str, Any]
    leads: list[Any]
    auditors: list[Any]
    experts: list[Any]

    def user(self, key: str) -> Any:
        return self.users[key]


@dataclass
class _Case:
    """One client's history as it is being written."""

    body: _Body
    client: Client
    story: Story
    standards: tuple[str, ...]
    code: int
    sites: list[Site]
    responder: Any  # who answers findings for the client (the client's own user, or the planner)
    programme: Programme | None = None
    last_decision: dt.date | None = None
    open_minors: list[tuple[Finding, Any]] = field(default_factory=list)

    @property
    def multi_site(self) -> bool:
        return len(self.sites) > 1


class _Demo:
    def __init__(self, *, today: dt.date, seed: int) -> None:
        self.today = today
        self.rng = random.Random(seed)
        self.actors: dict[int, Actor] = {}
        self.bodies: list[_Body] = []
        self.names: set[str] = set()
        self.usernames: list[str] = []
        self.standards: dict[str, tuple[Standard, Edition]] = {}

    # --- helpers ----------------------------------------------------------------------------------

    def actor(self, user: Any) -> Actor:
        if user.pk not in self.actors:
            self.actors[user.pk] = actor_for(user)
        return self.actors[user.pk]

    def days_ago(self, n: int) -> dt.date:
        return self.today - dt.timedelta(days=n)

    def edition(self, label: str) -> tuple[Standard, Edition]:
        if label not in self.standards:
            code, year = label.rsplit(":", 1)
            ed = Edition.objects.select_related("standard").get(standard__code=code, year=year)
            self.standards[label] = (ed.standard, ed)
        return self.standards[label]

    # --- set-up -----------------------------------------------------------------------------------

    def load(self, count: int) -> None:
        if not Standard.objects.filter(code="ISO 9001").exists():
            catalog_sync()
        hashed = make_password(PASSWORD)
        self._accreditation(hashed)
        for spec in BODIES:
            self.bodies.append(self._body(spec))
        for index, story in enumerate(stories(count, self.rng)):
            self._client(story, index)
        get_user_model().objects.filter(username__in=self.usernames).update(password=hashed)
        certification.tick_run(actor=Actor(user=None), today=self.today)

    def _accreditation(self, hashed: str) -> None:
        # No service creates accreditation or certification bodies or an accreditation body's
        # members: they are set up as an installation is. Scope lines go through the service.
        since = add_months(self.today, -12 * 8)
        abs_ = {
            a.acronym: AccreditationBody.objects.create(
                name=a.name, acronym=a.acronym, country=a.country, website=a.website
            )
            for a in ACCREDITATION_BODIES
        }
        assessors = {}
        for acronym, ab in abs_.items():
            username = f"{acronym.lower()}.assessor"
            user = get_user_model().objects.create(
                username=username,
                email=f"{username}@{acronym.lower()}.example",
                first_name="Assessor",
                last_name=acronym,
                password=hashed,
            )
            AccreditationBodyMember.objects.create(user=user, accreditation_body=ab)
            assessors[acronym] = self.actor(user)
        for spec in BODIES:
            cb = CertificationBody.objects.create(
                name=spec.name,
                acronym=spec.acronym,
                country=spec.country,
                address=spec.address,
                website=spec.website,
                accreditation_body=abs_[spec.ab],
                accreditation_number=spec.accreditation_number,
                accreditation_status_since=since,
            )
            scope_from = add_months(self.today, -12 * 6)
            for label in MD5:
                std, ed = self.edition(label)
                accredited_scope_add(
                    actor=assessors[spec.ab],
                    certification_body=cb,
                    standard=std,
                    edition=ed,
                    iaf_codes=spec.codes,
                    valid_from=max(scope_from, ed.published or scope_from),
                )
            if spec.isms_codes:
                std, ed = self.edition(ISMS)
                accredited_scope_add(
                    actor=assessors[spec.ab],
                    certification_body=cb,
                    standard=std,
                    edition=ed,
                    iaf_codes=spec.isms_codes,
                    valid_from=max(scope_from, ed.published or scope_from),
                )

    def _body(self, spec: CbSpec) -> _Body:
        cb = CertificationBody.objects.get(acronym=spec.acronym)
        system = system_actor(certification_body_id=cb.pk)
        users: dict[str, Any] = {}
        for person in spec.staff:
            username = spec.username(person.key)
            users[person.key] = people.person_add(
                actor=system,
                username=username,
                email=f"{username}@{spec.domain}",
                roles=[person.role],
                first_name=person.first,
                last_name=person.last,
            )
            self.usernames.append(username)
        admin = self.actor(users["admin"])
        qualified_from = add_months(self.today, -12 * 7)
        codes = {c.code: c for c in IafCode.objects.filter(code__in=spec.codes)}
        for person in spec.staff:
            for label in person.standards:
                std, _ed = self.edition(label)
                for code in person.codes or spec.codes:
                    people.qualification_add(
                        actor=admin,
                        person=users[person.key],
                        standard=std,
                        iaf_code=codes[code],
                        level=person.level,
                        valid_from=qualified_from,
                    )
        by_role = {
            role: [users[p.key] for p in spec.staff if p.role == role]
            for role in (Role.LEAD_AUDITOR, Role.AUDITOR, Role.TECHNICAL_EXPERT)
        }
        return _Body(
            spec=spec,
            cb=cb,
            users=users,
            leads=by_role[Role.LEAD_AUDITOR],
            auditors=by_role[Role.AUDITOR],
            experts=by_role[Role.TECHNICAL_EXPERT],
        )

    # --- one client -------------------------------------------------------------------------------

    def _client(self, story: Story, index: int) -> None:
        body = self.bodies[story.body]
        rng = self.rng
        planner = self.actor(body.user("planner"))
        country = body.spec.countries[index % len(body.spec.countries)]
        code = rng.choice([c for c in body.spec.codes if c in SECTORS])
        trades, _scope = SECTORS[code]
        name = self._name(rng.choice(trades), country)
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:24]
        client = clients.client_create(
            actor=planner,
            name=name,
            legal_name=name,
            country=country,
            website=f"https://{slug}.example",
        )
        cities = list(CITIES[country])
        rng.shuffle(cities)
        personnel = rng.choice((14, 22, 35, 48, 65, 90, 130, 180, 260, 420))
        sites = [
            clients.site_add(
                actor=planner,
                client=client,
                name="Head office and works" if not story.extra_sites else "Head office",
                city=cities[0],
                country=country,
                street=f"{rng.randint(1, 180)} {rng.choice(('Mill', 'Station', 'Canal', 'Park'))} Road",
                personnel=personnel,
                activities=_scope,
                is_central_function=True,
            )
        ]
        for n in range(story.extra_sites):
            sites.append(
                clients.site_add(
                    actor=planner,
                    client=client,
                    name=f"Branch {n + 1:02d}",
                    city=cities[(n + 1) % len(cities)],
                    country=country,
                    personnel=rng.choice((8, 12, 18, 25, 40)),
                    activities=_scope,
                )
            )
        clients.contact_add(
            actor=planner,
            client=client,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            email=f"quality@{slug}.example",
            role="Quality manager",
        )
        if rng.random() < 0.4:  # a Legal Entity Identifier (ISO 17442), checked by python-stdnum
            base = (
                "5493" + "00" + "".join(rng.choices(string.ascii_uppercase + string.digits, k=12))
            )
            clients.identifier_add(
                actor=planner,
                client=client,
                scheme=IdentifierScheme.LEI,
                value=base + mod_97_10.calc_check_digits(base),
            )
        responder = planner
        if story.login:
            link = clients.client_user_create(
                actor=planner, client=client, username=CLIENT_USER, email=f"iso@{slug}.example"
            )
            self.usernames.append(CLIENT_USER)
            responder = self.actor(link.user)
        case = _Case(
            body=body,
            client=client,
            story=story,
            standards=STANDARD_SETS[story.standards],
            code=code,
            sites=sites,
            responder=responder,
        )
        if index in (4, 20):  # an impartiality case: a former consultant of this client
            people.conflict_declare(
                actor=self.actor(body.user("admin")),
                person=body.auditors[0],
                client=client,
                kind=ConflictKind.CONSULTANCY,
                started_on=self.days_ago(1400),
                ended_on=self.days_ago(500),
                note="Helped write the quality manual before joining the body.",
            )
        getattr(self, f"_story_{story.kind}")(case)
        self._close_old_minors(case)

    def _name(self, trade: str, country: str) -> str:
        for _ in range(200):
            name = f"{self.rng.choice(NAMES)} {trade} {SUFFIX[country]}"
            if name not in self.names:
                self.names.add(name)
                return name
        name = f"{self.rng.choice(NAMES)} {trade} {len(self.names)} {SUFFIX[country]}"
        self.names.add(name)
        return name

    # --- stories ----------------------------------------------------------------------------------

    def _story_applied(self, case: _Case) -> None:
        self._apply(case)

    def _story_stage1_planned(self, case: _Case) -> None:
        self._accept(case, self._apply(case))
        stage1 = self._audit(case, AuditKind.STAGE1)
        start = self.today + dt.timedelta(days=self.rng.randint(8, 30))
        self._prepare(case, stage1, start)

    def _story_stage2_in_progress(self, case: _Case) -> None:
        self._accept(case, self._apply(case))
        stage1 = self._audit(case, AuditKind.STAGE1)
        self._conduct(case, stage1, self.days_ago(self.rng.randint(25, 45)), findings=False)
        stage2 = self._audit(case, AuditKind.STAGE2)
        team = self._prepare(case, stage2, self.days_ago(1), end=self.today + dt.timedelta(days=1))
        audits.audit_start(actor=self.actor(case.body.user("planner")), audit=stage2)
        clause, statement, evidence = self.rng.choice(NONCONFORMITIES[case.standards[0]])
        audits.finding_raise(
            actor=self.actor(team[0]),
            audit=stage2,
            kind=FindingKind.MINOR,
            clause=clause,
            statement=statement,
            evidence=evidence,
        )
        if case.story in COVERAGE or self.rng.random() < 0.5:  # an open major for the dashboard
            clause, statement, evidence = self.rng.choice(MAJORS)
            audits.finding_raise(
                actor=self.actor(team[0]),
                audit=stage2,
                kind=FindingKind.MAJOR,
                clause=clause,
                statement=statement,
                evidence=evidence,
            )

    def _story_awaiting_decision(self, case: _Case) -> None:
        end = self.days_ago(self.rng.randint(4, 10))
        stage2 = self._initial(case, stage2_end=end, majors=False)
        if self.rng.random() < 0.7:
            self._review(case, stage2, end + dt.timedelta(days=1))

    def _story_active(self, case: _Case) -> None:
        self._grant(case, self.days_ago(self.rng.randint(40, 1000)))
        self._walk(case)

    def _story_due_soon(self, case: _Case) -> None:
        self._grant(case, add_months(self.today, -12) + dt.timedelta(days=self.rng.randint(3, 27)))
        self._walk(case)

    def _story_overdue(self, case: _Case) -> None:
        self._grant(case, add_months(self.today, -12) - dt.timedelta(days=self.rng.randint(10, 45)))
        self._walk(case, leave=(AuditKind.SURVEILLANCE1,))

    def _story_suspended(self, case: _Case) -> None:
        grant = add_months(self.today, -12) - dt.timedelta(days=self.rng.randint(60, 150))
        self._grant(case, grant)
        audit = self._walk(case, leave=(AuditKind.SURVEILLANCE1,))
        assert audit is not None and audit.due_date is not None
        decider = self.actor(case.body.user("decider"))
        reason = (
            f"Surveillance 1 was not carried out by its due date {audit.due_date.isoformat()}; "
            "the client has not agreed a date (ISO/IEC 17021-1 9.6.5)."
        )
        for cert in self._current(case):
            certification.certificate_suspend(
                actor=decider,
                certificate=cert,
                reason=reason,
                deadline=self.today + dt.timedelta(days=self.rng.randint(20, 90)),
            )

    def _story_withdrawn(self, case: _Case) -> None:
        self._grant(case, self.days_ago(self.rng.randint(200, 800)))
        self._walk(case)
        decider = self.actor(case.body.user("decider"))
        for cert in self._current(case):
            certification.certificate_withdraw(
                actor=decider,
                certificate=cert,
                reason="The client closed the certified site and asked to end certification.",
            )
        self._cancel_open(case, "Certification withdrawn at the client's request.")

    def _story_expired(self, case: _Case) -> None:
        grant = add_months(self.today, -36) - dt.timedelta(days=self.rng.randint(20, 300))
        self._grant(case, grant)
        self._walk(case, leave=(AuditKind.RECERTIFICATION,))
        self._cancel_open(case, "The client decided not to renew certification.")

    def _story_expiring(self, case: _Case) -> None:
        self._grant(case, add_months(self.today, -36) + dt.timedelta(days=self.rng.randint(15, 85)))
        self._walk(case)

    def _story_renewed(self, case: _Case) -> None:
        grant = add_months(self.today, -self.rng.randint(38, 46)) - dt.timedelta(
            days=self.rng.randint(0, 25)
        )
        self._grant(case, grant)
        self._walk(case)

    def _story_transferred(self, case: _Case) -> None:
        application = self._apply(case, kind=ApplicationKind.TRANSFER)
        self._accept(case, application)
        review_audit = self._audit(case, AuditKind.TRANSFER_REVIEW)
        start = self.days_ago(self.rng.randint(20, 40))
        self._conduct(case, review_audit, start, findings=False)
        assert review_audit.planned_end is not None
        decided = review_audit.planned_end + dt.timedelta(days=self.rng.randint(2, 6))
        self._review(case, review_audit, decided)
        decision = certification.decision_take(
            actor=self.actor(case.body.user("decider")),
            audit=review_audit,
            kind=DecisionKind.TRANSFER,
            outcome="granted",
            decided_on=decided,
            notes="Pre-transfer review complete: certificate valid, accredited, no open majors.",
        )
        cycle_start = self.days_ago(self.rng.randint(200, 700))
        issuer = self.rng.choice(PREVIOUS_BODIES)
        for label in case.standards:
            std, ed = self.edition(label)
            certification.certificate_transfer_in(
                actor=self.actor(case.body.user("decider")),
                decision=decision,
                review=certification.TransferReview(
                    issuing_body=issuer,
                    previous_number=f"{issuer.split()[0][:3].upper()}-{self.rng.randint(1000, 99999)}",
                    standard=std,
                    edition=ed,
                    certificate_status="active",
                    original_issue_date=add_months(cycle_start, -36),
                    cycle_start=cycle_start,
                    expiry_date=add_months(cycle_start, 36) - dt.timedelta(days=1),
                    accredited=True,
                    reports_available=True,
                    surveillance_overdue=False,
                ),
            )

    # --- the initial certification ------------------------------------------------------------------

    def _apply(self, case: _Case, kind: str = ApplicationKind.INITIAL) -> Application:
        rng = self.rng
        several = len(case.standards) > 1
        complexity = rng.choice(("medium", "medium", "high", "low"))
        return audits.application_create(
            actor=self.actor(case.body.user("planner")),
            client=case.client,
            standards=[
                audits.StandardChoice(label, "" if label == QMS else complexity)
                for label in case.standards
            ],
            scope=SECTORS[case.code][1],
            iaf_codes=[case.code],
            site_ids=[s.pk for s in case.sites],
            personnel=sum(s.personnel for s in case.sites),
            integration_percent=Decimal(rng.choice((10, 15, 20))) if several else Decimal(0),
            integration_justification=(
                "One integrated management system: one management review, one internal audit "
                "programme, one document control (IAF MD 11)."
                if several
                else ""
            ),
            sampling=True,
            kind=kind,
        )

    def _accept(self, case: _Case, application: Application) -> Programme:
        audits.application_review(
            actor=self.actor(case.body.user("planner")),
            application=application,
            accept=True,
            reason="Scope within accreditation; competent auditors available; audit time agreed.",
        )
        case.programme = Programme.objects.get(application=application)
        return case.programme

    def _audit(self, case: _Case, kind: str) -> Audit:
        audit = (
            Audit.objects.filter(programme=case.programme, kind=kind, status=AuditStatus.PLANNED)
            .order_by("pk")
            .first()
        )
        assert audit is not None, f"no planned {kind} audit"
        return audit

    def _initial(self, case: _Case, *, stage2_end: dt.date, majors: bool) -> Audit:
        """Application, contract review, stage 1 and stage 2 (report submitted, no decision)."""
        self._accept(case, self._apply(case))
        stage2 = self._audit(case, AuditKind.STAGE2)
        span2 = self._span(stage2, 2)
        start2 = stage2_end - dt.timedelta(days=span2 - 1)
        stage1 = self._audit(case, AuditKind.STAGE1)
        start1 = start2 - dt.timedelta(days=self.rng.randint(18, 45) + self._span(stage1, 1))
        self._conduct(case, stage1, start1, findings=False)
        self._conduct(case, stage2, start2, majors=majors, size=2)
        return stage2

    def _grant(self, case: _Case, on: dt.date) -> None:
        chance = self.rng.random() < 0.25
        majors = chance if case.story.major is None else case.story.major
        end = on - dt.timedelta(
            days=self.rng.randint(28, 40) if majors else self.rng.randint(6, 20)
        )
        stage2 = self._initial(case, stage2_end=end, majors=majors)
        self._verify_majors(case, stage2, latest=on - dt.timedelta(days=3))
        self._decide(case, stage2, DecisionKind.GRANT, on)

    # --- the cycle ----------------------------------------------------------------------------------

    def _walk(self, case: _Case, *, leave: Sequence[str] = ()) -> Audit | None:
        """Carry out every audit of the programme that fell due before today, in order; plan the
        next one when it is near. Stops at (and returns) the first audit of a kind in ``leave``."""
        while True:
            audit = (
                Audit.objects.filter(programme=case.programme, status=AuditStatus.PLANNED)
                .exclude(due_date=None)
                .order_by("due_date", "pk")
                .first()
            )
            if audit is None or audit.due_date is None:
                return None
            if audit.kind in leave:
                return audit
            if audit.due_date >= self.today:
                self._plan_ahead(case, audit)
                return None
            self._surveil(case, audit)

    def _surveil(self, case: _Case, audit: Audit) -> None:
        assert audit.due_date is not None and case.last_decision is not None
        programme = Programme.objects.get(pk=audit.programme_id)
        expiry = programme.expiry_date
        assert expiry is not None
        due = audit.due_date
        recert = audit.kind == AuditKind.RECERTIFICATION
        if audit.kind == AuditKind.SURVEILLANCE2:
            due = min(due, expiry - dt.timedelta(days=150))  # keep room for recertification
        offset = self.rng.randint(20, 60) if recert else self.rng.randint(5, 40)
        size = 2 if recert else 1
        span = self._span(audit, size)
        end = min(due - dt.timedelta(days=offset), self.days_ago(14))
        start = max(end - dt.timedelta(days=span - 1), case.last_decision + dt.timedelta(days=30))
        latest = min(self.days_ago(1), expiry - dt.timedelta(days=1))
        majors = (
            self.rng.random() < 0.08
            and start + dt.timedelta(days=span + 45) <= self.today
            and (not recert or start + dt.timedelta(days=span + 40) <= expiry)
        )
        self._verify_minors(case, start)
        self._conduct(case, audit, start, majors=majors, size=size)
        self._verify_majors(case, audit, latest=latest - dt.timedelta(days=8))
        kind = DecisionKind.RENEW if recert else DecisionKind.MAINTAIN
        self._decide(case, audit, kind, None, latest=latest)

    def _plan_ahead(self, case: _Case, audit: Audit) -> None:
        """Put dates and a team on an audit due in the next two months."""
        assert audit.due_date is not None
        room = (audit.due_date - self.today).days
        span = self._span(audit, 1)
        if room < span + 6 or room > 60:
            return
        first = self.today + dt.timedelta(days=self.rng.randint(3, room - span - 2))
        self._prepare(case, audit, first)

    def _verify_minors(self, case: _Case, on: dt.date) -> None:
        """Minors of earlier audits: their actions are checked at the next audit."""
        for finding, lead in case.open_minors:
            audits.finding_verify(
                actor=self.actor(lead),
                finding=finding,
                verified_on=on,
                note="Corrective action implemented and effective; records sampled at the audit.",
            )
        case.open_minors = []

    def _close_old_minors(self, case: _Case) -> None:
        """Minors of the last audit whose actions were due long ago were verified from the
        records the client sent (a body does not leave them open until the next audit)."""
        still_open = []
        for finding, lead in case.open_minors:
            end = finding.audit.planned_end
            assert end is not None
            if end + dt.timedelta(days=100) < self.today:
                audits.finding_verify(
                    actor=self.actor(lead),
                    finding=finding,
                    verified_on=end + dt.timedelta(days=self.rng.randint(45, 90)),
                    note="Records of the corrective action reviewed remotely; effective.",
                )
            else:
                still_open.append((finding, lead))
        case.open_minors = still_open

    def _verify_majors(self, case: _Case, audit: Audit, *, latest: dt.date) -> None:
        majors = list(audit.findings.filter(kind=FindingKind.MAJOR).order_by("pk"))
        if not majors:
            return
        assert audit.planned_end is not None
        lead = next(m.user for m in audit.team.all() if m.role == TeamRole.LEAD_AUDITOR)
        on = min(audit.planned_end + dt.timedelta(days=self.rng.randint(10, 20)), latest)
        for finding in majors:
            audits.finding_verify(
                actor=self.actor(lead),
                finding=finding,
                verified_on=on,
                note="Follow-up visit: internal audits and management review now carried out "
                "and recorded; actions effective.",
            )
        case.last_decision = on  # nothing is decided before the majors are closed

    def _current(self, case: _Case) -> list[Certificate]:
        return list(
            Certificate.objects.filter(
                programme=case.programme,
                status__in=(CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED),
            ).order_by("pk")
        )

    def _cancel_open(self, case: _Case, reason: str) -> None:
        planner = self.actor(case.body.user("planner"))
        for audit in Audit.objects.filter(
            programme=case.programme, status=AuditStatus.PLANNED
        ).order_by("pk"):
            audits.audit_cancel(actor=planner, audit=audit, reason=reason)

    # --- one audit ----------------------------------------------------------------------------------

    def _span(self, audit: Audit, team_size: int) -> int:
        days = float(audit.days_planned or audit.days_required or 1)
        return max(1, min(5, math.ceil(days / team_size)))

    def _prepare(
        self,
        case: _Case,
        audit: Audit,
        start: dt.date,
        *,
        end: dt.date | None = None,
        size: int = 1,
    ) -> list[Any]:
        """Dates, days, the site sample and a qualified, impartial team; returns the team (lead
        first)."""
        planner = self.actor(case.body.user("planner"))
        span = self._span(audit, size)
        end = end or start + dt.timedelta(days=span - 1)
        audit = audits.audit_schedule(
            actor=planner,
            audit=audit,
            start=start,
            end=end,
            days_planned=audit.days_required or Decimal("1.0"),
        )
        if case.multi_site:
            audits.audit_sites_select(actor=planner, audit=audit)
        team = [self._pick(case, audit, TeamRole.LEAD_AUDITOR, case.body.leads, start, [])]
        if size > 1:
            pool = case.body.auditors + case.body.leads
            extra = self._pick(case, audit, TeamRole.AUDITOR, pool, start, team, required=False)
            if extra is not None:
                team.append(extra)
        if case.body.experts and self.rng.random() < 0.3:
            expert = self._pick(
                case,
                audit,
                TeamRole.TECHNICAL_EXPERT,
                case.body.experts,
                start,
                team,
                required=False,
            )
            if expert is not None:
                team.append(expert)
        return team

    def _pick(
        self,
        case: _Case,
        audit: Audit,
        role: str,
        pool: list[Any],
        on: dt.date,
        taken: list[Any],
        *,
        required: bool = True,
    ) -> Any:
        """The first person of ``pool`` (in random order) eligible for ``role``; assigns them."""
        candidates = [u for u in pool if u not in taken]
        self.rng.shuffle(candidates)
        for user in candidates:
            if not audits.eligibility_problems(user=user, audit=audit, role=role, on=on):
                audits.audit_team_assign(
                    actor=self.actor(case.body.user("planner")), audit=audit, user=user, role=role
                )
                return user
        if required:
            raise RuntimeError(f"no eligible {role} for {case.client.name}")
        return None

    def _conduct(
        self,
        case: _Case,
        audit: Audit,
        start: dt.date,
        *,
        findings: bool = True,
        majors: bool = False,
        size: int = 1,
    ) -> None:
        """Plan, staff, start, raise findings, submit the report; the client answers, the lead
        accepts the plans."""
        team = self._prepare(case, audit, start, size=size)
        lead = team[0]
        planner = self.actor(case.body.user("planner"))
        audits.audit_start(actor=planner, audit=audit)
        raised: list[Finding] = []
        if findings:
            raised = self._raise(case, audit, team, majors=majors)
        nonconformities = [f for f in raised if f.kind in (FindingKind.MAJOR, FindingKind.MINOR)]
        kind_label = AuditKind(audit.kind).label
        audits.audit_complete(
            actor=self.actor(lead),
            audit=audit,
            report=(
                f"{kind_label} audit of {case.client.name} against {', '.join(case.standards)}, "
                f"scope: {SECTORS[case.code][1]}. "
                f"{len(nonconformities)} nonconformities raised; the management system is "
                "implemented and maintained"
                + ("." if not nonconformities else " subject to the corrective actions below.")
            ),
            recommendation=(
                AuditRecommendation.AFTER_ACTIONS
                if nonconformities
                else AuditRecommendation.RECOMMEND
            ),
        )
        audit.refresh_from_db()
        assert audit.planned_end is not None
        for finding in nonconformities:
            due = max(self.today, audit.planned_end + dt.timedelta(days=90))
            audits.finding_respond(
                actor=case.responder,
                finding=finding,
                correction="Affected records corrected and checked.",
                root_cause="The procedure did not say who checks this, so nobody did.",
                corrective_action="Procedure revised with a named owner and a monthly check; "
                "staff briefed.",
                action_due=due,
            )
            audits.finding_accept_plan(
                actor=self.actor(lead), finding=finding, note="Plan addresses the root cause."
            )
            if finding.kind == FindingKind.MINOR:
                case.open_minors.append((finding, lead))

    def _raise(self, case: _Case, audit: Audit, team: list[Any], *, majors: bool) -> list[Finding]:
        rng = self.rng
        raiser = self.actor(rng.choice(team[:2]))
        sites = list(audit.sites.all()) if case.multi_site else []
        raised = []
        pool = [nc for label in case.standards for nc in NONCONFORMITIES[label]]
        for clause, statement, evidence in rng.sample(pool, rng.choice((0, 1, 1, 2, 2, 3))):
            raised.append(
                audits.finding_raise(
                    actor=raiser,
                    audit=audit,
                    kind=FindingKind.MINOR,
                    clause=clause,
                    statement=statement,
                    evidence=evidence,
                    site=rng.choice(sites) if sites and rng.random() < 0.5 else None,
                )
            )
        if majors:
            clause, statement, evidence = rng.choice(MAJORS)
            raised.append(
                audits.finding_raise(
                    actor=self.actor(team[0]),
                    audit=audit,
                    kind=FindingKind.MAJOR,
                    clause=clause,
                    statement=statement,
                    evidence=evidence,
                )
            )
        if rng.random() < 0.5:
            clause, statement = rng.choice(OBSERVATIONS)
            raised.append(
                audits.finding_raise(
                    actor=raiser,
                    audit=audit,
                    kind=rng.choice((FindingKind.OBSERVATION, FindingKind.OFI)),
                    clause=clause,
                    statement=statement,
                    evidence="",
                )
            )
        return raised

    def _review(self, case: _Case, audit: Audit, on: dt.date) -> None:
        certification.review_record(
            actor=self.actor(case.body.user("reviewer")),
            audit=audit,
            outcome="recommend",
            notes="Report, findings and team competence reviewed; file complete.",
            reviewed_on=on,
        )

    def _decide(
        self,
        case: _Case,
        audit: Audit,
        kind: str,
        on: dt.date | None,
        *,
        latest: dt.date | None = None,
    ) -> None:
        """Technical review and certification decision on ``on`` (or a few days after the audit,
        never after ``latest``)."""
        audit.refresh_from_db()
        assert audit.planned_end is not None
        if on is None:
            after = max(audit.planned_end, case.last_decision or audit.planned_end)
            on = after + dt.timedelta(days=self.rng.randint(3, 8))
            if latest is not None:
                on = max(min(on, latest), audit.planned_end)
        review_on = max(audit.planned_end, on - dt.timedelta(days=self.rng.randint(0, 2)))
        self._review(case, audit, review_on)
        certification.decision_take(
            actor=self.actor(case.body.user("decider")),
            audit=audit,
            kind=kind,
            outcome="granted",
            decided_on=on,
        )
        case.last_decision = on
