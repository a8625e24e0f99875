"""JSON twin of the watchlist pages (``/api/v1/watchlists/``) for a signed-in verifier: a session
(CSRF-checked for writes) or a personal bearer token. Another account gets 403; someone else's
watch is a 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.security import APIKeyCookie

from isocert.core.api_auth import TokenAuth
from isocert.core.paging import PageIn, api_page
from isocert.core.schemas import ErrorOut
from isocert.watchlists import selectors, services
from isocert.watchlists.models import Watch
from isocert.watchlists.schemas import AlertPage, DeliveryPage, WatchIn, WatchOut, WatchPage


class VerifierSession(APIKeyCookie):
    """The browser session (CSRF-checked for writes); a verifier has no back-office actor to build."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


router = Router(tags=["watchlists"], auth=[TokenAuth(), VerifierSession()])

ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _watch_out(watch: Watch, status: selectors.WatchStatus | None) -> dict[str, Any]:
    return {
        "id": watch.pk,
        "kind": watch.kind,
        "label": watch.label,
        "number": watch.number,
        "organisation_id": watch.client_id,
        "created_at": watch.created_at,
        "latest": None
        if status is None
        else {
            "verdict": status.verdict.value if status.verdict else None,
            "number": status.number,
            "expiry_date": status.expiry_date,
            "summary": status.summary,
        },
    }


@router.get("/watches", response={200: WatchPage, **ERRORS}, summary="My watches")
def watches(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    verifier = selectors.verifier_required(request.user)
    page = api_page(selectors.watch_list(verifier=verifier), paging)
    statuses = selectors.watch_statuses(page["items"])
    page["items"] = [_watch_out(w, statuses.get(w.pk)) for w in page["items"]]
    return page


@router.post(
    "/watches", response={200: WatchOut, 201: WatchOut, **ERRORS}, summary="Watch something"
)
def watch_add(request: HttpRequest, payload: WatchIn) -> Status:
    """Watch a certificate (every revision of its number) or a listed organisation; 201 when new,
    200 when already watched."""
    verifier = selectors.verifier_required(request.user)
    if payload.kind == "certificate":
        watch, created = services.watch_certificate(verifier=verifier, number=payload.number or "")
    else:
        watch, created = services.watch_organisation(
            verifier=verifier, organisation_id=payload.organisation_id or 0
        )
    status = selectors.watch_statuses([watch]).get(watch.pk)
    return Status(201 if created else 200, _watch_out(watch, status))


@router.delete("/watches/{watch_id}", response={204: None, **ERRORS}, summary="Stop watching")
def watch_remove(request: HttpRequest, watch_id: int) -> Status:
    verifier = selectors.verifier_required(request.user)
    services.watch_remove(verifier=verifier, watch_id=watch_id)
    return Status(204, None)


@router.get("/alerts", response={200: AlertPage, **ERRORS}, summary="My alerts")
def alerts(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    verifier = selectors.verifier_required(request.user)
    page = api_page(selectors.alert_list(verifier=verifier), paging)
    page["items"] = [
        {
            "id": a.pk,
            "event": a.event_seq,
            "kind": a.kind,
            "label": a.label,
            "occurred_at": a.occurred_at,
            "certificate_number": a.certificate_number,
            "holder": a.holder,
            "from_status": a.from_status,
            "to_status": a.to_status,
            "changes": a.changes,
            "watch_id": a.watch_id,
        }
        for a in page["items"]
    ]
    return page


@router.get("/deliveries", response={200: DeliveryPage, **ERRORS}, summary="My webhook deliveries")
def deliveries(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    verifier = selectors.verifier_required(request.user)
    page = api_page(selectors.delivery_list(verifier=verifier), paging)
    page["items"] = [
        {
            "id": d.pk,
            "kind": d.kind,
            "alert_id": d.alert_id,
            "url": d.url,
            "status": d.status,
            "attempts": [
                {
                    "number": a.number,
                    "started_at": a.started_at,
                    "duration_ms": a.duration_ms,
                    "status_code": a.status_code,
                    "error": a.error,
                }
                for a in d.attempt_log.all()
            ],
            "next_attempt_at": d.next_attempt_at,
            "delivered_at": d.delivered_at,
            "created_at": d.created_at,
        }
        for d in page["items"]
    ]
    return page
