"""Writes of the body's people: accounts, roles, qualifications and conflict-of-interest declarations.

Roles decide who may plan, audit, review and decide; qualifications decide who is competent for a
scope; declarations decide who is impartial. Each change is a ledger event, because the accreditation
body will ask who could do what, and since when.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from isocert.catalog.models import IafCode, Standard
from isocert.clients.models import Client, ClientUser
from isocert.clients.selectors import client_get
from isocert.core.errors import Refused
from isocert.core.ledger import ledger_append, snapshot
from isocert.core.permissions import Actor
from isocert.people.choices import ConflictKind, QualificationLevel, Role
from isocert.people.models import ConflictDeclaration, Membership, Qualification
from isocert.people.permissions import (
    require_admin,
    require_declarer,
    require_qualifier,
    require_staff,
)
from isocert.people.selectors import conflict_get, person_get, qualification_get
from isocert.rules import standards as catalogue

QUALIFICATION_FIELDS = ["standard", "iaf_code", "level", "valid_from", "valid_until"]
CONFLICT_FIELDS = ["kind", "started_on", "ended_on", "note"]


def _body_id(actor: Actor) -> int:
    """The actor's body, after a role check has made sure there is one."""
    if actor.cb_id is None:  # pragma: no cover - require_role refuses first
        raise Refused(_("You work for no certification body."))
    return actor.cb_id


