"""Public pages: verify a scanned token (/v/<token>), check an uploaded PDF (/check/), the published
keys (/.well-known/jwks.json) and the certificate PDF download (/certificates/<number>/pdf)."""

from __future__ import annotations

import io
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from isocert.accreditation.models import CertificationBody
from isocert.core.errors import Refused
from isocert.core.permissions import actor_for
from isocert.signing import conf, selectors, services
from isocert.signing.forms import PdfCheckForm
from isocert.signing.verify import Check, DatabaseKeys, pdf_verify, token_verify

VERDICT_CLASS = {
    "genuine_valid": "verdict-renewal",
    "genuine_changed": "verdict-restoration",
    "genuine_suspended": "verdict-restoration",
    "genuine_superseded": "verdict-restoration",
}


def _verdict_context(check: Check) -> dict[str, object]:
    data = check.as_dict()
    return {
        "check": data,
        "verdict_class": VERDICT_CLASS.get(data["verdict"], "verdict-refused"),
        "claim_rows": _claim_rows(data),
    }


def _claim_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Signed claim next to the live record, one row per thing a buyer compares."""
    claims = data.get("claims") or data.get("unverified_claims") or {}
    cert = data.get("current") or data.get("certificate") or {}
    if not claims and not cert:
        return []
    number = (
        selectors.printed_number(str(claims.get("n", "")), int(claims.get("r") or 0))
        if claims
        else ""
    )
    rows = [
        (_("Certificate number"), number, cert.get("printed_number", "")),
        (_("Holder"), claims.get("h", ""), cert.get("holder", "")),
        (_("Standard"), claims.get("s", ""), cert.get("standard", "")),
        (_("Certification body"), claims.get("iss", ""), cert.get("body", "")),
        (_("Original certification"), claims.get("od", ""), cert.get("original_issue_date", "")),
        (_("Effective date"), claims.get("ed", ""), cert.get("effective_date", "")),
        (_("Expiry date"), claims.get("xd", ""), cert.get("expiry_date", "")),
        (_("Status"), "", cert.get("status_label", "")),
    ]
    return [
        {
            "label": label,
            "document": str(doc),
            "registry": str(reg),
            "differs": bool(doc and reg and doc != reg),
        }
        for label, doc, reg in rows
    ]


@never_cache
@require_GET
def verify_token_page(request: HttpRequest, token: str) -> HttpResponse:
    check = token_verify(token, keys=DatabaseKeys())
    return render(request, "signing/verify.html", _verdict_context(check))


@never_cache
@require_http_methods(["GET", "POST"])
def check_pdf(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"max_mb": conf.MAX_UPLOAD_BYTES // (1024 * 1024)}
    if request.method == "POST":
        form = PdfCheckForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            context.update(_verdict_context(pdf_verify(upload.read())))
            context["filename"] = upload.name
    else:
        form = PdfCheckForm()
    context["form"] = form
    return render(request, "signing/check.html", context, status=200)


def _jwks_response(doc: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(doc, json_dumps_params={"indent": 2})
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"  # public keys: any verifier may fetch them
    return response


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    return _jwks_response(selectors.jwks_document())


@require_GET
def jwks_body(request: HttpRequest, acronym: str) -> JsonResponse:
    body = CertificationBody.objects.filter(acronym__iexact=acronym).first()
    if body is None:
        raise Http404(_("No certification body %(acr)s.") % {"acr": acronym})
    return _jwks_response(selectors.jwks_document(certification_body=body))


@require_GET
def certificate_pdf(request: HttpRequest, lookup_key: str) -> HttpResponseBase:
    actor = actor_for(request.user)
    try:
        cert = selectors.certificate_for_document(actor=actor, lookup_key=lookup_key)
        pdf = services.certificate_pdf_render(certificate=cert, actor=actor)
    except Refused as exc:
        return render(request, "signing/pdf_refused.html", {"message": exc.message}, status=409)
    filename = f"certificate-{cert.printed_number}.pdf"
    response = FileResponse(io.BytesIO(pdf), content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "private, no-store" if actor.cb_id else "private, max-age=300"
    return response
