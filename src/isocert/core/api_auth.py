"""API authentication: a personal bearer token (``Authorization: Bearer <token>``) or the session.

Either way the request gets ``request.actor`` (an ``Actor``) for the selectors to scope by.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from isocert.core.models import ApiToken
from isocert.core.permissions import actor_for


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        request.actor = actor_for(row.user)  # type: ignore[attr-defined]
        return request.actor  # type: ignore[attr-defined]


class SessionAuth(APIKeyCookie):
    """The browser session (CSRF-checked for unsafe methods, as django-ninja does for cookies)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            request.actor = actor_for(request.user)  # type: ignore[attr-defined]
            return request.actor  # type: ignore[attr-defined]
        return None


staff_auth = [TokenAuth(), SessionAuth()]
