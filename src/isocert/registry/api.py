"""Public JSON API of the registry (mounted at /api/v1/ by isocert.api): no login needed."""

from ninja import Router

router = Router(tags=["registry"])
