"""The certificate PDF: what it prints (ISO/IEC 17021-1 8.2.2), its QR code, its signature, and every
forgery of a PDF caught with a clear verdict."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import time_machine
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.utils import timezone
from PIL import Image
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

from isocert.certification.choices import CertificateStatus
from isocert.core.errors import Refused
from isocert.signing import conf, document, selectors, services
from isocert.signing.choices import KeyKind, Verdict
from isocert.signing.models import SigningKey
from isocert.signing.pdfsign import INFO_ENTRY, pdf_sign
from isocert.signing.qrtoken import token_parse
from isocert.signing.verify import pdf_verify
from tests.signing.conftest import make_certificate, token_of

SHOTS = Path("test-results")


def text_of(pdf: bytes, page: int = 0) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[page].extract_text().split())


def links_of(pdf: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    annots = [a.get_object() for a in page.get("/Annots") or []]
    return [str(a["/A"]["/URI"]) for a in annots if a["/Subtype"] == "/Link"]


# --- What the document says ------------------------------------------------------------------------


def test_page_one_prints_everything_8_2_2_requires(signed_pdf: bytes) -> None:
    text = text_of(signed_pdf)
    for item in (
        "ACME CERTIFICATION",  # body name
        "1 High Street, London",  # body address
        "CERTIFICATE",
        "of registration / certification",
        "Widget Works Ltd",  # holder
        "Leeds, GB",  # its location
        "ISO 9001:2015",  # standard with edition
        "Design, manufacture and servicing of precision gears",  # scope
        "Head office",  # the site with its scope
        "Design and management of the system.",
        "ACME-9001-000001",  # unique number
        "15 March 2021",  # original certification
        "15 March 2024",  # effective date
        "14 March 2027",  # expiry date
        "accredited by National Accreditation Service (NAS), accreditation number 0001",
        "IAF sector code(s): 17, 18",
        "SCAN TO VERIFY",
    ):
        assert item in text, item
    assert len(PdfReader(io.BytesIO(signed_pdf)).pages) == 1


def test_a_revision_is_printed_with_its_suffix(personas: Any) -> None:
    cert = make_certificate(personas, number="ACME-9001-000007", revision=2)
    text = text_of(services.certificate_pdf_render(certificate=cert))
    assert "ACME-9001-000007-R2" in text and "revision 2" in text


def test_many_sites_go_to_an_annex_with_the_scope_at_each(personas: Any) -> None:
    cert = make_certificate(personas, sites=9)
    pdf = services.certificate_pdf_render(certificate=cert)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert "covers 9 sites" in text_of(pdf)
    annex = text_of(pdf, 1)
    assert "Annex to certificate ACME-9001-000001" in annex
    for i in range(1, 9):
        assert f"Plant {i}" in annex
    assert annex.count("Machining and assembly of gears.") == 8
    assert "page 2 of 2" in annex


def test_fonts_are_embedded(signed_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(signed_pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = (
            font.get("/FontDescriptor")
            or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        )
        descriptor = descriptor.get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def test_the_token_is_in_the_metadata_and_the_qr_link(signed_pdf: bytes) -> None:
    token = token_of(signed_pdf)
    assert links_of(signed_pdf) == [conf.verification_url(token)]
    assert conf.verification_url(token).startswith("http://127.0.0.1:8000/v/eyJ")


def test_the_verification_url_follows_the_public_address(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(conf.PUBLIC_URL_ENV, "https://certs.example.org/")
    pdf = services.certificate_pdf_render(certificate=make_certificate(personas))
    assert links_of(pdf)[0].startswith("https://certs.example.org/v/")
    assert "certs.example.org/check/" in text_of(pdf)


def test_a_draft_is_never_signed(personas: Any) -> None:
    cert = make_certificate(personas, status=CertificateStatus.DRAFT)
    with pytest.raises(Refused, match="draft"):
        services.certificate_pdf_render(certificate=cert)
    assert not SigningKey.objects.exists()


def test_the_same_revision_is_served_from_the_cache(certificate: Any) -> None:
    first = services.certificate_pdf_render(certificate=certificate)
    assert services.certificate_pdf_render(certificate=certificate) == first
    certificate.client.name = "Widget Works Group plc"
    certificate.client.save()
    certificate.refresh_from_db()
    assert services.certificate_pdf_render(certificate=certificate) != first


# --- The QR code decodes to the verification URL ----------------------------------------------


def render_page(pdf: bytes, tmp_path: Path, dpi: int) -> Image.Image:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    return Image.open(tmp_path / "page.png").convert("RGB")


def read_qr_modules(page: Image.Image, dpi: int) -> list[list[int]]:
    """Sample the QR code printed on page 1 module by module (finder pattern gives the size)."""
    scale = dpi / 72
    box = (
        int(document.QR_X * scale),
        int((document.PAGE_H - document.QR_Y - document.QR_SIZE) * scale),
        int((document.QR_X + document.QR_SIZE) * scale),
        int((document.PAGE_H - document.QR_Y) * scale),
    )
    img = page.crop(box).convert("L")
    width, height = img.size
    px = img.load()
    dark = [(x, y) for y in range(height) for x in range(width) if px[x, y] < 128]
    left, top = min(x for x, _y in dark), min(y for _x, y in dark)
    right = max(x for x, _y in dark)
    run = 0
    while px[left + run, top + 2] < 128:
        run += 1
    module = run / 7  # the finder pattern is 7 modules wide
    # a QR code of version v has 17 + 4v modules a side: take the size nearest the measurement
    n = min((17 + 4 * v for v in range(1, 41)), key=lambda c: abs(c - (right - left + 1) / module))
    size = (right - left + 1) / n
    return [
        [int(px[int(left + (c + 0.5) * size), int(top + (r + 0.5) * size)] < 128) for c in range(n)]
        for r in range(n)
    ]


def test_the_qr_code_decodes_to_the_verification_url(signed_pdf: bytes, tmp_path: Path) -> None:
    page = render_page(signed_pdf, tmp_path, dpi=400)
    printed = read_qr_modules(page, dpi=400)
    expected_url = conf.verification_url(token_of(signed_pdf))
    assert printed == [list(row) for row in document.qr_matrix(expected_url)]
    assert printed != [list(row) for row in document.qr_matrix(expected_url + "x")]


def test_page_one_renders_as_a_certificate(signed_pdf: bytes, tmp_path: Path) -> None:
    page = render_page(signed_pdf, tmp_path, dpi=110)
    SHOTS.mkdir(exist_ok=True)
    page.save(SHOTS / "certificate-page1.png")
    assert page.size[0] < page.size[1]  # A4 portrait
    colours = page.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50  # not a blank page: border, seal, text and QR code are drawn


# --- The signature -----------------------------------------------------------------------------


def test_the_pdf_carries_a_pades_signature_of_the_body(signed_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(signed_pdf))
    fields = reader.get_fields() or {}
    sig = fields["IsocertSignature"]["/V"]
    assert sig["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig["/Name"] == "Acme Certification"
    check = pdf_verify(signed_pdf)
    assert check.verdict == Verdict.GENUINE_VALID, check.reasons
    assert check.source == "pdf"
    assert "was not changed after signing" in check.reasons[0]


def test_edited_bytes_are_caught(signed_pdf: bytes) -> None:
    token = token_of(signed_pdf)
    head, payload, sig = token.split(".")
    forged_token = ".".join([head, payload[:-4] + "AAAA", sig])
    edited = signed_pdf.replace(token.encode(), forged_token.encode())
    assert edited != signed_pdf and len(edited) == len(signed_pdf)
    check = pdf_verify(edited)
    assert check.verdict == Verdict.ALTERED
    assert "altered after it was signed" in check.reasons[0]


def test_a_flipped_byte_in_the_page_content_is_caught(signed_pdf: bytes) -> None:
    at = signed_pdf.index(b"stream", 2000) + 40
    edited = bytearray(signed_pdf)
    edited[at] ^= 0x01
    assert pdf_verify(bytes(edited)).verdict == Verdict.ALTERED


def test_content_added_after_signing_is_caught(signed_pdf: bytes) -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    overlay = generic.StreamObject(stream_data=b"BT /F1 30 Tf 100 400 Td (VALID UNTIL 2099) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(overlay))
    out = io.BytesIO()
    writer.write(out)
    check = pdf_verify(out.getvalue())
    assert check.verdict == Verdict.ALTERED
    assert "added to the PDF after it was signed" in check.reasons[0]


def forger_chain(common_name: str = "Acme Certification") -> tuple[list[x509.Certificate], Any]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
        ]
    )
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return [cert], key


def test_a_pdf_signed_by_a_look_alike_certificate_is_caught(
    certificate: Any, signed_pdf: bytes
) -> None:
    token = token_of(signed_pdf)
    unsigned = document.render(selectors.certificate_document(certificate, token=token))
    chain, key = forger_chain()
    forged = pdf_sign(
        unsigned,
        token=token,
        chain=chain,
        private_key=key,
        signer_name="Acme",
        location="",
        reason="",
    )
    check = pdf_verify(forged)
    assert check.verdict == Verdict.UNKNOWN_KEY
    assert "“Acme Certification”, a certificate that no certification body" in check.reasons[0]


def test_a_pdf_signed_with_another_bodys_certificate_is_caught(
    personas: Any, signed_pdf: bytes, certificate: Any
) -> None:
    bore = make_certificate(personas, number="BORE-9001-000001", client=personas.other_client)
    services.certificate_pdf_render(certificate=bore)  # BORE gets its keys
    bore_key = selectors.signing_key_current(
        certification_body=personas.other_cb, kind=KeyKind.X509
    )
    assert bore_key is not None
    token = token_of(signed_pdf)  # ACME's genuine token
    unsigned = document.render(selectors.certificate_document(certificate, token=token))
    forged = pdf_sign(
        unsigned,
        token=token,
        chain=selectors_chain(bore_key),
        private_key=services.private_key(bore_key),
        signer_name="Borealis",
        location="",
        reason="",
    )
    check = pdf_verify(forged)
    assert check.verdict == Verdict.UNKNOWN_KEY
    assert "do not belong together" in check.reasons[0]


def selectors_chain(key: SigningKey) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(key.certificate_pem.encode())


def test_a_pdf_signed_with_a_revoked_certificate(admin_actor: Any, signed_pdf: bytes) -> None:
    pdf_key = SigningKey.objects.get(kind=KeyKind.X509)
    services.signing_key_revoke(actor=admin_actor, kid=pdf_key.kid, reason="exposed")
    check = pdf_verify(signed_pdf)
    assert check.verdict == Verdict.REVOKED_KEY
    assert "The PDF is signed with the key" in check.reasons[0]
    assert "registry shows ACME-9001-000001 as valid" in check.reasons[-1]


def test_a_pdf_signed_with_an_expired_certificate(signed_pdf: bytes) -> None:
    with time_machine.travel(timezone.now() + dt.timedelta(days=365 * 6), tick=False):
        check = pdf_verify(signed_pdf)
    assert check.verdict == Verdict.EXPIRED_KEY


def test_a_genuine_pdf_of_a_superseded_revision(
    personas: Any, certificate: Any, signed_pdf: bytes
) -> None:
    certificate.status = CertificateStatus.SUPERSEDED
    certificate.save()
    make_certificate(personas, revision=1, supersedes=certificate, expiry=dt.date(2028, 3, 14))
    check = pdf_verify(signed_pdf)
    assert check.verdict == Verdict.GENUINE_SUPERSEDED
    assert any("expiry date" in d.text and "14 March 2028" in d.text for d in check.differences)


def test_a_genuine_pdf_of_a_suspended_certificate(certificate: Any, signed_pdf: bytes) -> None:
    certificate.status = CertificateStatus.SUSPENDED
    certificate.save()
    assert pdf_verify(signed_pdf).verdict == Verdict.GENUINE_SUSPENDED


# --- Unsigned PDFs: the text is compared with the registry ----------------------------------------


def remade(cert: Any, token: str = "", **changes: Any) -> bytes:
    """A PDF remade "in an afternoon": same layout, no signature, some details changed."""
    doc = selectors.certificate_document(cert, token=token or "x")
    return document.render(document.CertificateDocument(**{**doc.__dict__, **changes}))


def test_an_unsigned_copy_with_an_edited_expiry_date(certificate: Any, signed_pdf: bytes) -> None:
    forged = remade(certificate, token=token_of(signed_pdf), expiry_date=dt.date(2029, 3, 14))
    check = pdf_verify(forged)
    assert check.verdict == Verdict.NOT_SIGNED
    assert "no digital signature" in check.reasons[0]
    assert check.certificate is not None and check.certificate.pk == certificate.pk
    [diff] = check.differences
    assert diff.field == "xd" and diff.registry == "14 March 2027"
    assert "“14 March 2027” is not in the document" in diff.text


def test_an_unsigned_copy_with_another_holder(certificate: Any) -> None:
    check = pdf_verify(remade(certificate, holder="Cheap Parts Trading"))
    assert check.verdict == Verdict.NOT_SIGNED
    assert {d.field for d in check.differences} == {"holder"}


def test_an_unsigned_copy_with_a_look_alike_number(certificate: Any) -> None:
    forged = remade(certificate, printed_number="ACME-9001-O00001")  # letter O for zero
    check = pdf_verify(forged)
    assert check.verdict == Verdict.NOT_SIGNED
    assert check.certificate is None  # the look-alike is NOT taken for the real certificate
    hint = check.reasons[-1]
    assert "ACME9001O00001" in hint and "ACME-9001-000001" in hint and "look-alike" in hint


def test_a_qr_code_pointing_to_a_look_alike_site(certificate: Any, signed_pdf: bytes) -> None:
    token = token_of(signed_pdf)
    forged = remade(
        certificate, token=token, verification_url=f"https://isocert-verify.example/v/{token}"
    )
    check = pdf_verify(forged)
    assert check.verdict == Verdict.NOT_SIGNED
    assert any("isocert-verify.example" in r and "not to this registry" in r for r in check.reasons)


def test_a_stripped_signature_with_a_genuine_token_still_compares_the_text(
    certificate: Any, signed_pdf: bytes
) -> None:
    token = token_of(signed_pdf)
    forged = remade(certificate, token=token, scope="Everything the company does.")
    check = pdf_verify(forged)
    assert check.verdict == Verdict.NOT_SIGNED
    assert any("QR token is genuine" in r for r in check.reasons)
    assert [d.field for d in check.differences] == ["scope"]
    assert check.claims is not None and token_parse(token)[1]["n"] == check.claims["n"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"hello, I am a text file", "not a PDF"),
        (b"%PDF-1.7\n" + b"\x00garbage" * 100, "cannot be read"),
        (b"", "not a PDF"),
        (b"%PDF-1.4\n" + b"0" * (conf.MAX_UPLOAD_BYTES + 1), "larger than 5 MB"),
    ],
)
def test_files_that_are_no_certificate_pdf(data: bytes, words: str) -> None:
    check = pdf_verify(data)
    assert check.verdict == Verdict.UNREADABLE
    assert words in check.reasons[0]


def test_a_truncated_signed_pdf_is_not_genuine(signed_pdf: bytes) -> None:
    check = pdf_verify(signed_pdf[: len(signed_pdf) // 2])
    assert check.verdict in {Verdict.UNREADABLE, Verdict.ALTERED, Verdict.NOT_SIGNED}
    assert not check.genuine


def test_the_info_entry_name_is_stable() -> None:
    # verify-pdf of documents already printed depends on it
    assert INFO_ENTRY == "/IsocertToken"
