"""The signing app's own configuration, read from the environment when needed (docs/settings.md).

``ISOCERT_PUBLIC_URL`` is the address the printed QR codes point to; it must be the public registry's
address, because a QR code cannot be changed after printing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from isocert.env import env_str

PUBLIC_URL_ENV = "ISOCERT_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
KEY_YEARS = 5  # a generated key signs for a while and verifies for as long as what it signed


def public_url() -> str:
    return (env_str(PUBLIC_URL_ENV) or DEFAULT_PUBLIC_URL).rstrip("/")


def public_origin() -> tuple[str, str]:
    parts = urlsplit(public_url())
    return parts.scheme.lower(), parts.netloc.lower()


def verification_url(token: str) -> str:
    return f"{public_url()}/v/{token}"


def check_url() -> str:
    return f"{public_url()}/check/"


def check_url_short() -> str:
    """The check page without the scheme, as printed on the certificate."""
    return check_url().split("://", 1)[-1]
