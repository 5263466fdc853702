from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        # What the forums tell members, for the inbox and the worker; what a profile
        # shows of a member's posts; their part of a member's export and of erasing a
        # member who leaves.
        from forums import kept, leaving, notifying, permissions, profile_activity  # noqa: F401
        from forums.permissions import is_suspended
        from forums.urls import app_name, moderation_patterns
        from network import second_factor
        from network.recruiting import actions as recruiting

        # What visitors see of the forums, kept in the cache, goes old with each change.
        kept.connect()
        # A member's standing in a forum, kept in the cache, goes old with each change.
        permissions.connect()
        # A suspended member is not in good standing to recruit.
        recruiting.count_as_suspended(is_suspended)
        # Forum moderators need a second factor to moderate, as staff and editors do:
        # who they are and which pages are theirs (network.second_factor).
        second_factor.register_duty(permissions.moderation_condition)
        second_factor.guard_views(f"{app_name}:{pattern.name}" for pattern in moderation_patterns)
        # Closing a poll is a moderator's action too when the thread is another's.
        second_factor.guard_views([f"{app_name}:poll_close"])
