"""Settings: documented, production-safe by default, one engine switch."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from isocert.env import ConfigError, env_bool

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "isocert"


def env_names_in_code() -> set[str]:
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        names |= set(re.findall(r'"(ISOCERT_[A-Z0-9_]+)"', path.read_text()))
    return names


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "settings.md").read_text()
    missing = sorted(name for name in env_names_in_code() if name not in doc)
    assert not missing, f"document these in docs/settings.md: {missing}"


def test_booleans_refuse_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISOCERT_X", "maybe")
    with pytest.raises(ConfigError, match="ISOCERT_X"):
        env_bool("ISOCERT_X", default=False)


def test_check_deploy_is_clean_with_production_defaults(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if (not k.startswith("ISOCERT_") or k == "ISOCERT_DATABASE_URL")
        and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        {
            "ISOCERT_DATA_DIR": str(tmp_path),
            "ISOCERT_SECRET_KEY": "x" * 60 + "-production-secret-from-the-environment",
            "ISOCERT_ALLOWED_HOSTS": "certs.example.org",
        }
    )
    proc = subprocess.run(
        [sys.executable, "-m", "isocert", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


def test_sqlite_runs_in_wal_mode(db: None) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        mode = cur.fetchone()[0]
    # the test database lives in memory, where SQLite reports "memory"; on disk it is WAL
    assert mode in {"wal", "memory"}


def test_generated_secret_is_kept_private(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ISOCERT_SECRET_KEY"}
    env["ISOCERT_DATA_DIR"] = str(tmp_path)
    code = "import django; django.setup(); from django.conf import settings; print(len(settings.SECRET_KEY))"
    env["DJANGO_SETTINGS_MODULE"] = "isocert.settings"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert int(out.stdout) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
