"""JSON API of the certification app (mounted under /api/v1/office/ by isocert.api)."""

from ninja import Router

router = Router(tags=["certification"])
