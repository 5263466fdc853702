"""The network's own pages: an editor writes About, Points of unity under it, a code of
conduct and a privacy notice; a reader finds them in the footer (the pages marked "Show
in menus", in the editors' order), in search and in the sitemap."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import (
    ArticlePage,
    BlogIndexPage,
    CampaignPage,
    ContactPage,
    EventIndexPage,
    HomePage,
    JoinPage,
    StandardPage,
)
from tests.blog.own_pages import home_page, make_contact_page, make_standard_page
from tests.factories import articles_index, make_join_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _menu_of_standard_pages_only(db):
    """The Events index the migrations make is in the menu too: out of it here, so that
    these tests say the whole menu."""
    EventIndexPage.objects.update(show_in_menus=False)


def footer_menu(response) -> list:
    """The footer's menu as [(title, [child titles])]."""
    soup = BeautifulSoup(response.text, "html.parser")
    menu = soup.select_one(".site-footer__pages")
    if menu is None:
        return []
    return [
        (
            item.find("a").get_text(strip=True),
            [child.get_text(strip=True) for child in item.select(":scope > ul a")],
        )
        for item in menu.select(":scope > ul > li")
    ]


# --- Reading a page -----------------------------------------------------------------


def test_a_page_shows_its_title_introduction_body_and_when_it_was_last_updated(client):
    make_standard_page(
        "Code of conduct",
        introduction="How we treat each other here.",
        last_updated=datetime.date(2026, 10, 2),
        body=[
            ("heading", "Argue with ideas, not people"),
            ("paragraph", RichText("<p>Sharp disagreement is <b>welcome</b>.</p>")),
            ("quote", {"text": "An injury to one is an injury to all.", "attribution": "IWW"}),
        ],
    )

    response = client.get("/code-of-conduct/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.h1.get_text() == "Code of conduct"
    assert "How we treat each other here." in soup.select_one(".article__intro").get_text()
    body = soup.select_one(".article__body")
    assert body.find("h2", id="argue-with-ideas-not-people")
    assert "Sharp disagreement is <b>welcome</b>." in str(body)
    assert "An injury to one is an injury to all." in body.get_text()
    updated = soup.select_one(".article__header .meta")
    assert " ".join(updated.get_text().split()) == "Last updated October 2, 2026"
    assert updated.time["datetime"] == "2026-10-02"
    assert soup.find("link", rel="canonical")["href"].endswith("/code-of-conduct/")


def test_without_a_date_the_page_says_nothing_of_updates(client):
    make_standard_page("Guidelines", introduction="How to post.")
    assert "Last updated" not in client.get("/guidelines/").text


def test_pages_nest_under_about_with_a_way_back_and_a_way_down(client):
    about = make_standard_page("About the network", slug="about")
    make_standard_page("Points of unity", parent=about)
    make_standard_page("Draft of the new points", parent=about, publish=False)

    child = client.get("/about/points-of-unity/")
    parent = client.get("/about/")

    assert child.status_code == 200
    crumbs = BeautifulSoup(child.text, "html.parser").select_one("nav.breadcrumbs")
    assert [(a.get_text(), a["href"]) for a in crumbs.find_all("a")] == [
        ("About the network", "/about/")
    ]
    section = BeautifulSoup(parent.text, "html.parser").select_one("nav.subpages")
    assert [(a.get_text(), a["href"]) for a in section.find_all("a")] == [
        ("Points of unity", "/about/points-of-unity/")
    ]


def test_the_about_page_carries_the_disclaimer_and_the_footer_does_not_repeat_it(client):
    make_standard_page("About the network", slug="about", show_disclaimer=True)
    make_standard_page("Privacy")

    about = BeautifulSoup(client.get("/about/").text, "html.parser")
    privacy = BeautifulSoup(client.get("/privacy/").text, "html.parser")

    assert "not necessarily those of the network" in about.select_one("article .disclaimer").text
    assert about.select_one(".site-footer__disclaimer") is None
    assert privacy.select_one("article .disclaimer") is None
    assert "not necessarily those" in privacy.select_one(".site-footer__disclaimer").text


def test_drafts_and_members_only_pages_are_not_shown_to_visitors(client, member):
    make_standard_page("Guidelines draft", slug="guidelines", publish=False)
    internal = make_standard_page("Internal procedures")
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)

    assert client.get("/guidelines/").status_code == 404
    assert client.get("/internal-procedures/").status_code == 302
    client.force_login(member)
    assert client.get("/internal-procedures/").status_code == 200


# --- The menu -----------------------------------------------------------------------


