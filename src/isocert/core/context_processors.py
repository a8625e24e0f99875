"""Values every page needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from isocert import __version__


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site_name": settings.ISOCERT_SITE_NAME, "isocert_version": __version__}
