from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        # What the forums tell members, for the inbox and the worker.
        from forums import notifying  # noqa: F401
