"""Values every page needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from isocert import __version__


def _is_cb_staff(request: HttpRequest) -> bool:
    from isocert.people.models import Membership

    user = request.user
    return bool(
        user.is_authenticated and Membership.objects.filter(user=user, active=True).exists()
    )


def _is_verifier(request: HttpRequest) -> bool:
    from isocert.watchlists.models import Verifier

    user = request.user
    return bool(
        user.is_authenticated
        and Verifier.objects.filter(user=user, confirmed_at__isnull=False).exists()
    )


def site(request: HttpRequest) -> dict[str, Any]:
    """Site name and version; ``office_staff`` and ``registry_verifier`` (one query each, only on
    pages that ask) pick the menu."""
    return {
        "site_name": settings.ISOCERT_SITE_NAME,
        "isocert_version": __version__,
        "office_staff": SimpleLazyObject(lambda: _is_cb_staff(request)),
        "registry_verifier": SimpleLazyObject(lambda: _is_verifier(request)),
    }
