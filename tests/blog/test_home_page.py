import datetime
import re

import pytest
from wagtail.models import Site

from blog.models import HomePage
from tests.factories import articles_index, make_article, make_author, make_image

pytestmark = pytest.mark.django_db


def test_wagtail_serves_the_home_page_at_the_root(client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)

    response = client.get("/")

    assert response.status_code == 200
    assert "Welcome to the Network" in response.text
    assert "forums for every state" in response.text


def test_visitors_are_invited_to_join_and_members_are_not(client, member):
    assert "Join the network" in client.get("/").text
    client.force_login(member)
    page = client.get("/").text
    assert "Join the network" not in page
    assert f"@{member.username}" in page


def test_home_page_features_an_article_and_lists_the_latest(client):
    from blog.models import HomePage

    older = make_article("Older piece", display_date=datetime.date(2026, 1, 1))
    make_article("Newest piece", display_date=datetime.date(2026, 3, 1))
    home = HomePage.objects.get()
    home.featured_article = older
    home.save_revision().publish()

    response = client.get("/")

    assert response.context["featured"] == older
    assert [a.title for a in response.context["latest"]] == ["Newest piece"]
    assert "Featured" in response.text


def test_without_a_chosen_feature_the_newest_article_leads(client):
    make_article("Older piece", display_date=datetime.date(2026, 1, 1))
    make_article("Newest piece", display_date=datetime.date(2026, 3, 1))
    assert client.get("/").context["featured"].title == "Newest piece"


def test_header_links_to_the_articles(client):
    assert f'href="{articles_index().url}">Articles</a>' in client.get("/").text


def test_the_header_follows_the_articles_index_when_it_is_unpublished_or_moved(client):
    index = articles_index()
    assert ">Articles</a>" in client.get("/forums/").text

    index.unpublish()
    assert ">Articles</a>" not in client.get("/forums/").text

    index.save_revision().publish()
    index.refresh_from_db()
    index.slug = "writing"
    index.save_revision().publish()
    assert 'href="/writing/">Articles</a>' in client.get("/forums/").text


def test_home_page_queries_do_not_grow_with_articles(client, count_queries):
    make_article("First", tags=["one"], authors=[make_author("A")])
    client.get("/")
    few = count_queries(lambda: client.get("/"))
    for n in range(8):
        make_article(f"More {n}", tags=[f"t{n}", "one"], authors=[make_author(f"B{n}")])
    client.get("/")
    many = count_queries(lambda: client.get("/"))
    assert few == many
    # With the upcoming events' query (there are none: their index is not looked up).
    assert many <= 13


def test_the_home_page_describes_itself_to_search_engines_and_link_previews(client):
    from blog.models import HomePage

    assert '<meta name="description" content="News, events and discussion' in client.get("/").text
    home = HomePage.objects.get()
    home.search_description = "The network's home."
    home.save_revision().publish()

    assert '<meta name="description" content="The network&#x27;s home.">' in client.get("/").text


@pytest.mark.parametrize("featured", [True, False])
def test_the_home_pages_first_picture_is_not_lazy_and_the_rest_are(client, featured):
    from blog.models import HomePage

    articles = [
        make_article(
            f"Piece {n}",
            display_date=datetime.date(2026, 3, n),
            lead_image=make_image(f"Picture {n}", size=(960, 540)),
            lead_image_alt="A picture",
        )
        for n in range(1, 4)
    ]
    if featured:
        home = HomePage.objects.get()
        home.featured_article = articles[0]
        home.save_revision().publish()

    pictures = re.findall(r"<img [^>]*>", client.get("/").text)

    assert len(pictures) >= 3
    assert "loading=" not in pictures[0]
    assert all('loading="lazy"' in picture for picture in pictures[1:])
