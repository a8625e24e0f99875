"""Uploaded PDFs: signature and coverage, signer, the token inside; unsigned ones by their text."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import unicodedata
from urllib.parse import unquote, urlsplit

from cryptography import x509
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.certification.models import Certificate
from isocert.signing import conf, selectors
from isocert.signing.choices import Verdict
from isocert.signing.document import date_text, printable
from isocert.signing.pdfsign import (
    INFO_ENTRY,
    PdfUnreadable,
    chain_trusted,
    embedded_token,
    fingerprint,
    pdf_reader,
    signature_facts,
)
from isocert.signing.qrtoken import (
    TokenError,
    token_parse,
)
from isocert.signing.verify.keys import DatabaseKeys, KeySource
from isocert.signing.verify.live import status_check
from isocert.signing.verify.result import Check, Difference, claims_number
from isocert.signing.verify.tokens import attach_live, key_problem, token_verify


def _subject(cert: x509.Certificate) -> str:
    names = []
    for oid in (x509.oid.NameOID.COMMON_NAME, x509.oid.NameOID.ORGANIZATION_NAME):
        names += [str(attr.value) for attr in cert.subject.get_attributes_for_oid(oid)]
    return ", ".join(dict.fromkeys(names)) or cert.subject.rfc4514_string()


def pdf_verify(
    data: bytes, *, keys: KeySource | None = None, now: dt.datetime | None = None
) -> Check:
    """Verify an uploaded certificate PDF; never raises on hostile input."""
    keys = keys or DatabaseKeys()
    now = now or timezone.now()
    if len(data) > conf.MAX_UPLOAD_BYTES:
        return Check(
            Verdict.UNREADABLE,
            [
                _("The file is larger than %(mb)s MB; a certificate PDF is far smaller.")
                % {"mb": conf.MAX_UPLOAD_BYTES // (1024 * 1024)}
            ],
            source="pdf",
        )
    if b"%PDF-" not in data[:1024]:
        return Check(
            Verdict.UNREADABLE,
            [_("This is not a PDF file. Upload the certificate as the PDF you received.")],
            source="pdf",
        )
    try:
        reader = pdf_reader(data)
        facts = signature_facts(reader)
    except PdfUnreadable:
        return Check(
            Verdict.UNREADABLE,
            [_("The file starts like a PDF but cannot be read: it is damaged or malformed.")],
            source="pdf",
        )
    except Exception:  # a signature dictionary that pyHanko cannot parse was tampered with
        return Check(
            Verdict.ALTERED,
            [_("The file's signature cannot be read: the file was damaged or altered.")],
            source="pdf",
        )
    if facts is None:
        return unsigned_verify(data, keys=keys, now=now)
    if not (facts.intact and facts.valid):
        return Check(
            Verdict.ALTERED,
            [
                _(
                    "The PDF was altered after it was signed: the signed bytes no longer match "
                    "the signature. Do not rely on what it shows."
                )
            ],
            source="pdf",
        )
    if not facts.covers_whole_file:
        return Check(
            Verdict.ALTERED,
            [
                _(
                    "Content was added to the PDF after it was signed (an incremental update, "
                    "judged “%(level)s”): what a reader shows may differ from what was signed."
                )
                % {"level": facts.modification.lower().replace("_", " ")}
            ],
            source="pdf",
        )
    key = keys.by_certificate(fingerprint(facts.signer_certificate))
    subject = _subject(facts.signer_certificate)
    if key is None:
        return Check(
            Verdict.UNKNOWN_KEY,
            [
                _(
                    "The PDF is signed by “%(s)s”, a certificate that no certification body of "
                    "this registry has published. Anyone can make such a signature."
                )
                % {"s": subject}
            ],
            source="pdf",
        )
    token = embedded_token(reader)
    problem = key_problem(key, {}, now, what=_("The PDF"))
    if problem is not None:
        problem.source, problem.claims = "pdf", None
        if token and not keys.offline:
            with contextlib.suppress(TokenError):
                attach_live(problem, token_parse(token)[1], now)
        return problem
    moment = min(now, key.not_after - dt.timedelta(seconds=1))
    if not chain_trusted(reader, list(key.chain[-1:]), moment):
        return Check(
            Verdict.UNKNOWN_KEY,
            [
                _("The PDF's signing certificate does not chain to %(body)s's published CA.")
                % {"body": key.cb_name}
            ],
            key=key,
            source="pdf",
        )
    signed_by = _(
        "The PDF is signed by %(body)s with its published certificate %(kid)s and was not changed "
        "after signing."
    ) % {"body": key.cb_name, "kid": key.kid}
    if not token:
        cert = _certificate_in_text(_pdf_text(data), body=key.cb_acronym)
        if cert is None:
            return Check(
                Verdict.NOT_IN_REGISTRY,
                [
                    signed_by,
                    _("It carries no verification token and no number the registry knows."),
                ],
                key=key,
                source="pdf",
            )
        check = status_check(cert, now.date())
        check.reasons.insert(0, signed_by)
        check.key, check.source = key, "pdf"
        return check
    check = token_verify(token, keys=keys, now=now, source="pdf")
    if check.key is not None and check.key.cb_acronym != key.cb_acronym:
        return Check(
            Verdict.UNKNOWN_KEY,
            [
                _(
                    "The PDF is signed by %(pdf)s, but the verification token inside is signed by "
                    "%(tok)s: the two do not belong together."
                )
                % {"pdf": key.cb_name, "tok": check.key.cb_name}
            ],
            source="pdf",
        )
    check.reasons.insert(0, signed_by)
    return check


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        return "\n".join((page.extract_text() or "") for page in reader.pages[:20])
    except Exception:  # unreadable text just means nothing to compare
        return ""


def _pdf_links(data: bytes) -> list[str]:
    from pypdf import PdfReader

    links: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        for page in reader.pages[:20]:
            for annot in page.get("/Annots") or []:
                obj = annot.get_object()
                action = obj.get("/A")
                uri = action.get_object().get("/URI") if action is not None else None
                if uri:
                    links.append(str(uri))
        metadata = reader.metadata
        token = metadata.get(INFO_ENTRY) if metadata is not None else None
        if token:
            links.append("token:" + str(token))
    except Exception:  # damaged annotations: no links
        return links
    return links


URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
CONFUSABLE = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"}
)


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _number_candidates(text: str) -> set[str]:
    out = set()
    for word in re.split(r"[\s,;:()“”\"']+", text):
        word = word.strip(".")
        if 4 <= len(word) <= 70 and re.search(r"\d", word) and re.search(r"[A-Za-z]", word):
            out.add(selectors.lookup_key_of(word))
    return out


def _certificate_in_text(text: str, *, body: str | None = None) -> Certificate | None:
    found = selectors.certificates_by_lookup_keys(_number_candidates(text))
    if body:
        found = [c for c in found if c.certification_body.acronym == body] or found
    return found[0] if found else None


def lookalike_hint(text: str) -> str:
    """A sentence naming a registered number that the document's number imitates, or ``""``."""
    from rapidfuzz.distance import Levenshtein

    for candidate in sorted(_number_candidates(text), key=len, reverse=True):
        if not re.search(r"\d{3,}", candidate):
            continue
        known = selectors.lookup_keys_like(candidate[:2])
        best: tuple[int, str, int] | None = None
        for key, number, revision in known:
            distance = Levenshtein.distance(candidate, key)
            same_look = candidate.translate(CONFUSABLE) == key.translate(CONFUSABLE)
            if distance <= 2 or same_look:
                score = 0 if same_look else distance
                if best is None or score < best[0]:
                    best = (score, number, revision)
        if best is not None:
            real = selectors.printed_number(best[1], best[2])
            return _(
                "No certificate has the number printed on this document (%(doc)s). The registry "
                "has %(real)s, which looks almost the same — a look-alike number is a common sign "
                "of forgery; that certificate is not this document."
            ) % {"doc": candidate, "real": real}
    return ""


