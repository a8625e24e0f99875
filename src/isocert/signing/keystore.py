"""Private keys at rest: sealed with AES-256-GCM under a key-encryption key (KEK) from the environment.

The KEK is ``ISOCERT_KEY_ENCRYPTION_KEY`` (base64 of 32 random bytes). When it is unset, one is generated
once into ``$ISOCERT_DATA_DIR/key_encryption_key`` (mode 600), as the settings do for the secret key.
Production should set the variable from a secret store, so that a copy of the database or of the data
directory alone never yields a usable signing key.

A sealed key is ``b"v1" || nonce (12 bytes) || AES-GCM ciphertext+tag`` with the key id as associated
data: a sealed blob moved to another row (another key id) does not open. Nothing here logs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from isocert.env import ConfigError, env_str

KEK_ENV = "ISOCERT_KEY_ENCRYPTION_KEY"
KEK_FILE = "key_encryption_key"
VERSION = b"v1"
NONCE_BYTES = 12


class KeyStoreError(RuntimeError):
    """A sealed key cannot be opened (wrong key-encryption key, or the blob was changed)."""


def _decode(raw: str, where: str) -> bytes:
    try:
        kek = base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError(
            f"{where} must be base64 of 32 random bytes "
            '(e.g. `python -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())"`)'
        ) from None
    if len(kek) != 32:
        raise ConfigError(f"{where} must decode to 32 bytes (AES-256); it decodes to {len(kek)}")
    return kek


def _kek_file() -> Path:
    return Path(settings.DATA_DIR) / KEK_FILE


def key_encryption_key() -> bytes:
    """The KEK from the environment, else from (or newly into) the data directory."""
    raw = env_str(KEK_ENV)
    if raw:
        return _decode(raw, KEK_ENV)
    path = _kek_file()
    if not path.exists():
        encoded = base64.b64encode(secrets.token_bytes(32))
        try:
            # O_EXCL: when two processes start at once, exactly one writes the key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(encoded)
    return _decode(path.read_text(), str(path))


def kek_id(kek: bytes | None = None) -> str:
    """A short public fingerprint of the KEK: says which KEK sealed a key without revealing it."""
    material = kek if kek is not None else key_encryption_key()
    return hashlib.sha256(b"isocert-kek-id:" + material).hexdigest()[:16]


def seal(private_der: bytes, *, kid: str) -> tuple[bytes, str]:
    """Encrypt a private key (PKCS#8 DER) for storage; returns the sealed bytes and the KEK id."""
    kek = key_encryption_key()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = VERSION + nonce + AESGCM(kek).encrypt(nonce, private_der, kid.encode())
    return sealed, kek_id(kek)


def unseal(sealed: bytes, *, kid: str, sealed_with: str = "") -> bytes:
    """Decrypt a sealed private key; ``KeyStoreError`` says why it cannot be opened."""
    kek = key_encryption_key()
    blob = bytes(sealed)
    if not blob.startswith(VERSION) or len(blob) < len(VERSION) + NONCE_BYTES + 16:
        raise KeyStoreError(f"the private key of {kid} is not a sealed isocert key")
    nonce = blob[len(VERSION) : len(VERSION) + NONCE_BYTES]
    try:
        return AESGCM(kek).decrypt(nonce, blob[len(VERSION) + NONCE_BYTES :], kid.encode())
    except InvalidTag:
        current = kek_id(kek)
        if sealed_with and sealed_with != current:
            raise KeyStoreError(
                f"the private key of {kid} was sealed with key-encryption key {sealed_with}, "
                f"but the current one is {current}: set {KEK_ENV} to the key used when it was "
                "created"
            ) from None
        raise KeyStoreError(
            f"the private key of {kid} does not open: the sealed bytes were changed or belong to "
            "another key"
        ) from None
