"""JSON API of this app (mounted at /api/v1/ by isocert.api)."""

from ninja import Router

router = Router(tags=["registry"])
