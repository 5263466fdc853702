"""New articles, for the members who want to hear of them (by default in the weekly
digest; each member may choose all articles or those about their own region).

The event is recorded the first time an article goes live; publishing it again (a
correction) is not news again. Everyone else's rows are written by the worker.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.signals import page_published

from blog.models import ArticlePage
from network.notifications import actions as notifications
from network.notifications import sources
from network.notifications.kinds import Delivery, Kind
from network.notifications.models import Preference
from network.notifications.sources import Subject


def article_published(sender, instance, revision=None, **kwargs) -> None:
    """Scheduled publishing sends this before the article is live too: wait for live."""
    if not instance.live or instance.alias_of_id:
        return
    notifications.record(
        ArticleSource.name,
        instance.pk,
        actor=getattr(revision, "user", None),
        conversation=instance.notification_conversation,
        once=True,
    )


page_published.connect(
    article_published, sender=ArticlePage, dispatch_uid="blog.notifying.article_published"
)


class ArticleSource(sources.Source):
    name = "blog.article"

    def audience(self, event):
        article = ArticlePage.objects.live().filter(pk=event.object_id).first()
        if article is None:
            return
        chosen = Preference.objects.filter(kind=Kind.NEW_ARTICLE)
        regional = chosen.filter(only_my_region=True).values("user_id")
        members = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(pk__in=chosen.filter(delivery=Delivery.OFF).values("user_id"))
            .exclude(Q(pk__in=regional) & ~Q(profile__region__in=article.regions.all()))
        )
        for user_id in members.values_list("pk", flat=True).iterator(chunk_size=2000):
            yield user_id, Kind.NEW_ARTICLE

    def subjects(self, object_ids):
        articles = ArticlePage.objects.filter(pk__in=list(object_ids)).prefetch_related(
            "article_authors__author"
        )
        found = {}
        for article in articles:
            authors = ", ".join(author.name for author in article.authors)
            found[article.pk] = Subject(
                title=article.title,
                url=article.get_url_parts()[2] if article.get_url_parts() else "/",
                place="Articles",
                actor_name=authors or settings.SITE_NAME,
                created_at=article.first_published_at or article.last_published_at,
                excerpt=article.introduction,
                members_only=article.get_view_restrictions().exists(),
                available=article.live,
            )
        return found


sources.register(ArticleSource())
