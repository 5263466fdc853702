"""What the blog tells members: new articles, for those who want to hear of them (by
default in the weekly digest; all articles or those about their own region), and, for
editors, an article submitted for their review.

A new article's event is recorded the first time it goes live; publishing it again (a
correction) is not news again. Everyone else's rows are written by the worker.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from wagtail.models import TaskState
from wagtail.signals import page_published, task_submitted

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


def submitted_for_review(sender, instance: TaskState, user=None, **kwargs) -> None:
    """An article waits in a group-approval task: its group's members hear of it, by
    their choice for reviews, through the same path as every notification. This takes
    the place of Wagtail's own email (see the connection below)."""
    task = instance.task.specific
    groups = getattr(task, "groups", None)
    if groups is None:
        return
    editors = (
        get_user_model()
        .objects.filter(groups__in=groups.all(), is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    notifications.record(
        ReviewSource.name,
        instance.pk,
        actor=user,
        direct=dict.fromkeys(editors, Kind.REVIEW),
    )


# Wagtail connects its own "submitted for review" email under this dispatch_uid when its
# admin app is ready. Apps are readied in INSTALLED_APPS order and ours come first, and a
# signal keeps the first receiver connected under a given dispatch_uid: so this one is
# connected in its place, and editors get one notice, which they can choose how to get.
task_submitted.connect(
    submitted_for_review,
    sender=TaskState,
    dispatch_uid="group_approval_task_submitted_email_notification",
)


class ReviewSource(sources.Source):
    """A task state of a page waiting for review; told to the task's group only."""

    name = "blog.review"

    def subjects(self, object_ids):
        found = {}
        states = TaskState.objects.filter(pk__in=list(object_ids)).select_related("workflow_state")
        for state in states:
            page = state.workflow_state.content_object
            found[state.pk] = Subject(
                title=page.get_latest_revision_as_object().title,
                url=reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                place="Editorial review",
                actor_name=_name(state.workflow_state.requested_by),
                created_at=state.started_at,
                # A draft is not published: its words stay in the admin.
                excerpt="",
                available=state.status == TaskState.STATUS_IN_PROGRESS,
            )
        return found


def _name(user) -> str:
    if user is None:
        return settings.SITE_NAME
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.username


sources.register(ArticleSource())
sources.register(ReviewSource())
