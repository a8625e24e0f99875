"""Who may do what with applications, programmes, audits and findings.

* Administrators and scheme managers (planners) record and review applications, plan audits, assign
  teams and add special audits; a decision maker may also start a new cycle (after a decision).
* The audit team works the audit: a team member writes the report and raises findings; the lead
  auditor or an auditor of the team accepts action plans and verifies corrective actions.
* A client user reads their own organisation's audits and findings and responds to findings.
* Every member of the body reads its applications, programmes and audits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from isocert.audits.choices import TeamRole
from isocert.core.permissions import Actor, require_role
from isocert.people.choices import Role

PLANNERS = (Role.CB_ADMIN, Role.SCHEME_MANAGER)
CYCLE_STARTERS = (Role.CB_ADMIN, Role.SCHEME_MANAGER, Role.DECISION_MAKER)
VERIFIERS = (TeamRole.LEAD_AUDITOR, TeamRole.AUDITOR)


def require_reader(actor: Actor) -> None:
    """Staff of a certification body, or a client user (then limited to their own organisation)."""
    if actor.cb_id is None and not actor.client_ids:
        raise PermissionDenied(
            _("Audits are shown to staff of a certification body and to the audited client.")
        )


def require_staff(actor: Actor) -> None:
    if actor.cb_id is None:
        raise PermissionDenied(_("This is shown to staff of a certification body only."))


def require_planner(actor: Actor) -> None:
    require_role(actor, *PLANNERS)


def can_plan(actor: Actor) -> bool:
    return actor.cb_id is not None and actor.has_role(*PLANNERS)


def user_id(actor: Actor) -> int | None:
    return getattr(actor.user, "pk", None)


def team_role_of(actor: Actor, team: Iterable[Any]) -> str | None:
    """The actor's role on the audit team (``team``: the audit's TeamMember rows), or None."""
    uid = user_id(actor)
    for member in team:
        if uid is not None and member.user_id == uid:
            return str(member.role)
    return None


def require_team_member(actor: Actor, team: Iterable[Any], what: str) -> str:
    role = team_role_of(actor, team)
    if actor.cb_id is None or role is None:
        raise PermissionDenied(
            _("Only a member of this audit's team may %(what)s.") % {"what": what}
        )
    return role


def require_verifier(actor: Actor, team: Iterable[Any], what: str) -> str:
    role = team_role_of(actor, team)
    if actor.cb_id is None or role not in VERIFIERS:
        raise PermissionDenied(
            _("Only the lead auditor or an auditor of this audit's team may %(what)s.")
            % {"what": what}
        )
    return str(role)
