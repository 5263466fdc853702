"""WSGI entry point, for gunicorn: ``gunicorn network.wsgi``."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")

application = get_wsgi_application()

# What loading Django and Wagtail made lives as long as the worker: move it out of the
# garbage collector's sight, so that its full collections stop walking it. Measured with
# make bench's data, one connection: a forum page's p99 100 ms -> 11 ms, and 9 % more
# requests a second. https://docs.python.org/3/library/gc.html#gc.freeze
gc.freeze()
