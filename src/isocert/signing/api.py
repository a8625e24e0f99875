"""Public JSON API of certificate signatures (mounted at /api/v1/ by isocert.api): no login needed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router, UploadedFile

from isocert.core.errors import Refused
from isocert.core.schemas import ErrorOut
from isocert.signing import conf
from isocert.signing.schemas import QrTokenIn, TokenVerdictOut
from isocert.signing.verify import DatabaseKeys, pdf_verify, token_from_text, token_verify

router = Router(tags=["signatures"])

ERRORS = {400: ErrorOut, 422: ErrorOut}


@router.post(
    "/verify-token",
    response={200: TokenVerdictOut, **ERRORS},
    summary="Verify a certificate's QR token",
    description=(
        "Checks the token's EdDSA signature against the keys the bodies published, then compares "
        "its claims with the live registry record. One verdict, with reasons and differences."
    ),
)
def verify_token(request: HttpRequest, payload: QrTokenIn) -> dict[str, Any]:
    return token_verify(token_from_text(payload.token), keys=DatabaseKeys()).as_dict()


@router.post(
    "/verify-pdf",
    response={200: TokenVerdictOut, **ERRORS},
    summary="Verify an uploaded certificate PDF",
    description=(
        "multipart/form-data with one field `file` (a PDF up to 5 MB). Checks the PAdES signature "
        "(altered after signing?), the signer against the published keys, and the live status; "
        "an unsigned PDF is compared with the registry record its number points to."
    ),
)
def verify_pdf(request: HttpRequest, file: File[UploadedFile]) -> dict[str, Any]:
    if file.size is not None and file.size > conf.MAX_UPLOAD_BYTES:
        raise Refused(
            f"the file is {file.size:,} bytes; a certificate PDF is under "
            f"{conf.MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
            details={"field": "file", "max_bytes": conf.MAX_UPLOAD_BYTES},
        )
    return pdf_verify(file.read()).as_dict()
