"""QR tokens: signature, key, issuer, then (online) the live record."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import unquote

from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.signing import conf
from isocert.signing.choices import KeyKind, KeyStatus, Verdict
from isocert.signing.qrtoken import (
    CLAIMS,
    BadSignature,
    TokenError,
    token_check_signature,
    token_parse,
)
from isocert.signing.verify.keys import KeySource, PublishedKey
from isocert.signing.verify.live import live_check
from isocert.signing.verify.result import Check


def _day(value: dt.datetime) -> str:
    return f"{value.astimezone(dt.UTC):%Y-%m-%d}"


def key_problem(
    key: PublishedKey, claims: dict[str, Any], now: dt.datetime, *, what: str = ""
) -> Check | None:
    """Revoked, expired or signed outside its validity: the verdict and the reason, else None."""
    what = what or _("It")
    status = key.status(now)
    if status == KeyStatus.REVOKED:
        assert key.revoked_at is not None
        return Check(
            Verdict.REVOKED_KEY,
            [
                _(
                    "%(what)s is signed with the key %(kid)s of %(body)s, which the body revoked "
                    "on %(day)s. Documents signed with a revoked key are no longer trusted: ask "
                    "%(body)s for a freshly signed certificate."
                )
                % {"what": what, "kid": key.kid, "body": key.cb_name, "day": _day(key.revoked_at)}
            ],
            claims=claims,
            key=key,
        )
    if status == KeyStatus.EXPIRED:
        return Check(
            Verdict.EXPIRED_KEY,
            [
                _(
                    "%(what)s is signed with the key %(kid)s of %(body)s, which expired on "
                    "%(day)s; a signature by an expired key proves nothing any more. Ask %(body)s "
                    "for a freshly signed certificate."
                )
                % {"what": what, "kid": key.kid, "body": key.cb_name, "day": _day(key.not_after)}
            ],
            claims=claims,
            key=key,
        )
    iat = claims.get("iat")
    if isinstance(iat, int) and not isinstance(iat, bool):
        signed = dt.datetime.fromtimestamp(iat, tz=dt.UTC)
        if signed < key.not_before - dt.timedelta(minutes=5) or signed > key.not_after:
            return Check(
                Verdict.EXPIRED_KEY,
                [
                    _(
                        "%(what)s says it was signed on %(signed)s, outside the validity of the "
                        "key %(kid)s (%(nb)s to %(na)s)."
                    )
                    % {
                        "what": what,
                        "signed": _day(signed),
                        "kid": key.kid,
                        "nb": _day(key.not_before),
                        "na": _day(key.not_after),
                    }
                ],
                claims=claims,
                key=key,
            )
    return None


def token_verify(
    token: str, *, keys: KeySource, now: dt.datetime | None = None, source: str = "token"
) -> Check:
    """Verify a QR token: signature, key, issuer; then (online) compare it with the registry."""
    now = now or timezone.now()
    try:
        header, unverified = token_parse(token)
    except TokenError as exc:
        return Check(Verdict.UNREADABLE, [str(exc)], offline=keys.offline, source=source)
    kid = header["kid"]
    key = keys.by_kid(kid)
    if key is None or key.kind != KeyKind.ED25519:
        where = _("in the key file") if keys.offline else _("by any certification body here")
        return Check(
            Verdict.UNKNOWN_KEY,
            [
                _(
                    "It names the key %(kid)s, which is not published %(where)s: it was not "
                    "signed by a certification body of this registry."
                )
                % {"kid": kid[:80], "where": where}
            ],
            unverified_claims=unverified,
            offline=keys.offline,
            source=source,
        )
    try:
        claims = token_check_signature(token, key.jwk)
    except BadSignature:
        return Check(
            Verdict.ALTERED,
            [
                _(
                    "The signature does not match what the token says: its contents were changed "
                    "after %(body)s signed it, or it was never signed with the key it names "
                    "(%(kid)s)."
                )
                % {"body": key.cb_name, "kid": key.kid}
            ],
            unverified_claims=unverified,
            key=key,
            offline=keys.offline,
            source=source,
        )
    missing = [c for c in CLAIMS if c not in claims]
    if missing:
        return Check(
            Verdict.UNREADABLE,
            [
                _("The signed token lacks %(c)s: it is not a certificate token.")
                % {"c": ", ".join(missing)}
            ],
            key=key,
            offline=keys.offline,
            source=source,
        )
    if str(claims.get("iss", "")).upper() != key.cb_acronym.upper():
        return Check(
            Verdict.UNKNOWN_KEY,
            [
                _(
                    "It names %(iss)s as the issuing body, but it is signed with a key of "
                    "%(body)s (%(kid)s). A body can only sign its own certificates."
                )
                % {"iss": str(claims.get("iss"))[:20], "body": key.cb_name, "kid": key.kid}
            ],
            unverified_claims=claims,
            key=key,
            offline=keys.offline,
            source=source,
        )
    problem = key_problem(key, claims, now, what=_("The token"))
    if problem is not None:
        problem.offline, problem.source = keys.offline, source
        if not keys.offline:
            attach_live(problem, claims, now)
        return problem
    signed_by = _(
        "The signature is genuine: signed by %(body)s with its published key %(kid)s."
    ) % {"body": key.cb_name, "kid": key.kid}
    if keys.offline:
        check = _offline_verdict(claims, now.date())
        check.reasons.insert(0, signed_by)
        check.key = key
        return check
    check = live_check(claims, now.date())
    check.reasons.insert(0, signed_by)
    check.key, check.source = key, source
    return check


def token_from_text(text: str) -> str:
    """The token from a token or from a verification URL (``…/v/<token>``)."""
    text = text.strip()
    if "/v/" in text:
        text = unquote(text.split("/v/", 1)[1]).split("?", 1)[0].split("#", 1)[0].strip("/")
    return text


def _offline_verdict(claims: dict[str, Any], today: dt.date) -> Check:
    try:
        expiry = dt.date.fromisoformat(str(claims["xd"]))
    except ValueError:
        return Check(
            Verdict.UNREADABLE, [_("The expiry date in the token is not a date.")], offline=True
        )
    note = _(
        "Checked offline: the signature is the body's, but suspension, withdrawal or reissue since "
        "it was signed cannot be seen without the registry — check %(url)s."
    ) % {"url": conf.check_url()}
    if expiry < today:
        return Check(
            Verdict.GENUINE_EXPIRED,
            [_("Its expiry date %(d)s has passed.") % {"d": expiry.isoformat()}, note],
            claims=claims,
            offline=True,
        )
    return Check(Verdict.GENUINE_VALID, [note], claims=claims, offline=True)


def attach_live(problem: Check, claims: dict[str, Any], now: dt.datetime) -> None:
    """Say what the registry shows, beside a verdict about the key (it does not change it)."""
    if not claims:
        return
    live = live_check(claims, now.date())
    problem.certificate, problem.current = live.certificate, live.current
    cert = live.current or live.certificate
    if cert is not None:
        problem.reasons.append(
            _("The registry shows %(n)s as %(status)s.")
            % {"n": cert.printed_number, "status": str(cert.get_status_display()).lower()}
        )
