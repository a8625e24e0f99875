"""Pytest plugin that sets the environment the test suite runs in, before Django reads its settings.

Tests talk plain HTTP to the test client and to a live server on localhost, so the HTTPS redirect is off;
everything else stays at the production defaults except the
rate limit, set out of reach. The data directory is a throw-away folder.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("ISOCERT_SECURE", "0")
os.environ.setdefault("ISOCERT_DATA_DIR", tempfile.mkdtemp(prefix="isocert-test-"))
# the suite makes many requests from one address; tests of the limiter set a small one themselves
os.environ.setdefault("ISOCERT_RATE_LIMIT", "1000000000/60")
os.environ.setdefault("ISOCERT_BULK_RATE_LIMIT", "1000000000/60")
os.environ.setdefault(
    "DJANGO_ALLOW_ASYNC_UNSAFE", "true"
)  # Playwright's sync API runs an event loop
