"""The calculators on the command line: readable tables, --json with stable keys, exit 2 on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> Any:
    return json.loads(run(*args, "--json"))


def isocert(*args: str) -> subprocess.CompletedProcess[str]:
    """The real console entry point, in a child process, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "isocert", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
        check=False,
    )


def test_audit_time_json_keys() -> None:
    data = run_json("audit_time", "--standard", "ISO 9001", "--personnel", "65")
    for key in (
        "initial_days",
        "stage1_days",
        "stage2_days",
        "surveillance_days",
        "recertification_days",
    ):
        assert key in data
    assert data["initial_days"] == 5.0


def test_audit_time_integrated_with_repeated_standard_and_complexity() -> None:
    data = run_json(
        "audit_time",
        "--standard",
        "ISO 9001",
        "--standard",
        "ISO 14001",
        "--standard",
        "ISO 45001",
        "--complexity",
        "medium",
        "--personnel",
        "120",
        "--integration",
        "10",
        "--integration-justification",
        "common processes for all three",
    )
    # 7 (QMS) + 8 (EMS medium) + 8 (OH&S medium) = 23; -10 % = 20.7 -> 20.5
    assert data["table_days_total"] == 23.0
    assert data["initial_days"] == 20.5


def test_audit_time_table_output_is_readable() -> None:
    out = run("audit_time", "--standard", "ISO 9001", "--personnel", "65")
    assert "Initial audit (stage 1 + stage 2)" in out
    assert "5.0" in out
    assert "IAF MD 5" in out


def test_reduction_needs_justification() -> None:
    with pytest.raises(CommandError, match="justification"):
        run("audit_time", "--standard", "ISO 9001", "--personnel", "65", "--reduction", "10")


def test_sample_json() -> None:
    data = run_json("sample", "--sites", "26")
    assert (data["initial"], data["surveillance"], data["recertification"]) == (6, 4, 5)


def test_cycle_json() -> None:
    data = run_json("cycle", "--decision-date", "2024-03-15")
    assert data["expiry_date"] == "2027-03-14"
    assert data["surveillance_1_due"] == "2025-03-15"
    assert data["surveillance_2_due"] == "2026-12-31"
    assert data["recertification_due"] == "2027-03-14"


def test_cycle_renewal_question() -> None:
    data = run_json(
        "cycle", "--current-expiry", "2027-03-14", "--recertification-decision", "2027-06-01"
    )
    assert data["recertification"]["kind"] == "restoration"


def test_standards_at_date() -> None:
    data = run_json("standards", "--at", "2025-11-01")
    codes = {s["code"] for s in data["certifiable"]}
    assert {"ISO 9001", "ISO 14001", "ISO 45001", "ISO/IEC 27001"} <= codes


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["audit-time", "--standard", "ISO 9999", "--personnel", "5"], "ISO 9999"),
        (["audit-time", "--standard", "ISO 31000", "--personnel", "5"], "31000"),
        (["audit-time", "--standard", "ISO 9001", "--personnel", "-4"], "personnel"),
        (["cycle", "--decision-date", "15/03/2024"], "YYYY-MM-DD"),
        (["sample", "--sites", "-1"], "sites"),
    ],
)
def test_bad_input_exits_2_with_a_message(args: list[str], says: str) -> None:
    proc = isocert(*args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert says in proc.stderr
    assert "Traceback" not in proc.stderr


def test_console_script_runs_with_dashes() -> None:
    proc = isocert("sample", "--sites", "2", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["initial"] == 2
