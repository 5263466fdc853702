"""Finding the page a URL names, and who may read it, in fewer queries than Wagtail's
defaults: every page type of the site mixes in :class:`PageRouting`.

Wagtail routes ``/events/a-conference/`` down the tree one slug at a time, and takes two
queries a step: the child with that slug as a plain ``Page``, then the same row again
as its own type (``.specific``). Here a step is one query when the child's type is
known: the only type its parent's ``subpage_types`` allow, or the type found at that
slug before (kept in the process: a page never changes type, and the query by type
finds the page only if it is still there with that type, so a page moved, renamed,
deleted or replaced is looked up again, Wagtail's way). The query also reads what the
page view needs anyway (``route_select_related`` on its model, such as an event's
state). Everything else is Wagtail's: a page's own routes (``RoutablePageMixin`` tries
them first), the live check of the page served, 404 for a missing slug.
https://docs.wagtail.org/en/stable/reference/pages/model_recipes.html#overriding-the-route-method

Wagtail then asks the page served for its view restrictions (``get_view_restrictions``)
in two queries, its ancestors and then their restrictions; here they are one.
"""

from __future__ import annotations

from django.db.models.functions import Coalesce
from django.http import Http404
from wagtail.models import Page, PageViewRestriction

# (parent's id, slug) -> the type of the page found there. Bounded: emptied when full.
_child_types: dict[tuple[int, str], type[Page]] = {}
CHILD_TYPES_KEPT = 10_000


class PageRouting:
    """Mixed in before ``Page`` (after ``RoutablePageMixin``, whose routes come first)."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        child = self.child_to_route(path_components[0])
        child.routed_from = self
        return child.route(request, path_components[1:])

    def child_to_route(self, slug: str) -> Page:
        """The child with ``slug``, as its own type, or Http404."""
        allowed = self.allowed_subpage_models()
        model = _child_types.get((self.pk, slug)) or (allowed[0] if len(allowed) == 1 else None)
        if model is not None and (child := self.child_of_type(model, slug)) is not None:
            return child
        try:
            child = Page.objects.child_of(self).get(slug=slug).specific
        except Page.DoesNotExist as missing:
            raise Http404 from missing
        if len(_child_types) >= CHILD_TYPES_KEPT:
            _child_types.clear()
        _child_types[(self.pk, slug)] = type(child)
        return child

    def child_of_type(self, model: type[Page], slug: str) -> Page | None:
        """The child with ``slug`` if it is a ``model`` (not a type derived from it)."""
        children = model.objects.filter(
            path__startswith=self.path, depth=self.depth + 1, slug=slug
        ).select_related(*getattr(model, "route_select_related", ()))
        try:
            child = children.get()
        except model.DoesNotExist:
            return None
        return child if type(child) is child.specific_class else None

    def get_view_restrictions(self):
        """Wagtail's rule, in one query: the restrictions on this page and on every page
        above it, an alias's being those of the page it is an alias of."""
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        sources = Page.objects.filter(path__in=paths).values(source=Coalesce("alias_of", "pk"))
        return PageViewRestriction.objects.filter(page__in=sources)


def routed_parent(page: Page) -> Page:
    """``page``'s parent: the page its URL was routed through (no query), else read."""
    return getattr(page, "routed_from", None) or page.get_parent()
