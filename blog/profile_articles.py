"""A member's articles on their profile (``network.profile_parts``): the live, public
articles whose byline names them (``Author.member``), newest first."""

from __future__ import annotations

from blog.models import ArticlePage
from network.profile_parts import ProfilePart, register

SHOWN = 5


class MemberArticles(ProfilePart):
    template_name = "blog/includes/profile_articles.html"

    def context(self, member, viewer) -> dict | None:
        articles = list(
            ArticlePage.objects.live()
            .public()
            .filter(article_authors__author__member=member)
            .distinct()
            .order_by("-display_date", "-first_published_at", "-pk")[:SHOWN]
        )
        return {"articles": articles} if articles else None


register(MemberArticles())
