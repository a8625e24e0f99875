"""JSON twins of the registry's statistics and explainer pages (mounted at /api/v1/ by isocert.api)."""

from ninja import Router

router = Router(tags=["registry"])
