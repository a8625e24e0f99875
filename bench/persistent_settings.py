"""isocert's settings with persistent database connections on SQLite too (``CONN_MAX_AGE``).

``bench/run.py --persistent-connections`` serves with these to measure what keeping connections
open is worth: SQLite otherwise opens (and warms) a new connection for every request.
"""

from __future__ import annotations

from isocert import settings as _base

globals().update({name: value for name, value in vars(_base).items() if name.isupper()})

DATABASES = {
    **_base.DATABASES,
    "default": {**_base.DATABASES["default"], "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True},
}
