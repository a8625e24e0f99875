"""Named people and bodies for back-office tests, so permission tests read like sentences.

Two certification bodies (``cb`` "Acme Certification" and ``other_cb`` "Borealis Registrar"), both
accredited for ISO 9001, ISO 14001 and ISO 45001 with IAF codes 17, 28 and 33; one client of each;
and one person per role at ``cb``: ``admin``, ``planner``, ``lead`` (lead auditor), ``auditor``,
``expert``, ``reviewer``, ``decider``; ``client_user`` of ``client``; ``other_staff`` (admin at
``other_cb``); ``ab_user`` of the accreditation body; ``outsider`` with no role at all.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from isocert.accreditation.models import AccreditationBody, AccreditedScope, CertificationBody
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.catalog.services import catalog_sync
from isocert.clients.models import Client, ClientUser, Site
from isocert.people.models import AccreditationBodyMember, Membership, Qualification

PASSWORD = "correct-horse-battery-staple-42"
CODES = (17, 28, 33)
MD5_STANDARDS = ("ISO 9001", "ISO 14001", "ISO 45001")


@dataclass
class Personas:
    ab: AccreditationBody
    cb: CertificationBody
    other_cb: CertificationBody
    client: Client
    other_client: Client
    admin: Any
    planner: Any
    lead: Any
    auditor: Any
    expert: Any
    reviewer: Any
    decider: Any
    client_user: Any
    other_staff: Any
    ab_user: Any
    outsider: Any


@functools.cache
def password_hash() -> str:
    """One real Argon2 hash of PASSWORD, computed once: hashing per user would slow every test."""
    return make_password(PASSWORD)


def make_user(username: str, **extra: Any) -> Any:
    user = get_user_model()(username=username, email=f"{username}@example.org", **extra)
    user.password = password_hash()
    user.save()
    return user


def accredit(cb: CertificationBody, *, since: dt.date) -> None:
    for code in MD5_STANDARDS:
        std = Standard.objects.get(code=code)
        edition = (
            Edition.objects.filter(standard=std, year__in=(2015, 2018)).order_by("-year").first()
        )
        assert edition is not None
        scope = AccreditedScope.objects.create(
            certification_body=cb, standard=std, edition=edition, valid_from=since
        )
        scope.iaf_codes.set(IafCode.objects.filter(code__in=CODES))


def qualify(user: Any, cb: CertificationBody, level: str, *, since: dt.date) -> None:
    for code in MD5_STANDARDS:
        std = Standard.objects.get(code=code)
        for iaf in CODES:
            Qualification.objects.create(
                user=user,
                certification_body=cb,
                standard=std,
                iaf_code_id=iaf,
                level=level,
                valid_from=since,
            )


def build_personas() -> Personas:
    catalog_sync()
    since = dt.date(2020, 1, 1)
    ab = AccreditationBody.objects.create(
        name="National Accreditation Service", acronym="NAS", country="GB"
    )
    cb = CertificationBody.objects.create(
        name="Acme Certification",
        acronym="ACME",
        country="GB",
        accreditation_body=ab,
        accreditation_number="0001",
        address="1 High Street, London",
    )
    other_cb = CertificationBody.objects.create(
        name="Borealis Registrar",
        acronym="BORE",
        country="CA",
        accreditation_body=ab,
        accreditation_number="0002",
    )
    accredit(cb, since=since)
    accredit(other_cb, since=since)
    client = Client.objects.create(certification_body=cb, name="Widget Works Ltd", country="GB")
    Site.objects.create(
        client=client,
        name="Head office",
        city="Leeds",
        country="GB",
        personnel=60,
        is_central_function=True,
    )
    other_client = Client.objects.create(
        certification_body=other_cb, name="Maple Forge Inc", country="CA"
    )
    Site.objects.create(
        client=other_client,
        name="Plant",
        city="Toronto",
        country="CA",
        personnel=40,
        is_central_function=True,
    )

    def staff(name: str, *roles: str, at: CertificationBody = cb) -> Any:
        user = make_user(name)
        for role in roles:
            Membership.objects.create(user=user, certification_body=at, role=role)
        return user

    lead = staff("lead", "lead_auditor")
    auditor = staff("auditor", "auditor")
    expert = staff("expert", "technical_expert")
    qualify(lead, cb, "lead_auditor", since=since)
    qualify(auditor, cb, "auditor", since=since)
    qualify(expert, cb, "technical_expert", since=since)
    client_user = make_user("client")
    ClientUser.objects.create(user=client_user, client=client)
    ab_user = make_user("assessor")
    AccreditationBodyMember.objects.create(user=ab_user, accreditation_body=ab)
    return Personas(
        ab=ab,
        cb=cb,
        other_cb=other_cb,
        client=client,
        other_client=other_client,
        admin=staff("admin", "cb_admin"),
        planner=staff("planner", "scheme_manager"),
        lead=lead,
        auditor=auditor,
        expert=expert,
        reviewer=staff("reviewer", "technical_reviewer"),
        decider=staff("decider", "decision_maker"),
        client_user=client_user,
        other_staff=staff(
            "other", "cb_admin", "scheme_manager", "lead_auditor", "decision_maker", at=other_cb
        ),
        ab_user=ab_user,
        outsider=make_user("outsider"),
    )
