"""The Celery app. Settings come from Django's, under the ``CELERY_`` prefix.

See https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
"""

import os
from pathlib import Path

from celery import Celery
from celery.beat import PersistentScheduler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")


class NetworkCelery(Celery):
    """Without Redis the broker is kombu's filesystem transport, which does not make its
    folders (under VAR_DIR): they are made when a process first connects to the broker
    (the site or a command sending a task, a worker, beat), not when settings are read."""

    def connection_for_read(self, url=None, **kwargs):
        return with_broker_folders(super().connection_for_read(url, **kwargs))

    def connection_for_write(self, url=None, **kwargs):
        return with_broker_folders(super().connection_for_write(url, **kwargs))


def with_broker_folders(connection):
    if connection.transport_cls == "filesystem":
        for option in ("data_folder_in", "data_folder_out", "control_folder"):
            Path(connection.transport_options[option]).mkdir(parents=True, exist_ok=True)
    return connection


class BeatScheduler(PersistentScheduler):
    """Beat's schedule file (in VAR_DIR unless ``--schedule`` names another), its folder
    made when beat starts."""

    def setup_schedule(self):
        Path(self.schedule_filename).parent.mkdir(parents=True, exist_ok=True)
        super().setup_schedule()


app = NetworkCelery("network")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
