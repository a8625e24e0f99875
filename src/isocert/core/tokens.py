"""Writes for personal API tokens: create (the secret is returned once) and revoke."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from isocert.core.api_auth import token_digest
from isocert.core.models import ApiToken


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> NewToken:
    secret = "isc_" + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name.strip() or "token", prefix=secret[:10], digest=token_digest(secret)
    )
    return NewToken(token=row, secret=secret)


@transaction.atomic
def api_token_revoke(*, user: Any, token_id: int) -> ApiToken:
    row = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
    return row
