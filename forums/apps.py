from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        # What the forums tell members, for the inbox and the worker.
        # Its part of a member's export and of erasing a member who leaves.
        from forums import (
            leaving,  # noqa: F401
            notifying,  # noqa: F401
        )