def _role(value: str) -> Role:
    if value not in Role.values:
        raise Refused(
            _("“%(value)s” is not a role; use one of: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(Role.values)},
            details={"field": "role"},
        )
    return Role(value)


def _period(start: dt.date | None, end: dt.date | None, *, field: str = "valid_until") -> None:
    if start is not None and end is not None and end < start:
        raise Refused(
            _("The end (%(end)s) comes before the start (%(start)s).")
            % {"end": end.isoformat(), "start": start.isoformat()},
            details={"field": field},
        )


# --- accounts --------------------------------------------------------------------------------------


@transaction.atomic
def user_account_create(
    *,
    username: str,
    email: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> Any:
    """A new sign-in account. Internal: the calling service checks who may create it.

    Without a password the account gets an unusable one, to be set through password reset.
    """
    model = get_user_model()
    name = (username or "").strip()
    if not name or len(name) > 150:
        raise Refused(_("Give a username of 1 to 150 characters."), details={"field": "username"})
    try:
        model.username_validator(name)
    except ValidationError:
        raise Refused(
            _("“%(name)s” is not a valid username: use letters, digits and @ . + - _ only.")
            % {"name": name},
            details={"field": "username"},
        ) from None
    if model.objects.filter(username__iexact=name).exists():
        raise Refused(
            _("The username “%(name)s” is taken; choose another.") % {"name": name},
            details={"field": "username"},
        )
    address = (email or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise Refused(
            _("“%(email)s” is not an e-mail address.") % {"email": address},
            details={"field": "email"},
        ) from None
    user = model(
        username=name,
        email=address,
        first_name=(first_name or "").strip()[:150],
        last_name=(last_name or "").strip()[:150],
    )
    if password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise Refused(
                _("The password is too weak: %(why)s") % {"why": " ".join(exc.messages)},
                details={"field": "password", "problems": exc.messages},
            ) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def person_add(
    *,
    actor: Actor,
    username: str,
    email: str,
    roles: list[str],
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> Any:
    """Create the account of a new member of the actor's body, with at least one role."""
    require_admin(actor)
    wanted = sorted({_role(role) for role in roles})
    if not wanted:
        raise Refused(
            _("Give the person at least one role; a person without a role cannot sign in here."),
            details={"field": "roles"},
        )
    user = user_account_create(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    for role in wanted:
        Membership.objects.create(user=user, certification_body_id=_body_id(actor), role=role)
    ledger_append(
        actor=actor.user,
        kind="person.added",
        obj=user,
        after={"username": user.username, "email": user.email, "roles": [str(r) for r in wanted]},
        certification_body_id=actor.cb_id,
    )
    return user


@transaction.atomic
def role_grant(*, actor: Actor, person: Any, role: str) -> Membership:
    """Give a person of the body a role (again, if it was taken away)."""
    require_admin(actor)
    person = person_get(actor=actor, pk=person.pk)
    wanted = _role(role)
    if ClientUser.objects.filter(user=person).exists():
        raise Refused(
            _(
                "%(user)s signs in for a client; staff roles need a separate account "
                "(impartiality, ISO/IEC 17021-1 5.2)."
            )
            % {"user": person.username},
            details={"field": "role"},
        )
    row, _created = Membership.objects.select_for_update().get_or_create(
        user=person, certification_body_id=actor.cb_id, role=wanted, defaults={"active": True}
    )
    if not _created:
        if row.active:
            raise Refused(
                _("%(user)s already has the role %(role)s.")
                % {"user": person.username, "role": wanted.label},
                details={"field": "role"},
            )
        row.active = True
        row.save(update_fields=["active"])
    ledger_append(
        actor=actor.user,
        kind="person.role_granted",
        obj=row,
        after={"user": person.username, "role": wanted.value},
        certification_body_id=actor.cb_id,
    )
    return row


@transaction.atomic
def role_revoke(*, actor: Actor, person: Any, role: str, reason: str = "") -> Membership:
    """Take a role away (the membership row stays, inactive, for the record)."""
    require_admin(actor)
    person = person_get(actor=actor, pk=person.pk)
    wanted = _role(role)
    row = (
        Membership.objects.select_for_update()
        .filter(user=person, certification_body_id=actor.cb_id, role=wanted, active=True)
        .first()
    )
    if row is None:
        raise Refused(
            _("%(user)s does not have the role %(role)s.")
            % {"user": person.username, "role": wanted.label},
            details={"field": "role"},
        )
    if wanted == Role.CB_ADMIN:
        others = Membership.objects.filter(
            certification_body_id=actor.cb_id, role=Role.CB_ADMIN, active=True
        ).exclude(pk=row.pk)
        if not others.exists():
            raise Refused(
                _(
                    "%(user)s is the body's last administrator; make someone else administrator "
                    "first."
                )
                % {"user": person.username},
                details={"field": "role"},
            )
    row.active = False
    row.save(update_fields=["active"])
    ledger_append(
        actor=actor.user,
        kind="person.role_revoked",
        obj=row,
        before={"user": person.username, "role": wanted.value},
        reason=(reason or "").strip(),
        certification_body_id=actor.cb_id,
    )
    return row


# --- qualifications --------------------------------------------------------------------------------


@transaction.atomic
def qualification_add(
    *,
    actor: Actor,
    person: Any,
    standard: Standard,
    iaf_code: IafCode | None,
    level: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
) -> Qualification:
    """Record that a person is competent for a standard (and IAF code) at a level, from a date."""
    require_qualifier(actor)
    person = person_get(actor=actor, pk=person.pk)
    if not person.cb_roles:
        raise Refused(
            _("%(user)s has no active role at your body; give a role first.")
            % {"user": person.username},
            details={"field": "person"},
        )
    if level not in QualificationLevel.values:
        raise Refused(
            _("“%(value)s” is not a qualification level; use one of: %(allowed)s.")
            % {"value": level, "allowed": ", ".join(QualificationLevel.values)},
            details={"field": "level"},
        )
    rules_std = catalogue.standard_get(standard.code)
    if not rules_std.certifiable:
        raise Refused(
            _("%(code)s is not certifiable, so nobody audits to it: %(why)s")
            % {"code": standard.code, "why": rules_std.not_certifiable_reason},
            details={"field": "standard"},
        )
    if standard.uses_iaf_codes and iaf_code is None:
        raise Refused(
            _("Competence for %(code)s is given per IAF code; choose the code.")
            % {"code": standard.code},
            details={"field": "iaf_code"},
        )
    if not standard.uses_iaf_codes and iaf_code is not None:
        raise Refused(
            _("%(code)s does not use IAF codes; leave the code empty.") % {"code": standard.code},
            details={"field": "iaf_code"},
        )
    _period(valid_from, valid_until)
    overlapping = Qualification.objects.filter(
        user=person,
        certification_body_id=actor.cb_id,
        standard=standard,
        iaf_code=iaf_code,
        level=level,
        valid_from__lte=valid_until or dt.date.max,
    ).exclude(valid_until__lt=valid_from)
    if overlapping.exists():
        raise Refused(
            _(
                "%(user)s already holds this qualification for part of that period; end it "
                "first or choose dates after it."
            )
            % {"user": person.username},
            details={"field": "valid_from"},
        )
    row = Qualification.objects.create(
        user=person,
        certification_body_id=_body_id(actor),
        standard=standard,
        iaf_code=iaf_code,
        level=level,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    ledger_append(
        actor=actor.user,
        kind="qualification.added",
        obj=row,
        after={"user": person.username, **snapshot(row, QUALIFICATION_FIELDS)},
        certification_body_id=actor.cb_id,
    )
    return row


@transaction.atomic
def qualification_end(
    *, actor: Actor, qualification: Qualification, on: dt.date, reason: str = ""
) -> Qualification:
    """End a qualification: it is valid up to and including ``on``."""
    require_qualifier(actor)
    row = qualification_get(actor=actor, pk=qualification.pk)
    if on < row.valid_from:
        raise Refused(
            _("The qualification starts on %(start)s; it cannot end before that.")
            % {"start": row.valid_from.isoformat()},
            details={"field": "on"},
        )
    if row.valid_until is not None and row.valid_until <= on:
        raise Refused(
            _("The qualification already ends on %(end)s.") % {"end": row.valid_until.isoformat()},
            details={"field": "on"},
        )
    before = snapshot(row, QUALIFICATION_FIELDS)
    row.valid_until = on
    row.save(update_fields=["valid_until"])
    ledger_append(
        actor=actor.user,
        kind="qualification.ended",
        obj=row,
        before=before,
        after=snapshot(row, QUALIFICATION_FIELDS),
        reason=(reason or "").strip(),
        certification_body_id=actor.cb_id,
    )
    return row


# --- conflicts of interest -------------------------------------------------------------------------


@transaction.atomic
def conflict_declare(
    *,
    actor: Actor,
    person: Any,
    client: Client,
    kind: str,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    note: str = "",
) -> ConflictDeclaration:
    """Record a relationship between a person of the body and a client (ISO/IEC 17021-1 5.2)."""
    require_staff(actor)
    person = person_get(actor=actor, pk=person.pk)
    require_declarer(actor, person)
    client = client_get(actor=actor, pk=client.pk)
    if client.certification_body_id != actor.cb_id:
        raise Refused(_("Declare conflicts with your own body's clients only."))
    if kind not in ConflictKind.values:
        raise Refused(
            _("“%(value)s” is not a kind of relationship; use one of: %(allowed)s.")
            % {"value": kind, "allowed": ", ".join(ConflictKind.values)},
            details={"field": "kind"},
        )
    _period(started_on, ended_on, field="ended_on")
    row = ConflictDeclaration.objects.create(
        user=person,
        client=client,
        kind=kind,
        started_on=started_on,
        ended_on=ended_on,
        note=(note or "").strip(),
    )
    ledger_append(
        actor=actor.user,
        kind="conflict.declared",
        obj=row,
        after={"user": person.username, "client": client.pk, **snapshot(row, CONFLICT_FIELDS)},
        certification_body_id=actor.cb_id,
    )
    return row


@transaction.atomic
def conflict_end(
    *, actor: Actor, conflict: ConflictDeclaration, on: dt.date
) -> ConflictDeclaration:
    """Record that a declared relationship ended on ``on`` (the declaration itself stays)."""
    row = conflict_get(actor=actor, pk=conflict.pk)
    require_declarer(actor, row.user)
    if row.ended_on is not None:
        raise Refused(
            _("This relationship already ended on %(end)s.") % {"end": row.ended_on.isoformat()},
            details={"field": "on"},
        )
    _period(row.started_on, on, field="on")
    before = snapshot(row, CONFLICT_FIELDS)
    row.ended_on = on
    row.save(update_fields=["ended_on"])
    ledger_append(
        actor=actor.user,
        kind="conflict.ended",
        obj=row,
        before=before,
        after=snapshot(row, CONFLICT_FIELDS),
        certification_body_id=actor.cb_id,
    )
    return row
