"""An RSS feed of new threads for each public forum. Members-only forums have none: their
content never leaves the site for readers who are not signed in. Every address in it is
at ``SITE_URL`` (network.addresses)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext

from forums.models import Forum, Post, Thread
from network.addresses import public_html, public_url

FEED_LENGTH = 20


class ForumThreadsFeed(Feed):
    def get_object(self, request, forum_slug):
        forum = get_object_or_404(Forum, slug=forum_slug)
        if not forum.is_public:
            raise Http404("Members-only forums have no feed.")
        return forum

    def title(self, forum):
        return gettext("%(site)s forums: %(forum)s") % {
            "site": settings.SITE_NAME,
            "forum": forum.name,
        }

    def link(self, forum):
        return public_url(forum.get_absolute_url())

    def feed_url(self, forum):
        return public_url(reverse("forums:forum_feed", args=[forum.slug]))

    def description(self, forum):
        return forum.description or gettext("New threads in %(forum)s.") % {"forum": forum.name}

    def items(self, forum):
        # Read by nobody signed in: what a visitor may read.
        threads = Thread.objects.filter(forum=forum).visible_to(AnonymousUser())
        return (
            Post.objects.filter(thread__in=threads, seq=0)
            .select_related("thread__forum", "author__profile")
            .order_by("-created_at")[:FEED_LENGTH]
        )

    def item_title(self, post):
        return post.thread.title

    def item_link(self, post):
        return public_url(post.thread.get_absolute_url())

    def item_description(self, post):
        if post.is_hidden or post.is_deleted:
            return ""
        return public_html(post.html)

    def item_pubdate(self, post):
        return post.created_at

    def item_author_name(self, post):
        return post.author.profile.display_name if post.author else None
