"""The compact token in a certificate's QR code: a JWS (RFC 7515) signed with the body's Ed25519 key.

Header ``{"alg": "EdDSA", "kid": <key id>}``; claims with short keys so the QR code stays small:

====  =====================================================================================
n     certificate number without the revision suffix
r     revision (0 = first issue; printed as ``-R<r>`` from 1 on)
h     holder (the certified organisation's name as printed)
s     standard with its edition, e.g. ``ISO 9001:2015``
sd    scope digest: base64url SHA-256 of ``scope_canonical`` (scope text and each site's scope)
iss   the certification body's acronym
od    original certification date;  ed  effective date;  xd  expiry date (ISO 8601 dates)
iat   when the token was signed (seconds since the epoch, UTC)
====  =====================================================================================

"EdDSA" is the algorithm name JOSE libraries in the field verify today; RFC 9864 also names the same
signature "Ed25519", and tokens with that name are accepted too. joserfc warns that "EdDSA" is
deprecated in favour of "Ed25519"; the warning is about the name, not the signature, so this module
uses a registry whose EdDSA entry is the library's own algorithm without that warning.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import json
import unicodedata
from collections.abc import Iterable
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey
from joserfc.jws import JWSRegistry

from isocert.signing.crypto import b64url

ALGORITHMS = ("EdDSA", "Ed25519")
CLAIMS = ("n", "r", "h", "s", "sd", "iss", "od", "ed", "xd", "iat")
MAX_TOKEN_CHARS = 4000

_EDDSA = copy.copy(JWSRegistry.algorithms["EdDSA"])
_EDDSA.security_warning = None


class _Registry(JWSRegistry):
    algorithms = {**JWSRegistry.algorithms, "EdDSA": _EDDSA}


REGISTRY = _Registry(algorithms=list(ALGORITHMS))


class TokenError(ValueError):
    """The token cannot be read at all (not a compact JWS, or its parts are not JSON)."""


class BadSignature(ValueError):
    """The signature does not match the header and claims under the named key."""


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def scope_canonical(scope: str, sites: Iterable[tuple[str, str]]) -> str:
    """The text the scope digest covers: the scope, then one line per site, sorted.

    Whitespace is collapsed and Unicode normalised (NFC) so a re-typed but identical scope gives the
    same digest; each site line is ``site:<site label>|<scope at the site>``.
    """
    lines = ["scope:" + _norm(scope)]
    lines += sorted(f"site:{_norm(label)}|{_norm(site_scope)}" for label, site_scope in sites)
    return "\n".join(lines)


def scope_digest(scope: str, sites: Iterable[tuple[str, str]]) -> str:
    return b64url(hashlib.sha256(scope_canonical(scope, sites).encode()).digest())


def token_sign(claims: dict[str, Any], *, kid: str, private_key: Any) -> str:
    """Sign ``claims`` as a compact JWS with an Ed25519 private key (cryptography object)."""
    payload = json.dumps(claims, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    key = OKPKey.import_key(private_key)
    return jws.serialize_compact(
        {"alg": "EdDSA", "kid": kid}, payload.encode(), key, registry=REGISTRY
    )


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def token_parse(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims of a token, NOT verified: only to find the key and to show what it says."""
    token = token.strip()
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise TokenError("this is not a certificate token (empty or far too long)")
    parts = token.split(".")
    if len(parts) != 3 or not all(parts):
        raise TokenError("this is not a certificate token: a token has three parts joined by dots")
    try:
        header = json.loads(_b64decode(parts[0]))
        claims = json.loads(_b64decode(parts[1]))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise TokenError("this is not a certificate token: its parts are not readable") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise TokenError("this is not a certificate token: its parts are not JSON objects")
    if header.get("alg") not in ALGORITHMS:
        raise TokenError(
            f"the token uses the algorithm {str(header.get('alg'))[:20]!r}; certificate tokens "
            "are signed with EdDSA (Ed25519)"
        )
    if not isinstance(header.get("kid"), str):
        raise TokenError("the token does not name the key that signed it (no kid)")
    return header, claims


def token_check_signature(token: str, public_jwk: dict[str, Any]) -> dict[str, Any]:
    """The claims when the signature matches ``public_jwk``; ``BadSignature`` otherwise."""
    try:
        key = OKPKey.import_key({k: public_jwk[k] for k in ("kty", "crv", "x")})
        obj = jws.deserialize_compact(token.strip(), key, registry=REGISTRY)
        claims = json.loads(obj.payload)
    except (JoseError, ValueError, KeyError, TypeError):
        raise BadSignature("the signature does not match the token's contents") from None
    if not isinstance(claims, dict):
        raise BadSignature("the signed contents are not a claims object")
    return claims
