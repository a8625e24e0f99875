"""PAdES signatures on certificate PDFs with pyHanko: sign, and read back what a signature proves.

Signing adds, in ONE incremental update covered by the signature, the verification token to the
document information dictionary (``/IsocertToken``) and a PAdES baseline B-B signature
(ETSI.CAdES.detached, SHA-256) made with the body's X.509 key. Any byte changed afterwards breaks the
digest; anything appended afterwards (an incremental update) leaves part of the file unsigned.

pyHanko's synchronous helpers call ``asyncio.run``; ``_run`` also works where an event loop is already
running in the thread (an ASGI server, Playwright's sync API in tests).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from isocert.signing.crypto import PrivateKey, cert_der, private_der

INFO_ENTRY = "/IsocertToken"
FIELD = "IsocertSignature"

T = TypeVar("T")


def _run(coro: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert_der(cert))


def pdf_sign(
    pdf: bytes,
    *,
    token: str,
    chain: list[x509.Certificate],
    private_key: PrivateKey,
    signer_name: str,
    location: str,
    reason: str,
) -> bytes:
    """Embed ``token`` and sign the PDF with the certificate ``chain[0]`` (PAdES B-B)."""
    store = SimpleCertificateStore()
    store.register_multiple([_asn1_cert(c) for c in chain[1:]])
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(chain[0]),
        signing_key=asn1_keys.PrivateKeyInfo.load(private_der(private_key)),
        cert_registry=store,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=True)
    info = writer.trailer["/Info"].get_object()
    info[generic.NameObject(INFO_ENTRY)] = generic.TextStringObject(token)
    writer.update_container(info)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name,
        location=location,
        reason=reason,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer)
    out = io.BytesIO()
    _run(pdf_signer.async_sign_pdf(writer, output=out))
    return out.getvalue()


@dataclass(frozen=True)
class SignatureFacts:
    """What the embedded signature proves, before any registry lookup."""

    intact: bool  # the signed bytes hash to the signed digest
    valid: bool  # the signature over that digest verifies with the signer certificate's key
    covers_whole_file: bool  # nothing was appended after signing
    modification: str  # pyHanko's judgement of appended changes, for the reasons
    signer_certificate: x509.Certificate
    embedded_certificates: list[x509.Certificate]
    signed_at: datetime | None  # the signer's claimed time (not a trusted timestamp)
    signatures: int


class PdfUnreadable(ValueError):
    """The bytes are not a PDF pyHanko can read."""


def pdf_reader(data: bytes) -> PdfFileReader:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.root  # noqa: B018 - forces the catalogue to parse
        return reader
    except Exception as exc:  # any parser failure on hostile input means "unreadable"
        raise PdfUnreadable(str(exc)[:200] or type(exc).__name__) from None


def signature_facts(reader: PdfFileReader) -> SignatureFacts | None:
    """The first signature's integrity and coverage, or None when the PDF is not signed."""
    signatures = reader.embedded_signatures
    if not signatures:
        return None
    sig = signatures[0]
    from cryptography.x509 import load_der_x509_certificate

    signer = load_der_x509_certificate(sig.signer_cert.dump())
    embedded = [load_der_x509_certificate(c.dump()) for c in sig.other_embedded_certs]
    # integrity only: trust is decided against the registry's published certificates
    context = ValidationContext(
        trust_roots=[sig.signer_cert], allow_fetching=False, revocation_mode="soft-fail"
    )
    status = _run(
        async_validate_pdf_signature(
            sig,
            signer_validation_context=context,
            key_usage_settings=KeyUsageConstraints(
                key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
            ),
        )
    )
    modification = status.modification_level.name if status.modification_level else "UNKNOWN"
    return SignatureFacts(
        intact=bool(status.intact),
        valid=bool(status.valid),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        modification=modification,
        signer_certificate=signer,
        embedded_certificates=embedded,
        signed_at=sig.self_reported_timestamp,
        signatures=len(signatures),
    )


def chain_trusted(reader: PdfFileReader, roots: list[x509.Certificate], moment: datetime) -> bool:
    """Whether the first signature's certificate chains to one of ``roots`` at ``moment``."""
    sig = reader.embedded_signatures[0]
    context = ValidationContext(
        trust_roots=[_asn1_cert(r) for r in roots],
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=moment,
    )
    try:
        status = _run(
            async_validate_pdf_signature(
                sig,
                signer_validation_context=context,
                key_usage_settings=KeyUsageConstraints(
                    key_usage={"digital_signature", "non_repudiation"},
                    match_all_key_usages=False,
                ),
                skip_diff=True,
            )
        )
    except (SigningError, ValueError):
        return False
    return bool(status.trusted)


def embedded_token(reader: PdfFileReader) -> str:
    """The verification token isocert put in the document information, or ``""``."""
    try:
        info = reader.trailer["/Info"].get_object()
        value = info.get(INFO_ENTRY)
        return str(value) if value is not None else ""
    except Exception:  # a damaged info dictionary just means "no token"
        return ""


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()
