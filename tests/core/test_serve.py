"""``isocert serve`` runs the real production server (gunicorn) and serves the app and static files."""

from __future__ import annotations

import gc
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as res:  # noqa: S310 - loopback only
        return res.status, res.read()


def test_serve_answers_over_http(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "ISOCERT_DATA_DIR": str(tmp_path), "ISOCERT_SECURE": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "isocert", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = get(f"{base}/api/v1/health")
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"server did not start:\n{out}")
                time.sleep(0.2)
        assert status == 200
        assert b'"status": "ok"' in body or b'"status":"ok"' in body
        status, body = get(f"{base}/calculators/sampling/?go=1&sites=26&method=sampling")
        assert status == 200 and b'data-key="initial">6<' in body
        html = get(f"{base}/")[1].decode()
        css = html.split('href="/static/')[1].split('"')[0]
        status, body = get(f"{base}/static/{css}")
        assert status == 200 and b"--brand" in body
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        if proc.stdout:
            proc.stdout.close()


def test_a_settled_worker_keeps_its_loaded_objects_out_of_the_collector() -> None:
    from isocert.core.management.commands.serve import SWITCH_INTERVAL, settle_worker

    interval = sys.getswitchinterval()
    try:
        settle_worker(None)
        # what the worker loaded is frozen (not scanned again by full collections), and the
        # interpreter lock changes hands every millisecond
        assert gc.get_freeze_count() > 1000
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
    finally:
        gc.unfreeze()
        sys.setswitchinterval(interval)


def test_serve_refuses_zero_threads(tmp_path: Path) -> None:
    env = {**os.environ, "ISOCERT_DATA_DIR": str(tmp_path), "ISOCERT_SECURE": "0"}
    out = subprocess.run(
        [sys.executable, "-m", "isocert", "serve", "--threads", "0", "--no-collectstatic"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "--workers and --threads must be at least 1" in out.stderr
