"""Values every page needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from isocert import __version__


def _roles(request: HttpRequest) -> dict[str, bool]:
    """Whether the signed-in user works for a certification body and whether they are a confirmed
    registry verifier: one query, made only when a page asks."""
    from isocert.people.models import Membership
    from isocert.watchlists.models import Verifier

    user = request.user
    if not user.is_authenticated:
        return {"staff": False, "verifier": False}
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            is_cb_staff=Exists(Membership.objects.filter(user=OuterRef("pk"), active=True)),
            is_verifier=Exists(
                Verifier.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
            ),
        )
        .values_list("is_cb_staff", "is_verifier")
        .first()
    )
    staff, verifier = row or (False, False)
    return {"staff": bool(staff), "verifier": bool(verifier)}


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name and version; ``office_staff`` and ``registry_verifier`` pick the menus (one query
    for both, only on pages that ask)."""
    roles = SimpleLazyObject(lambda: _roles(request))
    return {
        "site_name": settings.ISOCERT_SITE_NAME,
        "isocert_version": __version__,
        "office_staff": SimpleLazyObject(lambda: roles["staff"]),
        "registry_verifier": SimpleLazyObject(lambda: roles["verifier"]),
    }
