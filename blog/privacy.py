"""Who may read an article now, and so its discussion in the forums.

Wagtail keeps an article's privacy in view restrictions on the article or any page
above it (``PageViewRestriction``: signed-in members, some groups, or a password), and
serves the page only to those they let in. Its discussion follows the same rule at read
time, wherever it is read: the thread's page, forum listings and feeds, search, the
home page, the inbox and emails (:class:`ArticleDiscussions`, registered with
``forums.access``). A password is known only to the browser that gave it on the article
itself, so nothing outside the article shows a password-protected article's comments;
an unpublished or deleted article's discussion is read by nobody.

:func:`lets_in` is the one test of a restriction against a reader, for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction

from blog.models import ArticlePage
from forums import access
from forums.models import Thread
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG


class Reader:
    """What a restriction asks of a reader: signed in? a superuser? in which groups?
    The groups are read only when a restriction asks for them."""

    def __init__(self, signed_in=False, superuser=False, group_ids=None, user=None):
        self.signed_in = signed_in
        self.superuser = superuser
        self._user = user
        self.user_id = None if user is None else user.pk
        self._group_ids = None if group_ids is None else frozenset(group_ids)

    @property
    def group_ids(self) -> frozenset[int]:
        if self._group_ids is None:
            self._group_ids = frozenset(
                () if self._user is None else self._user.groups.values_list("pk", flat=True)
            )
        return self._group_ids

    @classmethod
    def of(cls, user) -> Reader:
        """``user`` as a :class:`Reader`: their groups are read when first asked."""
        if not user.is_authenticated or not user.is_active:
            return cls()
        return cls(True, user.is_superuser, user=user)


def lets_in(restriction: PageViewRestriction, reader: Reader) -> bool:
    """Whether ``restriction`` lets ``reader`` read the pages below it, as Wagtail's own
    ``accept_request`` decides for a request: members for "signed in"; the groups' members
    and superusers for "groups"; nobody here for a password."""
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return reader.signed_in
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        return reader.signed_in and (
            reader.superuser or any(g.pk in reader.group_ids for g in restriction.groups.all())
        )
    return False


def restrictions_keeping_out(reader: Reader) -> QuerySet:
    """The view restrictions that keep ``reader`` out: :func:`lets_in`'s rule as a
    queryset, so that a listing asks it inside its own query instead of reading every
    restriction first (tests hold the two to the same answers)."""
    restrictions = PageViewRestriction.objects.all()
    if not reader.signed_in:
        return restrictions
    restrictions = restrictions.exclude(restriction_type=PageViewRestriction.LOGIN)
    if reader.superuser:
        return restrictions.exclude(restriction_type=PageViewRestriction.GROUPS)
    return restrictions.exclude(
        restriction_type=PageViewRestriction.GROUPS, groups__user=reader.user_id
    )


def view_restrictions(articles) -> dict[int, list[PageViewRestriction]]:
    """Each article's view restrictions, its own and its ancestors' (what
    ``Page.get_view_restrictions`` finds), for all of them in one or two queries."""
    steplen = Page.steplen
    paths = {a.path[:end] for a in articles for end in range(steplen, len(a.path) + 1, steplen)}
    restrictions = list(
        PageViewRestriction.objects.filter(page__path__in=paths)
        .select_related("page")
        .prefetch_related("groups")
    )
    return {
        article.pk: [r for r in restrictions if article.path.startswith(r.page.path)]
        for article in articles
    }


def readable_by(article, restrictions: list[PageViewRestriction], reader: Reader) -> bool:
    return article.live and all(lets_in(r, reader) for r in restrictions)


def article_readers(article, user_ids: Iterable[int]) -> set[int]:
    """Of ``user_ids``, the active members who may read ``article`` now, in a few
    queries however many (the watchers of its discussion may be thousands)."""
    user_ids = set(user_ids)
    restrictions = view_restrictions([article])[article.pk]
    if not article.live or any(
        r.restriction_type == PageViewRestriction.PASSWORD for r in restrictions
    ):
        return set()
    User = get_user_model()
    members = User.objects.filter(pk__in=user_ids, is_active=True)
    if not restrictions:
        return set(members.values_list("pk", flat=True))
    groups: dict[int, set[int]] = {}
    for user_id, group_id in User.groups.through.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "group_id"
    ):
        groups.setdefault(user_id, set()).add(group_id)
    return {
        pk
        for pk, superuser in members.values_list("pk", "is_superuser")
        if readable_by(article, restrictions, Reader(True, superuser, groups.get(pk, ())))
    }


def _opened_by_the_site() -> Q:
    """Threads the site opened in the articles' forum (no member did): each an article's
    discussion, read by nobody once its article is deleted."""
    return Q(forum__slug=ARTICLE_DISCUSSIONS_SLUG, author__isnull=True)


class ArticleDiscussions(access.ThreadPrivacy):
    def applies_to(self, forum) -> bool:
        return forum.holds_article_discussions

    def readable_by(self, user) -> Q:
        # A restriction on the article or a page above it: its page's path starts the
        # article's (Wagtail's materialized path).
        above = Substr(OuterRef("article_page__path"), 1, Length("page__path"))
        keeping_out = restrictions_keeping_out(Reader.of(user)).filter(page__path=above)
        no_article = Q(article_page__isnull=True) & ~_opened_by_the_site()
        return no_article | (Q(article_page__live=True) & ~Exists(keeping_out))

    def readers(self, thread_id: int, user_ids: Iterable[int]) -> set[int]:
        article = ArticlePage.objects.filter(discussion_id=thread_id).only("path", "live").first()
        if article is not None:
            return article_readers(article, user_ids)
        orphaned = Thread.objects.filter(_opened_by_the_site(), pk=thread_id).exists()
        return set() if orphaned else set(user_ids)

    def private(self, thread_ids: Iterable[int]) -> set[int]:
        thread_ids = list(thread_ids)
        articles = list(
            ArticlePage.objects.filter(discussion_id__in=thread_ids).only(
                "path", "live", "discussion_id"
            )
        )
        restricted = view_restrictions(articles)
        orphaned = Thread.objects.filter(
            _opened_by_the_site(), pk__in=thread_ids, article_page__isnull=True
        )
        return {
            article.discussion_id
            for article in articles
            if not article.live or restricted[article.pk]
        } | set(orphaned.values_list("pk", flat=True))


access.register(ArticleDiscussions())
