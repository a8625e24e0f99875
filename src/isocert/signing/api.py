"""Public JSON API of certificate signatures (mounted at /api/v1/ by isocert.api)."""

from ninja import Router

router = Router(tags=["signatures"])
