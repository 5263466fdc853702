from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        # What the forums tell members, for the inbox and the worker; what a profile
        # shows of a member's posts; their part of a member's export and of erasing a
        # member who leaves.
        from forums import leaving, notifying, profile_activity  # noqa: F401
        from forums.permissions import is_suspended
        from network.recruiting import actions as recruiting

        # A suspended member is not in good standing to recruit.
        recruiting.count_as_suspended(is_suspended)
