"""The back-office home: a dashboard for certification-body staff; others are sent where they belong."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.core.permissions import actor_for
from isocert.office.selectors import dashboard_for
from isocert.watchlists.selectors import verifier_of


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if actor.cb_id is None:
        if actor.client_ids:
            return redirect(f"/office/clients/{min(actor.client_ids)}/")
        if actor.ab_id is not None:
            return redirect("/office/accreditation/")
        if verifier_of(request.user) is not None:
            return redirect("/registry/watch/")  # a registry verifier signs in to their watchlist
        raise PermissionDenied(_("Your account has no role in a certification body."))
    data = dashboard_for(actor=actor, today=timezone.localdate())
    return render(request, "office/dashboard.html", {"d": data, "actor": actor})
