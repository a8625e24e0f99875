"""`isocert keys`, `isocert certificate pdf`, `isocert verify-pdf` and `isocert verify-token`."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from isocert.signing.choices import KeyKind
from isocert.signing.models import SigningKey
from isocert.signing.qrtoken import token_parse
from tests.signing.conftest import token_of
from tests.signing.test_keys import real_ca_chain


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def fails(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=StringIO())
    return caught.value


# --- keys ------------------------------------------------------------------------------------------


def test_keys_create_list_rotate_revoke(personas: Any) -> None:
    made = json.loads(run("keys", "create", "--cb", "acme", "--json"))["keys"]
    assert {k["kind"] for k in made} == {"ed25519", "x509"}
    for row in made:
        assert set(row) == {
            "kid",
            "body",
            "kind",
            "origin",
            "algorithm",
            "status",
            "not_before",
            "not_after",
            "revoked_at",
            "fingerprint_sha256",
        }
    table = run("keys", "list", "--cb", "ACME")
    assert made[0]["kid"] in table and "active" in table
    rotated = json.loads(run("keys", "rotate", "--cb", "ACME", "--kind", "ed25519", "--json"))
    assert [k["kind"] for k in rotated["keys"]] == ["ed25519"]
    kid = made[0]["kid"]
    out = run("keys", "revoke", kid, "--reason", "exposed")
    assert kid in out and "revoked" in out
    listed = json.loads(run("keys", "list", "--json"))["keys"]
    assert {k["kid"]: k["status"] for k in listed}[kid] == "revoked"


def test_keys_never_print_private_material(personas: Any) -> None:
    out = run("keys", "create", "--cb", "ACME", "--json") + run("keys", "export-public")
    assert "PRIVATE" not in out
    for key in SigningKey.objects.all():
        assert bytes(key.private_key_encrypted).hex() not in out
    jwks = json.loads(run("keys", "export-public", "--cb", "ACME"))
    for entry in jwks["keys"]:
        assert "d" not in entry


def test_export_public_writes_a_jwks_file(personas: Any, tmp_path: Path) -> None:
    run("keys", "create", "--cb", "ACME")
    target = tmp_path / "acme.jwks.json"
    assert "wrote" in run("keys", "export-public", "--cb", "ACME", "--output", str(target))
    doc = json.loads(target.read_text())
    assert {e["key_type"] for e in doc["keys"]} == {"ed25519", "x509", "ca"}
    assert doc["issuer"] == {"acronym": "ACME", "name": "Acme Certification"}


def test_import_x509_from_files(personas: Any, tmp_path: Path) -> None:
    files = real_ca_chain()
    for name in ("cert", "chain", "key_encrypted"):
        (tmp_path / name).write_bytes(files[name])
    (tmp_path / "password").write_text("pass phrase\n")
    out = json.loads(
        run(
            "keys",
            "import-x509",
            "--cb",
            "ACME",
            "--cert",
            str(tmp_path / "cert"),
            "--key",
            str(tmp_path / "key_encrypted"),
            "--chain",
            str(tmp_path / "chain"),
            "--password-file",
            str(tmp_path / "password"),
            "--json",
        )
    )
    assert out["keys"][0]["origin"] == "imported" and out["keys"][0]["algorithm"] == "RS256"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("keys", "create", "--cb", "NOPE"), "No certification body has the acronym NOPE"),
        (("keys", "create", "--cb", "ACME", "--years", "0"), "1 to 10 years"),
        (("keys", "revoke", "ACME-ed25519-20200101-00000000", "--reason", "x"), "no signing key"),
        (
            (
                "keys",
                "import-x509",
                "--cb",
                "ACME",
                "--cert",
                "/nonexistent",
                "--key",
                "/nonexistent",
            ),
            "cannot read the certificate file",
        ),
    ],
)
def test_keys_bad_input_exits_2_with_a_message(
    personas: Any, args: tuple[str, ...], message: str
) -> None:
    error = fails(*args)
    assert error.returncode == 2
    assert message in str(error)


def test_keys_create_twice_exits_2(personas: Any) -> None:
    run("keys", "create", "--cb", "ACME")
    error = fails("keys", "create", "--cb", "ACME")
    assert error.returncode == 2 and "keys rotate" in str(error)


# --- certificate pdf, verify-pdf, verify-token ----------------------------------------------------


def test_certificate_pdf_then_verify_pdf(certificate: Any, tmp_path: Path) -> None:
    target = tmp_path / "cert.pdf"
    out = run("certificate", "pdf", "ACME 9001 000001", "--output", str(target))
    assert "ACME-9001-000001" in out and "signed by Acme Certification" in out
    assert target.read_bytes().startswith(b"%PDF-")
    verdict = json.loads(run("verify_pdf", str(target), "--json"))
    assert verdict["verdict"] == "genuine_valid" and verdict["genuine"] is True
    assert "Genuine and valid" in run("verify_pdf", str(target))


def test_verify_pdf_exits_1_for_anything_but_genuine_and_valid(
    signed_pdf: bytes, tmp_path: Path
) -> None:
    edited = bytearray(signed_pdf)
    edited[signed_pdf.index(b"stream", 2000) + 40] ^= 1
    target = tmp_path / "edited.pdf"
    target.write_bytes(bytes(edited))
    error = fails("verify_pdf", str(target))
    assert error.returncode == 1 and "altered" in str(error)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("certificate", "pdf", "ACME-0000", "--output", "x.pdf"), "no certificate numbered"),
        (("verify_pdf", "/nonexistent.pdf"), "cannot read /nonexistent.pdf"),
        (("verify_token", "abc", "--jwks", "/nonexistent.json"), "cannot read /nonexistent.json"),
    ],
)
def test_bad_input_exits_2(personas: Any, args: tuple[str, ...], message: str) -> None:
    error = fails(*args)
    assert error.returncode == 2 and message in str(error)


def test_verify_token_refuses_a_file_that_is_not_a_jwks(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    error = fails("verify_token", "a.b.c", "--jwks", str(bad))
    assert error.returncode == 2 and "not a JWKS document" in str(error)


def test_verify_token_offline_with_the_exported_keys(
    personas: Any, signed_pdf: bytes, tmp_path: Path, django_assert_num_queries: Any
) -> None:
    jwks = tmp_path / "jwks.json"
    run("keys", "export-public", "--output", str(jwks))
    token = token_of(signed_pdf)
    with django_assert_num_queries(0):  # nothing but the key file
        out = json.loads(run("verify_token", token, "--jwks", str(jwks), "--json"))
    assert out["verdict"] == "genuine_valid" and out["offline"] is True
    assert out["claims"]["n"] == "ACME-9001-000001"
    head, payload, sig = token.split(".")
    forged = ".".join([head, payload[:-2] + "xx", sig])
    error = fails("verify_token", forged, "--jwks", str(jwks))
    assert error.returncode == 1


def test_verify_token_online_takes_the_url_too(signed_pdf: bytes) -> None:
    token = token_of(signed_pdf)
    out = run("verify_token", f"http://127.0.0.1:8000/v/{token}")
    assert "Genuine and valid" in out and "ACME-9001-000001" in out
    kid = token_parse(token)[0]["kid"]
    assert SigningKey.objects.get(kid=kid).kind == KeyKind.ED25519
