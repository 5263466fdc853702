"""Search engines find what the network publishes through sitemap.xml, and robots.txt
keeps them out of the parts of the site that are not for indexing."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from wagtail.models import PageViewRestriction, Site

from tests.event_factories import events_index
from tests.factories import articles_index, make_article

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.findall("sitemap:url/sitemap:loc", SITEMAP_NS)]


def cross_post(title, **fields):
    return make_article(
        title,
        source_name="Labor Notes",
        source_url=f"https://labornotes.org/{title.lower().replace(' ', '-')}",
        **fields,
    )


# --- sitemap.xml --------------------------------------------------------------------


def test_sitemap_lists_the_home_page_the_index_and_original_articles(client):
    home = Site.objects.get(is_default_site=True).root_page
    first = make_article("Our first piece")
    second = make_article("Our second piece")

    locations = sitemap_locations(client)

    assert locations == [
        home.get_full_url(),
        articles_index().get_full_url(),
        first.get_full_url(),
        second.get_full_url(),
        events_index().get_full_url(),
    ]


def test_sitemap_leaves_out_drafts_and_members_only_articles(client):
    published = make_article("Published")
    draft = make_article("Draft", publish=False)
    private = make_article("Members only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    locations = sitemap_locations(client)

    assert published.get_full_url() in locations
    assert draft.get_full_url() not in locations
    assert private.get_full_url() not in locations


def test_unpublished_article_leaves_the_sitemap(client):
    article = make_article("Withdrawn")
    assert article.get_full_url() in sitemap_locations(client)

    article.unpublish()

    assert article.get_full_url() not in sitemap_locations(client)


def test_sitemap_leaves_cross_posts_whose_canonical_is_the_source_to_the_source(client):
    pointing_to_source = cross_post("Canonical at the source")
    assert pointing_to_source.canonical_to_source  # the default
    ours_to_index = cross_post("Indexed here", canonical_to_source=False)
    original = make_article("Our own")

    locations = sitemap_locations(client)

    assert pointing_to_source.get_full_url() not in locations
    assert pointing_to_source.source_url not in locations
    assert ours_to_index.get_full_url() in locations
    assert original.get_full_url() in locations


def test_sitemap_agrees_with_each_articles_canonical_link(client):
    """What the sitemap lists is exactly what the pages call canonical on this site."""
    articles = [
        make_article("Original"),
        cross_post("Source is canonical"),
        cross_post("We are canonical", canonical_to_source=False),
    ]

    locations = sitemap_locations(client)

    for article in articles:
        page = client.get(article.url).text
        canonical = article.get_canonical_url()
        assert f'<link rel="canonical" href="{canonical}">' in page
        assert (canonical in locations) == (canonical == article.get_full_url()), article.title


def test_sitemap_lists_public_addresses_whatever_host_was_asked(client, settings):
    settings.SITE_URL = "https://network.example"
    settings.ALLOWED_HOSTS = ["mirror.example"]
    article = make_article("Our first piece")

    response = client.get("/sitemap.xml", HTTP_HOST="mirror.example")
    root = ElementTree.fromstring(response.content)
    locations = [loc.text for loc in root.findall("sitemap:url/sitemap:loc", SITEMAP_NS)]

    assert locations == [
        "https://network.example/",
        f"https://network.example{articles_index().url}",
        f"https://network.example{article.url}",
        f"https://network.example{events_index().url}",
    ]


def test_sitemap_query_budget(client, django_assert_max_num_queries):
    for number in range(5):
        make_article(f"Article {number}")
    client.get("/sitemap.xml")

    with django_assert_max_num_queries(8):
        assert len(sitemap_locations(client)) == 8  # with the events index


# --- robots.txt ---------------------------------------------------------------------


def test_robots_txt_is_plain_text_for_every_crawler(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text.splitlines()[0] == "User-agent: *"


def test_robots_txt_keeps_crawlers_out_of_accounts_admin_and_members(client):
    rules = client.get("/robots.txt").text.splitlines()

    for path in ("/admin/", "/django-admin/", "/accounts/", "/members/"):
        assert f"Disallow: {path}" in rules
    assert "Disallow: /" not in rules  # the articles stay open
    assert not [rule for rule in rules if rule.startswith("Disallow: /articles")]


def test_robots_txt_names_the_sitemap_at_the_sites_address(client, settings):
    settings.SITE_URL = "https://network.example"
    settings.ALLOWED_HOSTS = ["mirror.example", "testserver"]

    rules = client.get("/robots.txt", HTTP_HOST="mirror.example").text.splitlines()

    (sitemap,) = [rule for rule in rules if rule.startswith("Sitemap:")]
    assert sitemap == "Sitemap: https://network.example/sitemap.xml"
    assert client.get(urlsplit(sitemap.removeprefix("Sitemap: ")).path).status_code == 200


def test_robots_txt_answers_a_head_request(client):
    response = client.head("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


def test_robots_txt_refuses_to_be_posted_to(client):
    assert client.post("/robots.txt").status_code == 405
