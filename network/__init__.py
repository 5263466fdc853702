"""The Network project, and what the whole network shares."""

from network.celery import app as celery_app

__all__ = ("celery_app",)
