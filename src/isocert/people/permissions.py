"""Who may do what with the body's people.

Administrators add people and give or take roles; administrators and scheme managers record
qualifications; a person declares their own conflicts of interest (an administrator may declare for
anyone of the body). Every member of the body may read its staff list.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from isocert.core.permissions import Actor, require_role
from isocert.people.choices import Role

QUALIFIERS = (Role.CB_ADMIN, Role.SCHEME_MANAGER)


def require_staff(actor: Actor) -> None:
    if actor.cb_id is None:
        raise PermissionDenied(_("This is shown to staff of a certification body only."))


def require_admin(actor: Actor) -> None:
    require_role(actor, Role.CB_ADMIN)


def require_qualifier(actor: Actor) -> None:
    require_role(actor, *QUALIFIERS)


def can_admin(actor: Actor) -> bool:
    return actor.cb_id is not None and actor.has_role(Role.CB_ADMIN)


def can_qualify(actor: Actor) -> bool:
    return actor.cb_id is not None and actor.has_role(*QUALIFIERS)


def can_declare_for(actor: Actor, person: Any) -> bool:
    """A person declares their own conflicts; an administrator may declare for anyone of the body."""
    return actor.cb_id is not None and (
        getattr(actor.user, "pk", None) == person.pk or actor.has_role(Role.CB_ADMIN)
    )


def require_declarer(actor: Actor, person: Any) -> None:
    if not can_declare_for(actor, person):
        raise PermissionDenied(
            _("A person declares their own conflicts of interest, or an administrator does.")
        )


def system_actor(*, certification_body_id: int) -> Actor:
    """The actor of the ``isocert`` command line: whoever runs it administers the installation,
    so it acts as an administrator of the body named on the command line (ledger: "system")."""
    return Actor(user=None, cb_id=certification_body_id, roles=frozenset({Role.CB_ADMIN}))
