from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        # What the forums tell members, for the inbox and the worker; what a profile
        # shows of a member's posts.
        from forums import notifying, profile_activity  # noqa: F401
