"""Who may do what with clients: the body's staff read, its administrators and scheme managers write.

A client user (``ClientUser``) sees their own organisation's page and nothing else.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from isocert.core.permissions import Actor, require_role
from isocert.people.choices import Role

MANAGERS = (Role.CB_ADMIN, Role.SCHEME_MANAGER)


def require_client_manager(actor: Actor) -> None:
    require_role(actor, *MANAGERS)


def can_manage_clients(actor: Actor) -> bool:
    return actor.cb_id is not None and actor.has_role(*MANAGERS)


def require_client_reader(actor: Actor) -> None:
    """Staff of a certification body, or a client user (who is then limited to their own client)."""
    if actor.cb_id is None and not actor.client_ids:
        raise PermissionDenied(_("Clients are shown to staff of a certification body."))


def require_staff(actor: Actor) -> None:
    if actor.cb_id is None:
        raise PermissionDenied(_("This is shown to staff of a certification body only."))
