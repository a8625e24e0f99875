"""JSON API of the audits app (mounted under /api/v1/office/ by isocert.api)."""

from ninja import Router

router = Router(tags=["audits"])