def test_the_footer_lists_the_pages_marked_show_in_menus_in_the_editors_order(client):
    about = make_standard_page("About the network", slug="about", show_in_menus=True)
    make_standard_page("Points of unity", parent=about, show_in_menus=True)
    make_standard_page("History", parent=about)  # not in the menu
    make_standard_page("Guidelines")  # not in the menu
    make_standard_page("Code of conduct", show_in_menus=True)
    make_standard_page("Privacy", show_in_menus=True)
    make_standard_page("Old privacy notice", show_in_menus=True, publish=False)
    internal = make_standard_page("Internal procedures", show_in_menus=True)
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)

    assert footer_menu(client.get("/forums/")) == [
        ("About the network", ["Points of unity"]),
        ("Code of conduct", []),
        ("Privacy", []),
    ]


def test_the_menu_follows_the_editors_when_they_reorder_or_unlist_a_page(client):
    make_standard_page("About the network", slug="about", show_in_menus=True)
    conduct = make_standard_page("Code of conduct", show_in_menus=True)
    privacy = make_standard_page("Privacy", show_in_menus=True)
    assert [title for title, _ in footer_menu(client.get("/"))] == [
        "About the network",
        "Code of conduct",
        "Privacy",
    ]

    privacy.move(conduct, pos="left")  # the admin's "Sort menu order"
    assert [title for title, _ in footer_menu(client.get("/"))] == [
        "About the network",
        "Privacy",
        "Code of conduct",
    ]

    conduct.refresh_from_db()
    conduct.show_in_menus = False
    conduct.save_revision().publish()
    assert [title for title, _ in footer_menu(client.get("/"))] == ["About the network", "Privacy"]


def test_a_deleted_page_leaves_the_menu_at_once(client):
    make_standard_page("About the network", slug="about", show_in_menus=True)
    privacy = make_standard_page("Privacy", show_in_menus=True)
    assert [title for title, _ in footer_menu(client.get("/"))] == ["About the network", "Privacy"]

    privacy.delete()

    assert [title for title, _ in footer_menu(client.get("/"))] == ["About the network"]


def test_the_current_page_is_marked_in_the_menu(client):
    make_standard_page("Privacy", show_in_menus=True)
    make_standard_page("Code of conduct", show_in_menus=True)

    soup = BeautifulSoup(client.get("/privacy/").text, "html.parser")

    assert [a.get_text() for a in soup.select(".site-footer__pages [aria-current=page]")] == [
        "Privacy"
    ]


def test_a_standard_page_costs_the_same_queries_however_many_pages_and_subpages(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    about = make_standard_page("About the network", slug="about", show_in_menus=True)
    make_standard_page("Points of unity", parent=about, show_in_menus=True)
    client.get("/about/")  # the site's lookup and the navigation, kept as a server keeps them

    # Wagtail's serving: the site, the route (two pages), the specific page, the view
    # restrictions above it (two); the page's ancestors, the private sections and its
    # subpages.
    with django_assert_max_num_queries(9) as few:
        assert client.get("/about/").status_code == 200
    budget = len(few.captured_queries)  # read now: the connection keeps only the last 9,000
    for number in range(6):
        make_standard_page(f"Section {number}", parent=about, show_in_menus=True)
        make_standard_page(f"Page {number}", show_in_menus=True)
    client.get("/about/")
    with django_assert_num_queries(budget):
        response = client.get("/about/")
    assert len(footer_menu(response)) == 7
    assert len(footer_menu(response)[0][1]) == 7


def test_the_menu_costs_one_query_of_the_pages_when_it_is_read_again(
    client, django_assert_num_queries
):
    """The navigation is read once a minute per process, in the query that read the
    articles index's address alone before (and Wagtail's of the private sections)."""
    from blog.context_processors import forget_navigation, navigation

    make_standard_page("About the network", slug="about", show_in_menus=True)
    make_contact_page(show_in_menus=True)
    request = client.get("/forums/").wsgi_request
    forget_navigation()

    with django_assert_num_queries(2):
        found = navigation(request)
    with django_assert_num_queries(0):
        navigation(request)

    assert found["articles_url"] == articles_index().url
    assert found["contact_url"] == "/contact/"
    assert [item.title for item in found["menu_pages"]] == [
        "About the network",
        "Contact the network",
    ]


def test_the_menu_is_kept_apart_by_script_prefix_and_language(client):
    """Kept per process, the menu holds addresses (they carry the prefix the site is
    served under) and titles (words of a language): each is read for itself."""
    from django.urls import get_script_prefix, set_script_prefix
    from django.utils import translation

    from blog.context_processors import navigation

    make_standard_page("About the network", slug="about", show_in_menus=True)
    request = client.get("/forums/").wsgi_request
    before = get_script_prefix()
    try:
        set_script_prefix("/network/")
        assert [item.url for item in navigation(request)["menu_pages"]] == ["/network/about/"]
        set_script_prefix("/")
        assert [item.url for item in navigation(request)["menu_pages"]] == ["/about/"]
    finally:
        set_script_prefix(before)

    with translation.override("es"):
        spanish = navigation(request)
    assert spanish is not navigation(request)
    assert spanish == navigation(request)


# --- Search and the sitemap ---------------------------------------------------------


def test_readers_find_standard_pages_in_search(client):
    make_standard_page(
        "Points of unity",
        introduction="What every member agrees on.",
        body=[("paragraph", RichText("<p>We are internationalists.</p>"))],
    )
    internal = make_standard_page(
        "Internal procedures",
        body=[("paragraph", RichText("<p>Internationalists meet on Tuesdays.</p>"))],
    )
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(reverse("search"), {"q": "internationalists"})

    [result] = response.context["results"].object_list
    assert (result.title, result.url) == ("Points of unity", "/points-of-unity/")
    assert result.kind == "Page"
    assert "We are <mark>internationalists</mark>." in str(result.passage)
    tabs = {tab.key: tab.count for tab in response.context["tabs"]}
    assert tabs == {"articles": 0, "events": 0, "forums": 0, "pages": 1}


def test_standard_pages_are_in_the_sitemap_as_articles_are(client):
    about = make_standard_page("About the network", slug="about")
    points = make_standard_page("Points of unity", parent=about)
    draft = make_standard_page("Guidelines", publish=False)

    sitemap = client.get("/sitemap.xml").text

    assert about.get_full_url() in sitemap
    assert points.get_full_url() in sitemap
    assert f"/{draft.slug}/" not in sitemap


# --- What the admin offers ----------------------------------------------------------


def test_the_home_page_takes_the_articles_index_standard_pages_and_the_contact_page():
    assert set(HomePage.allowed_subpage_models()) == {
        BlogIndexPage,
        EventIndexPage,
        StandardPage,
        CampaignPage,
        ContactPage,
        JoinPage,
    }
    assert StandardPage.allowed_subpage_models() == [StandardPage]
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage}
    assert ContactPage.allowed_subpage_models() == []
    assert ContactPage.allowed_parent_page_models() == [HomePage]
    assert BlogIndexPage.allowed_subpage_models() == [ArticlePage]