def text_differences(text: str, cert: Certificate) -> list[Difference]:
    """What the registry record says that the document's text does not (or says differently)."""
    haystack = _norm(text)

    def present(value: str) -> bool:
        return bool(value) and (_norm(value) in haystack or _norm(printable(value)) in haystack)

    expected: list[tuple[str, str, str]] = [
        ("number", _("certificate number"), cert.printed_number),
        ("holder", _("holder"), selectors.holder_name(cert)),
        ("standard", _("standard"), selectors.standard_label(cert)),
        ("scope", _("scope"), cert.scope),
        ("body", _("certification body"), cert.certification_body.name),
        ("od", _("original certification date"), date_text(cert.original_issue_date)),
        ("ed", _("effective date"), date_text(cert.effective_date)),
        ("xd", _("expiry date"), date_text(cert.expiry_date)),
    ]
    for site, scope in selectors.certificate_sites(cert)[:50]:
        expected.append(("site", _("site"), site.name))
        expected.append(("site_scope", _("scope at %(s)s") % {"s": site.name}, scope))
    out = []
    for name, label, value in expected:
        if not present(value):
            out.append(
                Difference(
                    name,
                    label,
                    _("not found"),
                    value,
                    _("The registry's %(label)s “%(value)s” is not in the document.")
                    % {"label": label, "value": value},
                )
            )
    return out


