from dataclasses import dataclass

from django.db.models import Case, CharField, Q, Value, When

from network.context_processors import KeptPerSite

MENU_DEPTHS = (3, 4)  # the home page's children, and theirs


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    children: tuple["MenuItem", ...] = ()


@dataclass(frozen=True)
class Navigation:
    articles_url: str
    contact_url: str
    join_url: str
    # The pages editors mark "Show in menus" under the home page, in their order, each
    # with those of its children so marked.
    menu: tuple[MenuItem, ...]


def navigation(request) -> dict:
    """The links of the header and footer: the "Articles" index, the contact page, the
    join page, and the pages in the menu."""
    found = site_navigation(request)
    url = found.articles_url
    return {
        "articles_url": url,
        "in_articles": bool(url) and request.path.startswith(url),
        "contact_url": found.contact_url,
        "join_url": found.join_url,
        "menu_pages": found.menu,
    }


def read_navigation(request) -> Navigation:
    """In one query of the pages (and Wagtail's one of the private sections): the live,
    public pages in the menu, the articles index, the contact page and the join page."""
    from wagtail.models import Page

    pages = (
        Page.objects.live()
        .public()
        .filter(
            Q(show_in_menus=True, depth__in=MENU_DEPTHS)
            | Q(blogindexpage__isnull=False)
            | Q(contactpage__isnull=False)
            | Q(joinpage__isnull=False)
        )
        .annotate(
            kind=Case(
                When(blogindexpage__isnull=False, then=Value("articles")),
                When(contactpage__isnull=False, then=Value("contact")),
                When(joinpage__isnull=False, then=Value("join")),
                default=Value(""),
                output_field=CharField(),
            )
        )
        .order_by("path")
    )
    urls = {"articles": "", "contact": "", "join": ""}
    top: dict[str, tuple[MenuItem, list[MenuItem]]] = {}
    for page in pages:
        url = page.get_url(request) or ""
        if page.kind and not urls[page.kind]:
            urls[page.kind] = url
        if not page.show_in_menus or page.depth not in MENU_DEPTHS:
            continue
        item = MenuItem(page.title, url)
        if page.depth == MENU_DEPTHS[0]:
            top[page.path] = (item, [])
        elif (parent := top.get(page.path[: -Page.steplen])) is not None:
            parent[1].append(item)
    menu = tuple(MenuItem(item.title, item.url, tuple(children)) for item, children in top.values())
    return Navigation(urls["articles"], urls["contact"], urls["join"], menu)


# What the header and footer link to among the pages, kept in each process like the
# footer (network.context_processors): publishing, unpublishing or moving a page forgets
# it here at once (blog.signals), elsewhere within a minute.
site_navigation = KeptPerSite(read_navigation)
forget_navigation = site_navigation.forget
