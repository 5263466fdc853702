from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "network.conversations"
    label = "conversations"
    verbose_name = _("Private messages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # What a message tells its other participants (network.notifications), and what a
        # member's export and erasure hold of their messages (network.leaving).
        from network import second_factor
        from network.conversations import leaving, notifying  # noqa: F401
        from network.conversations.urls import app_name, moderation_patterns

        # The reported messages are moderators' pages: a second factor first.
        second_factor.guard_views(f"{app_name}:{pattern.name}" for pattern in moderation_patterns)
