"""What the blog tells members: new articles, for those who want to hear of them (by
default in the weekly digest; all articles or those about their own region). What it
tells its editors and contributors of their work is in blog.editorial_notifying.

A new article's event is recorded the first time it goes live; publishing it again (a
correction) is not news again. Everyone else's rows are written by the worker.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.signals import page_published

from blog import privacy
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
        # Its authors wrote it: they are not told of it. (Not NULL: NOT IN a list
        # holding a NULL would leave out everyone.)
        writers = article.article_authors.filter(author__member__isnull=False).values(
            "author__member_id"
        )
        members = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(pk__in=chosen.filter(delivery=Delivery.OFF).values("user_id"))
            .exclude(Q(pk__in=regional) & ~Q(profile__region__in=article.regions.all()))
            .exclude(pk__in=writers)
        )
        for user_id in members.values_list("pk", flat=True).iterator(chunk_size=2000):
            yield user_id, Kind.NEW_ARTICLE

    def subjects(self, object_ids, viewer=None):
        articles = list(
            ArticlePage.objects.filter(pk__in=list(object_ids)).prefetch_related(
                "article_authors__author"
            )
        )
        restricted = privacy.view_restrictions(articles)
        reader = None if viewer is None else privacy.Reader.of(viewer)
        found = {}
        for article in articles:
            authors = ", ".join(author.name for author in article.authors)
            url_parts = article.get_url_parts()
            restrictions = restricted[article.pk]
            found[article.pk] = Subject(
                title=article.title,
                url=url_parts[2] if url_parts else "/",
                place="",
                actor_name=authors or settings.SITE_NAME,
                created_at=article.first_published_at or article.last_published_at,
                excerpt=article.introduction,
                members_only=bool(restrictions),
                available=article.live
                and (reader is None or privacy.readable_by(article, restrictions, reader)),
            )
        return found

    def unreadable(self, pairs, subjects):
        """Members an article's privacy keeps from it now (a group's article, say)."""
        by_article: dict[int, set[int]] = {}
        for user_id, article_id in pairs:
            if (subject := subjects.get(article_id)) is not None and subject.members_only:
                by_article.setdefault(article_id, set()).add(user_id)
        if not by_article:
            return set()
        articles = ArticlePage.objects.filter(pk__in=list(by_article)).only("path", "live")
        may_read = {
            article.pk: privacy.article_readers(article, by_article[article.pk])
            for article in articles
        }
        return {
            (user_id, article_id)
            for user_id, article_id in pairs
            if article_id in may_read and user_id not in may_read[article_id]
        }


sources.register(ArticleSource())
