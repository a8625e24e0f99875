"""JSON API of the clients app (mounted under /api/v1/office/ by isocert.api)."""

from ninja import Router

router = Router(tags=["clients"])
