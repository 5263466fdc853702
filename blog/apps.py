from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        # Connect receivers; register what the blog tells members and who may read an
        # article's discussion; show a member's articles on their profile.
        from blog import (  # noqa: F401
            editorial_notifying,
            endorsement_notifying,
            leaving,
            notifying,
            privacy,
            profile_articles,
            signals,
        )
