from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        # What the forums tell members, for the inbox and the worker; and, since forum
        # moderators need a second factor to moderate as staff and editors do, who they
        # are and which pages are theirs (network.second_factor).
        from forums import (
            notifying,  # noqa: F401
            permissions,
        )
        from forums.urls import app_name, moderation_patterns
        from network import second_factor

        second_factor.register_duty(permissions.moderation_condition)
        second_factor.guard_views(f"{app_name}:{pattern.name}" for pattern in moderation_patterns)