def unsigned_verify(data: bytes, *, keys: KeySource, now: dt.datetime) -> Check:
    """No signature: say so, then compare the visible text with the registry."""
    text = _pdf_text(data)
    reasons = [
        _(
            "The PDF carries no digital signature. Certificates issued through this registry are "
            "always signed, so this file is a copy that lost its signature or was made elsewhere."
        )
    ]
    _scheme, host = conf.public_origin()
    links = _pdf_links(data) + URL_IN_TEXT.findall(text)
    token = ""
    for link in links:
        if link.startswith("token:"):
            token = token or link.removeprefix("token:")
            continue
        parts = urlsplit(link)
        if "/v/" in parts.path:
            if parts.netloc.lower() != host:
                reasons.append(
                    _(
                        "Its QR code or link sends you to %(site)s, not to this registry "
                        "(%(ours)s): a look-alike verification site shows whatever the forger "
                        "wants."
                    )
                    % {"site": parts.netloc[:80], "ours": host}
                )
            else:
                token = token or unquote(parts.path.split("/v/", 1)[1]).strip("/")
    check = Check(Verdict.NOT_SIGNED, reasons, source="pdf")
    cert = None
    if token:
        inner = token_verify(token, keys=keys, now=now, source="pdf")
        if inner.genuine or inner.verdict in (Verdict.REVOKED_KEY, Verdict.EXPIRED_KEY):
            check.reasons.append(
                _(
                    "Its QR token is genuine (certificate %(n)s), so the visible text was compared "
                    "with the registry record."
                )
                % {"n": claims_number(inner.claims or {})}
            )
            cert = inner.certificate
            check.claims = inner.claims
        else:
            check.reasons.append(
                _("Its QR token is not genuine: %(why)s") % {"why": " ".join(inner.reasons)}
            )
    if cert is None:
        cert = _certificate_in_text(text)
    if cert is None:
        hint = lookalike_hint(text)
        check.reasons.append(hint or _("No certificate number in the document is in the registry."))
        return check
    check.certificate = cert
    live = status_check(cert, now.date())
    check.current = live.current
    check.reasons.append(
        _("The document names certificate %(n)s. %(status)s")
        % {"n": cert.printed_number, "status": " ".join(live.reasons)}
    )
    check.differences = text_differences(text, cert)
    if check.differences:
        check.reasons.append(
            _("%(k)s detail(s) of the registry record are missing or different in the document.")
            % {"k": len(check.differences)}
        )
    else:
        check.reasons.append(
            _("Its text matches the registry record, but without a signature that proves nothing.")
        )
    return check
