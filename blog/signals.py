"""What a published change makes stale (cached pages and the navigation's "Articles"
link), and the discussion thread an article opens when it is published. Making a page
private (or public again) is such a change: a visitor must not be served the article,
or the home page naming its discussion, from the cache."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from blog.comments import open_discussion
from blog.context_processors import forget_navigation
from blog.models import ArticlePage
from blog.snippets import Author, Topic
from network import page_cache
from network.models import NetworkSettings


def content_changed(**kwargs) -> None:
    page_cache.invalidate()
    forget_navigation()


page_published.connect(content_changed, dispatch_uid="blog.published")
page_unpublished.connect(content_changed, dispatch_uid="blog.unpublished")
post_page_move.connect(content_changed, dispatch_uid="blog.moved")


def article_published(sender, instance, **kwargs) -> None:
    """Scheduled publishing sends this too, before the article is live: open_discussion
    waits until it is."""
    open_discussion(instance)


page_published.connect(article_published, sender=ArticlePage, dispatch_uid="blog.discussion")


@receiver(post_delete, dispatch_uid="blog.page_deleted")
def page_deleted(sender, **kwargs):
    from wagtail.models import Page

    if issubclass(sender, Page):
        content_changed()


for model in (Author, Topic, NetworkSettings, PageViewRestriction):
    post_save.connect(content_changed, sender=model, dispatch_uid=f"blog.saved.{model.__name__}")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"blog.deleted.{model.__name__}"
    )
