"""Is this certificate genuine? One verdict with its reasons, for a QR token or an uploaded PDF.

The checks run from the document outwards and stop at the first that fails:

1. Can it be read at all?                               → ``unreadable``
2. Does the signature match the content?                → ``altered``
3. Is the signing key one a body published, for the body the document names?  → ``unknown_key``
4. Is that key revoked, or expired?                     → ``revoked_key`` / ``expired_key``
5. What does the registry say now (online only)?        → ``genuine_*`` by status, and every
   difference between the signed claims and the live record in plain words.

An unsigned PDF is ``not_signed``; its text is compared with the registry record found by a number
in it, and a look-alike number (one character off, O for 0 …) is named as such.

Keys come from a ``KeySource``: the database (online) or a JWKS file (offline, no network).
"""

from isocert.signing.verify.keys import DatabaseKeys, JwksKeys, KeySource, PublishedKey
from isocert.signing.verify.pdfs import pdf_verify
from isocert.signing.verify.result import Check, Difference
from isocert.signing.verify.tokens import token_from_text, token_verify

__all__ = [
    "Check",
    "DatabaseKeys",
    "Difference",
    "JwksKeys",
    "KeySource",
    "PublishedKey",
    "pdf_verify",
    "token_from_text",
    "token_verify",
]
