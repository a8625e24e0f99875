"""Fuzzing /api/v1/ with schemathesis against the OpenAPI document the app itself serves.

Every operation is called in-process through the WSGI application, against the real test database
with the reference catalogue, the personas, a programme under way and a small registry of
certificates loaded; the back office with a staff bearer token (every role at one certification
body) so it is reached past its 401, the public operations anonymously. No answer may be a 5xx.

The data is built once for the module, in a transaction rolled back at the end; each request runs in
a savepoint rolled back after it, so what one example writes (or a database error it causes) never
reaches the next one. Cases are derandomised: a run finds the same thing every time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from isocert.core.tokens import api_token_create
from isocert.people.choices import Role
from isocert.people.models import Membership
from isocert.registry.verification import coverage_forget
from tests.audits.conftest import Office
from tests.personas import build_personas, make_user
from tests.registry.conftest import Registry

NOW = dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC)

CHECKS = [not_a_server_error]
"""No 5xx, ever. The response-shape checks are not run here: ``status_code_conformance`` would
fail on the 401 and 405 that the framework answers for every operation without the document
listing them, and ``response_schema_conformance`` is only as good as the document's component
names, which must first be unique across apps (see docs/api.md, "Fuzzing")."""

FUZZ = settings(
    max_examples=12,  # per operation: ~100 operations, and the module stays near a minute
    derandomize=True,  # the same cases on every run, so a failure reproduces
    deadline=None,  # a request's time depends on the machine, not on the code under test
    suppress_health_check=[
        HealthCheck.too_slow,  # each example is a full request through the WSGI stack
        HealthCheck.filter_too_much,  # schemathesis rejects invalid combinations itself
        HealthCheck.data_too_large,  # bodies are generated from deep schemas
        HealthCheck.function_scoped_fixture,  # every example runs in its own savepoint
    ],
)

ADDRESSED = (
    "accreditation.AccreditationBody",
    "accreditation.CertificationBody",
    "accreditation.AccreditedScope",
    "clients.Client",
    "clients.ClientIdentifier",
    "clients.Site",
    "clients.Contact",
    "clients.ClientUser",
    "people.Qualification",
    "people.ConflictDeclaration",
    "audits.Application",
    "audits.Programme",
    "audits.Audit",
    "audits.Finding",
    "certification.Decision",
    "certification.Certificate",
    "core.ApiToken",
    "auth.User",
)
"""The rows the API's integer path parameters name."""


@dataclass
class World:
    staff_headers: dict[str, str]
    ids: list[int]
    numbers: list[str]


KNOWN: list[World] = []
"""The module's data set, for the path-parameter hook (hooks take no fixtures)."""


def build_world() -> World:
    personas = build_personas()
    staff = make_user("fuzzer")
    for role in Role.values:
        Membership.objects.create(user=staff, certification_body=personas.cb, role=role)
    token = api_token_create(user=staff, name="fuzz").secret
    Office(personas).stage2_done(start=dt.date(2025, 5, 1))
    registry = Registry(personas)
    acme = registry.client("Acme Widgets Ltd", vat="GB123456789")
    numbers = ["ACME-0001", "ACME-0002", "ACME-0003", "ACME-0004"]
    registry.certify(acme, numbers[0])
    registry.certify(acme, numbers[1], status="suspended", suspended_on=dt.date(2025, 5, 1))
    registry.certify(acme, numbers[2], status="withdrawn", withdrawn_on=dt.date(2025, 4, 1))
    hidden = registry.client("Quiet Holdings", confidential=True)
    registry.certify(hidden, numbers[3], standard="ISO 14001")
    ids: set[int] = set()
    for label in ADDRESSED:
        ids.update(apps.get_model(label)._default_manager.values_list("pk", flat=True))
    return World({"Authorization": f"Bearer {token}"}, sorted(ids), numbers)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One data set for the module, built in a transaction rolled back when the module is done."""
    with (
        time_machine.travel(NOW, tick=False),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        coverage_forget()
        KNOWN.append(build_world())
        yield KNOWN[0]
        transaction.set_rollback(True)
    KNOWN.clear()
    coverage_forget()


@pytest.fixture(autouse=True)
def _in_process(world: World, db: None) -> Iterator[None]:
    """Requests share the test's connection and transaction, as they do with Django's test client
    (which keeps ``close_old_connections`` from closing the connection mid-transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with time_machine.travel(NOW, tick=False):
            yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Static files are collected when the run starts, after collection; whitenoise warns about a
# missing folder when the application is built, and the API serves no static file.
Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
CONFIG = schemathesis.Config.from_dict(
    # The coverage phase (every boundary of every parameter) doubles the run time; the fuzzing
    # phase already generates invalid values (negative mode) as well as valid ones.
    {"phases": {"coverage": {"enabled": False}}}
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


def _secured(ctx: Any) -> bool:
    return bool(ctx.operation.definition.raw.get("security"))


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    """Half the cases name rows that exist, so the handlers run past their 404."""
    if not KNOWN or not path_parameters:  # the document's examples are drawn at collection
        return st.just(path_parameters)
    known = KNOWN[0]
    real: dict[str, Any] = {}
    for name, value in path_parameters.items():
        if name == "number":
            real[name] = st.sampled_from(known.numbers)
        elif name == "role":
            real[name] = st.sampled_from(Role.values)
        elif isinstance(value, int):
            real[name] = st.sampled_from(known.ids)
    if not real:
        return st.just(path_parameters)
    return st.one_of(
        st.just(path_parameters),
        st.fixed_dictionaries(real).map(lambda chosen: {**path_parameters, **chosen}),
    )


def _call(case: Any, headers: dict[str, str] | None = None) -> None:
    """One request, in a savepoint rolled back after it; then the checks."""
    with transaction.atomic():
        response = case.call(headers=headers)
        transaction.set_rollback(True)
    case.validate_response(response, checks=CHECKS)


@schema.include(_secured).parametrize()
@FUZZ
def test_back_office_as_staff(case: Any, world: World) -> None:
    _call(case, world.staff_headers)


@schema.exclude(_secured).parametrize()
@settings(FUZZ, max_examples=20)
def test_public_anonymous(case: Any) -> None:
    _call(case)


def test_back_office_refuses_anonymous(client: Client) -> None:
    """Every back-office operation answers 401 to a visitor with no or a wrong token, never more."""
    secured = [
        (method.upper(), re.sub(r"\{[a-z_]+\}", "1", path.replace("{role}", "auditor")))
        for path, methods in schema.raw_schema["paths"].items()
        for method, operation in methods.items()
        if operation.get("security")
    ]
    assert len(secured) > 50
    for method, url in secured:
        for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer isc_nope"}):
            response = client.generic(method, url, "{}", "application/json", **headers)
            assert response.status_code == 401, (method, url, response.status_code)
