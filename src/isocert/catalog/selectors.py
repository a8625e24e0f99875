"""Reads of the catalogue."""

from __future__ import annotations

from django.db.models import QuerySet

from isocert.catalog.models import IafCode, Standard


def standard_list() -> QuerySet[Standard]:
    return Standard.objects.prefetch_related("editions").order_by("code")


def iaf_code_list() -> QuerySet[IafCode]:
    return IafCode.objects.order_by("code")
