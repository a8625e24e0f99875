"""Private keys at rest: sealed with AES-256-GCM under a key from the environment, never in clear."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from django.db import connection

from isocert.env import ConfigError
from isocert.signing import keystore, services
from isocert.signing.choices import KeyKind
from isocert.signing.models import SigningKey


def _raw_column(key: SigningKey) -> bytes:
    with connection.cursor() as cur:
        cur.execute("SELECT private_key_encrypted FROM signing_signingkey WHERE id = %s", [key.pk])
        value = cur.fetchone()[0]
    return bytes(value)


def test_the_database_column_never_holds_the_private_key(personas: Any, admin_actor: Any) -> None:
    keys = services.signing_keys_create(actor=admin_actor, certification_body=personas.cb)
    assert {k.kind for k in keys} == {KeyKind.ED25519, KeyKind.X509}
    for key in SigningKey.objects.filter(certification_body=personas.cb):
        private = services.private_key(key)
        der = private.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        column = _raw_column(key)
        if isinstance(private, ed25519.Ed25519PrivateKey):
            secret = private.private_bytes(
                serialization.Encoding.Raw,
                serialization.PrivateFormat.Raw,
                serialization.NoEncryption(),
            )
        else:
            assert isinstance(private, ec.EllipticCurvePrivateKey)
            secret = private.private_numbers().private_value.to_bytes(32, "big")
        for form in (der, secret, base64.b64encode(der), base64.b64encode(secret)):
            assert form not in column, f"{key.kid}: private key material stored in clear"
        assert column.startswith(b"v1") and len(column) >= len(der) + 12 + 16
        assert key.kek_id == keystore.kek_id()
        assert "PRIVATE" not in key.certificate_pem
        assert "d" not in key.public_jwk  # a private JWK member would leak the key
        assert repr(key) == f"<SigningKey {key.kid}>"


def test_a_sealed_key_opens_only_under_its_own_key_id() -> None:
    sealed, _kek = keystore.seal(b"secret-der", kid="ACME-ed25519-20250101-aaaaaaaa")
    assert keystore.unseal(sealed, kid="ACME-ed25519-20250101-aaaaaaaa") == b"secret-der"
    with pytest.raises(keystore.KeyStoreError, match="does not open"):
        keystore.unseal(sealed, kid="BORE-ed25519-20250101-bbbbbbbb")
    tampered = bytearray(sealed)
    tampered[-1] ^= 1
    with pytest.raises(keystore.KeyStoreError, match="changed"):
        keystore.unseal(bytes(tampered), kid="ACME-ed25519-20250101-aaaaaaaa")


def test_a_different_encryption_key_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    sealed, kek = keystore.seal(b"secret-der", kid="K1")
    monkeypatch.setenv(keystore.KEK_ENV, base64.b64encode(os.urandom(32)).decode())
    with pytest.raises(keystore.KeyStoreError, match=f"sealed with key-encryption key {kek}"):
        keystore.unseal(sealed, kid="K1", sealed_with=kek)


@pytest.mark.parametrize("value", ["not base64!", base64.b64encode(b"short").decode()])
def test_a_bad_encryption_key_stops_with_the_variable_name(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(keystore.KEK_ENV, value)
    with pytest.raises(ConfigError, match=keystore.KEK_ENV):
        keystore.key_encryption_key()


def test_without_the_variable_a_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != keystore.KEK_ENV}
    env["ISOCERT_DATA_DIR"] = str(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "isocert.settings"
    code = (
        "import django; django.setup(); from isocert.signing import keystore; "
        "print(keystore.kek_id())"
    )
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    second = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert first.stdout == second.stdout  # the same key on every start
    path = tmp_path / keystore.KEK_FILE
    assert oct(path.stat().st_mode)[-3:] == "600"
    assert len(base64.b64decode(path.read_text())) == 32
