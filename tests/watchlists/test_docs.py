"""The signature check printed in docs/watchlists.md accepts what isocert sends, and nothing else."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from isocert.watchlists import webhooks

DOC = Path(__file__).resolve().parents[2] / "docs" / "watchlists.md"


def documented_check() -> Any:
    block = re.search(r"```python\n(.*?)```", DOC.read_text(), re.S)
    assert block, "docs/watchlists.md shows a Python signature check"
    namespace: dict[str, Any] = {}
    exec(block.group(1), namespace)  # noqa: S102 (our own documentation)
    return namespace["isocert_message_ok"]


def test_the_documented_check_agrees_with_the_signer() -> None:
    check = documented_check()
    body = b'{"type":"ping"}'
    now = int(time.time())
    headers = {
        "X-Isocert-Timestamp": str(now),
        "X-Isocert-Signature": webhooks.sign("whsec_x", now, body),
    }
    assert check("whsec_x", headers, body)
    assert not check("whsec_other", headers, body)
    assert not check("whsec_x", headers, body + b" ")
    stale = {
        "X-Isocert-Timestamp": str(now - 600),
        "X-Isocert-Signature": webhooks.sign("whsec_x", now - 600, body),
    }
    assert not check("whsec_x", stale, body)
