"""Checking legal identifiers with python-stdnum: VAT numbers, company numbers, LEI.

A scheme is validated where python-stdnum has a module for it (for VAT: the EU VAT module when the
number starts with an EU prefix, else the module of the client's country). A number that fails its
module's check is refused with the reason; a number without a module is accepted unvalidated.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from types import ModuleType

from django.utils.translation import gettext as _
from stdnum import lei
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.util import get_cc_module

from isocert.clients.choices import IdentifierScheme
from isocert.core.errors import Refused

# National company-register numbers that carry a check digit python-stdnum verifies.
COMPANY_MODULES = {
    "AU": "stdnum.au.acn",
    "BR": "stdnum.br.cnpj",
    "CH": "stdnum.ch.uid",
    "CN": "stdnum.cn.uscc",
    "DK": "stdnum.dk.cvr",
    "EE": "stdnum.ee.registrikood",
    "ES": "stdnum.es.cif",
    "FI": "stdnum.fi.ytunnus",
    "FR": "stdnum.fr.siren",
    "HR": "stdnum.hr.oib",
    "JP": "stdnum.jp.cn",
    "KR": "stdnum.kr.brn",
    "NO": "stdnum.no.orgnr",
    "PL": "stdnum.pl.regon",
    "SE": "stdnum.se.orgnr",
    "SG": "stdnum.sg.uen",
}


@dataclass(frozen=True)
class CheckedIdentifier:
    value: str
    validated: bool
    checked_by: str  # the python-stdnum module that checked it, "" when none applies


def _eu_prefix(value: str) -> bool:
    prefix = value[:2].lower()
    return prefix.isalpha() and (prefix in eu_vat.MEMBER_STATES or prefix == "el")


def _module_for(scheme: str, value: str, country: str) -> ModuleType | None:
    if scheme == IdentifierScheme.VAT:
        if _eu_prefix(value):
            return eu_vat
        return get_cc_module(country.lower(), "vat")  # type: ignore[return-value]
    if scheme == IdentifierScheme.COMPANY and country.upper() in COMPANY_MODULES:
        return importlib.import_module(COMPANY_MODULES[country.upper()])
    if scheme == IdentifierScheme.LEI:
        return lei
    return None


def _why(exc: ValidationError) -> str:
    if isinstance(exc, InvalidChecksum):
        return _("its check digits do not match (a typing error?)")
    if isinstance(exc, InvalidLength):
        return _("it has the wrong number of characters")
    if isinstance(exc, InvalidFormat):
        return _("it has characters or a layout this kind of number never has")
    if isinstance(exc, InvalidComponent):
        return _("a part of it (such as the country prefix) is not valid")
    return _("it is not a valid number")


def identifier_check(*, scheme: str, value: str, country: str) -> CheckedIdentifier:
    """The identifier in its compact form, validated where python-stdnum can; ``Refused`` when bad."""
    if scheme not in IdentifierScheme.values:
        raise Refused(
            _("“%(scheme)s” is not an identifier scheme; use one of: %(allowed)s.")
            % {"scheme": scheme, "allowed": ", ".join(IdentifierScheme.values)},
            details={"field": "scheme"},
        )
    raw = (value or "").strip()
    if not raw:
        raise Refused(_("Give the identifier's value."), details={"field": "value"})
    compact = re.sub(r"[\s.\-/]", "", raw).upper()
    module = _module_for(scheme, compact, country)
    if module is None:
        return CheckedIdentifier(value=raw[:60], validated=False, checked_by="")
    try:
        checked = module.validate(compact)
    except ValidationError as exc:
        label = IdentifierScheme(scheme).label
        raise Refused(
            _("“%(value)s” is not a valid %(label)s: %(why)s.")
            % {"value": raw, "label": label, "why": _why(exc)},
            details={"field": "value", "checked_by": module.__name__},
        ) from None
    return CheckedIdentifier(value=str(checked), validated=True, checked_by=module.__name__)
