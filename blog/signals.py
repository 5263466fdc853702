"""What a published change makes stale (cached pages and the navigation's "Articles"
link), and the discussion thread an article opens when it is published. Making a page
private (or public again) is such a change: a visitor must not be served the article,
or the home page naming its discussion, from the cache."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from blog import page_parts
from blog.comments import open_discussion
from blog.context_processors import forget_navigation
from blog.endorsements import EndorsementDrive
from blog.events import EventPage, EventRelatedLink, EventTag
from blog.languages import WrittenIn
from blog.models import ArticlePage
from blog.pages import StandardPage
from blog.snippets import Author, Topic
from network import agreements, page_cache
from network.models import Agreement, NetworkSettings, Region


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


def agreement_published(sender, instance, revision=None, **kwargs) -> None:
    """An editor published the points of unity or the code of conduct with "Ask members
    to accept it again" ticked: a new version every member is asked to accept. The box
    is unticked on the page and its revision, so that the next edit (which starts from
    that revision) does not ask again unless ticked again."""
    if not instance.ask_to_accept_again:
        return
    agreement = agreement_of(instance)
    if agreement:
        agreements.publish_new_version(agreement, instance)
    StandardPage.objects.filter(pk=instance.pk).update(ask_to_accept_again=False)
    if revision is not None:
        revision.content["ask_to_accept_again"] = False
        revision.save(update_fields=["content"])


def agreement_of(page) -> str:
    """Which agreement ``page`` is the text of, as its site's settings say: "" for none."""
    site = page.get_site()
    if site is None:
        return ""
    chosen = NetworkSettings.for_site(site)
    if page.pk == chosen.points_of_unity_page_id:
        return Agreement.POINTS_OF_UNITY
    if page.pk == chosen.code_of_conduct_page_id:
        return Agreement.CODE_OF_CONDUCT
    return ""


page_published.connect(agreement_published, sender=StandardPage, dispatch_uid="blog.agreement")


# A page's deletion reaches Page itself, whatever its type. (A receiver of every model's
# deletions would turn Django's fast deletes off for all of them.)
@receiver(post_delete, sender=Page, dispatch_uid="blog.page_deleted")
def page_deleted(sender, **kwargs):
    content_changed()


# What a page keeps of its parts (blog.page_parts): each page's are stale once the page
# or one of them is saved or deleted; every page's once a region or a tag is.
PAGE_PARTS = {
    EventRelatedLink: "page_id",
    EventTag: "content_object_id",
    EndorsementDrive: "page_id",
}


@receiver(post_save, dispatch_uid="blog.page_parts.saved")
def page_or_part_changed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        page_parts.page_changed(instance.pk)
        if isinstance(instance, WrittenIn):
            # Its counterpart in the other language names it (its alternates).
            page_parts.page_changed(instance.translation_id)
            for page_id in (
                type(instance).objects.filter(translation=instance).values_list("pk", flat=True)
            ):
                page_parts.page_changed(page_id)
    elif sender in PAGE_PARTS:
        page_parts.page_changed(getattr(instance, PAGE_PARTS[sender]))
    elif sender in (Region, Tag):
        page_parts.shared_changed()


for model in (Page, *PAGE_PARTS, Region, Tag):
    post_delete.connect(
        page_or_part_changed, sender=model, dispatch_uid=f"blog.page_parts.deleted.{model.__name__}"
    )


@receiver(m2m_changed, sender=EventPage.regions.through, dispatch_uid="blog.page_parts.regions")
def event_regions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        page_parts.page_changed(instance.pk)
    elif pk_set is None:  # a region's events cleared: which, nobody says
        page_parts.shared_changed()
    else:
        for page_id in pk_set:
            page_parts.page_changed(page_id)


for model in (Author, Topic, NetworkSettings, PageViewRestriction):
    post_save.connect(content_changed, sender=model, dispatch_uid=f"blog.saved.{model.__name__}")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"blog.deleted.{model.__name__}"
    )
