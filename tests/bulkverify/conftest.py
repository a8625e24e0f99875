"""A small registry to check supplier lists against (the registry tests' helper), with a
certificate of every verdict and one confidential client."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from tests.registry.conftest import TODAY, Registry, _frozen_today, registry

__all__ = ["TODAY", "Registry", "_frozen_today", "registry"]


@dataclass
class Suppliers:
    """The registry's certificates the tests name."""

    acme: Any
    acme_9001: Any
    acme_14001: Any
    borealis_suspended: Any
    cobalt_withdrawn: Any
    delta_expired: Any
    echo_old: Any
    echo_new: Any
    secret: Any
    secret_cert: Any


@pytest.fixture
def suppliers(registry: Registry) -> Suppliers:
    acme = registry.client("Acme Widgets Ltd", country="GB")
    acme_9001 = registry.certify(acme, "ACB-9001-0001")
    acme_14001 = registry.certify(acme, "ACB-14001-0002", standard="ISO 14001")
    borealis = registry.client("Borealis Tooling GmbH", country="DE", city="Bremen")
    suspended = registry.certify(
        borealis, "ACB-9001-0003", status="suspended", suspended_on=dt.date(2025, 5, 1)
    )
    cobalt = registry.client("Cobalt Coatings SpA", country="IT", city="Milano")
    withdrawn = registry.certify(
        cobalt, "ACB-9001-0004", status="withdrawn", withdrawn_on=dt.date(2025, 4, 1)
    )
    delta = registry.client("Delta Fasteners Inc", country="US", city="Dayton")
    expired = registry.certify(delta, "ACB-9001-0005", expiry=dt.date(2025, 3, 31))
    echo = registry.client("Echo Plastics BV", country="NL", city="Delft")
    old = registry.certify(echo, "ACB-9001-0006", status="superseded")
    new = registry.certify(echo, "ACB-9001-0006", revision=1, supersedes=old)
    secret = registry.client("Hidden Defence Works Ltd", country="GB", confidential=True)
    secret_cert = registry.certify(secret, "ACB-9001-0099")
    return Suppliers(
        acme, acme_9001, acme_14001, suspended, withdrawn, expired, old, new, secret, secret_cert
    )
