"""Who may see and change accreditation.

Staff of a certification body see their own body; people of an accreditation body see the bodies it
accredits and are the only ones who change scopes and accreditation status (ISO/IEC 17011: the
accreditation body grants, suspends and withdraws accreditation, never the certification body).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from isocert.core.permissions import Actor


def require_accreditation_viewer(actor: Actor) -> None:
    if actor.cb_id is None and actor.ab_id is None:
        raise PermissionDenied(
            _("Accreditation is shown to staff of a certification or accreditation body.")
        )


def require_ab_member(actor: Actor) -> None:
    if actor.ab_id is None:
        raise PermissionDenied(
            _("Only the accreditation body changes accredited scopes and accreditation status.")
        )


def can_manage_accreditation(actor: Actor) -> bool:
    return actor.ab_id is not None
