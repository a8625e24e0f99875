"""JSON API of the accreditation app (mounted under /api/v1/office/ by isocert.api)."""

from ninja import Router

router = Router(tags=["accreditation"])
