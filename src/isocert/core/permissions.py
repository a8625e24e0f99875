"""Who is acting, for which body, in which roles. Selectors scope every query with an ``Actor``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Actor:
    """The acting person as the back office sees them.

    ``cb_id`` is the certification body they work for (staff), ``client_ids`` the organisations they
    belong to (client users), ``ab_id`` their accreditation body (accreditation-body users).
    """

    user: Any
    cb_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    client_ids: frozenset[int] = field(default_factory=frozenset)
    ab_id: int | None = None

    @property
    def is_staff_of_cb(self) -> bool:
        return self.cb_id is not None

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


def actor_for(user: Any) -> Actor:
    """Build the actor for a logged-in user from their memberships (one certification body each)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(user=None)
    from isocert.clients.models import ClientUser
    from isocert.people.models import AccreditationBodyMember, Membership

    memberships = list(
        Membership.objects.filter(user=user, active=True).values_list(
            "certification_body_id", "role"
        )
    )
    cb_ids = {cb for cb, _role in memberships}
    cb_id = min(cb_ids) if cb_ids else None
    roles = frozenset(role for cb, role in memberships if cb == cb_id)
    client_ids = frozenset(ClientUser.objects.filter(user=user).values_list("client_id", flat=True))
    ab_id = (
        AccreditationBodyMember.objects.filter(user=user)
        .values_list("accreditation_body_id", flat=True)
        .first()
    )
    return Actor(user=user, cb_id=cb_id, roles=roles, client_ids=client_ids, ab_id=ab_id)


def require_role(actor: Actor, *roles: str) -> None:
    """Refuse (403) unless the actor is staff of a body with one of ``roles``."""
    if actor.cb_id is None or not actor.has_role(*roles):
        raise PermissionDenied(
            _("This needs one of these roles: %(roles)s.") % {"roles": ", ".join(roles)}
        )