def offered_types(client, parent) -> set[str]:
    """The page types the admin's "Add child page" offers under ``parent``."""
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    if response.status_code == 302:  # only one type to offer: straight to its form
        return {response["Location"].split("/")[-3]}
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    prefix = reverse("wagtailadmin_pages:add", args=["blog", "x", parent.pk]).split("/blog/")[0]
    return {
        a["href"].removeprefix(prefix).split("/")[2]
        for a in soup.find_all("a", href=True)
        if a["href"].startswith(f"{prefix}/blog/")
    }


def test_add_child_page_under_home_offers_the_pages_that_make_sense_there(client, editor):
    client.force_login(editor)
    home = home_page()

    # The articles and events indexes exist already (one of each per site).
    assert offered_types(client, home) == {
        "standardpage", "campaignpage", "contactpage", "joinpage"
    }  # fmt: skip
    make_contact_page()
    make_join_page()
    assert offered_types(client, home) == {"standardpage", "campaignpage"}
    about = make_standard_page("About the network", slug="about")
    assert offered_types(client, about) == {"standardpage"}
    assert offered_types(client, articles_index()) == {"articlepage"}


def standard_page_form(action=None, **fields) -> dict:
    data = {
        "title": "Points of unity",
        "slug": "points-of-unity",
        "language": "en",
        "introduction": "What we agree on.",
        "body": streamfield([("paragraph", rich_text("<p>Six points.</p>"))]),
        "last_updated": "2026-11-14",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        **fields,
    }
    if action:
        data[f"action-{action}"] = action
    return nested_form_data(data)


def test_an_editor_publishes_a_standard_page_under_about(client, editor):
    about = make_standard_page("About the network", slug="about")
    client.force_login(editor)

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "standardpage", about.pk]),
        standard_page_form("publish", show_in_menus="on"),
    )

    assert response.status_code == 302
    page = StandardPage.objects.get(slug="points-of-unity")
    assert page.live
    assert page.show_in_menus
    assert page.get_parent().pk == about.pk
    assert page.last_updated == datetime.date(2026, 11, 14)
    assert "Six points." in client.get("/about/points-of-unity/").text


def test_a_contributor_may_not_add_pages_under_home(client, contributor):
    client.force_login(contributor)

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["blog", "standardpage", home_page().pk]),
        standard_page_form("publish"),
    )

    assert response.status_code in (302, 403)
    assert not StandardPage.objects.exists()
