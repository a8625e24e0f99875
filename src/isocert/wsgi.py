"""WSGI entry point (``isocert serve`` runs it under gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isocert.settings")
application = get_wsgi_application()
