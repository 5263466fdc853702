"""Pages written in Spanish or English (blog.languages): the editor says which, the
page's words carry that language whatever the interface's, a page and its counterpart in
the other language name each other with hreflang alternates, and feeds say each entry's
language."""

import re

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from blog.models import ArticlePage
from tests.blog.test_editing import add_article_url, article_form
from tests.factories import UserFactory, articles_index, make_article

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_an_editor_writes_an_article_in_spanish(client):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.post(
        add_article_url(),
        article_form("publish", title="La huelga de renta", slug="huelga", language="es"),
    )

    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="huelga").language == "es"


def test_the_admin_refuses_a_language_the_site_does_not_speak(client):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.post(add_article_url(), article_form("publish", language="fr"))

    assert response.status_code == 200
    assert not ArticlePage.objects.filter(slug="organizing-the-piedmont").exists()


def test_a_spanish_article_says_so_inside_an_english_page(client):
    article = make_article("La huelga de renta", language="es")

    html = client.get(article.url).text

    assert '<html lang="en">' in html
    assert '<h1 id="article-title" lang="es">La huelga de renta</h1>' in html
    assert '<div class="article__body prose" lang="es">' in html
    assert '<p class="article__intro" lang="es">' in html


def test_an_english_article_read_in_spanish_keeps_its_own_language(client):
    article = make_article("Rent strike")

    html = client.get(article.url, **SPANISH).text

    assert '<html lang="es">' in html
    assert '<h1 id="article-title" lang="en">Rent strike</h1>' in html


def test_the_articles_list_marks_each_cards_language(client):
    make_article("La huelga de renta", language="es")
    make_article("Rent strike")

    html = client.get(articles_index().url).text

    assert re.search(r'class="article-card__title" lang="es"><a [^>]*>La huelga de renta', html)
    assert re.search(r'class="article-card__title" lang="en"><a [^>]*>Rent strike', html)


def test_a_page_and_its_counterpart_name_each_other(client, settings):
    settings.SITE_URL = "https://network.example"
    english = make_article("Rent strike")
    spanish = make_article("La huelga de renta", language="es", translation=english)

    from_spanish = alternates(client.get(spanish.url).text)
    from_english = alternates(client.get(english.url).text)

    expected = {
        "en": f"https://network.example{english.url}",
        "es": f"https://network.example{spanish.url}",
    }
    assert from_spanish == expected
    # The English page does not name the Spanish one: the Spanish one names it.
    assert from_english == expected


def test_no_alternates_without_a_live_counterpart_in_the_other_language(client):
    english = make_article("Rent strike")
    draft = make_article("La huelga de renta", language="es", translation=english, publish=False)
    same_language = make_article("Rent strike again", translation=english)

    assert alternates(client.get(english.url).text) == {}
    assert alternates(client.get(same_language.url).text) == {}
    assert draft.live is False


def test_publishing_the_counterpart_adds_the_alternates_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    english = make_article("Rent strike")
    spanish = make_article("La huelga de renta", language="es", publish=False)
    assert alternates(client.get(english.url).text) == {}

    spanish.translation = english
    spanish.save_revision().publish()

    assert set(alternates(client.get(english.url).text)) == {"en", "es"}


def test_feeds_say_each_entrys_language(client):
    make_article("La huelga de renta", language="es")
    make_article("Rent strike")
    index_url = articles_index().url

    rss = client.get(f"{index_url}feed/").content.decode()
    atom = client.get(f"{index_url}feed/atom/").content.decode()

    assert "<dc:language>es</dc:language>" in rss
    assert "<dc:language>en</dc:language>" in rss
    entries = dict(re.findall(r'<entry xml:lang="(\w+)"><title>([^<]+)</title>', atom))
    assert entries == {"es": "La huelga de renta", "en": "Rent strike"}
    assert feedparser.parse(atom).bozo == 0


def test_a_feed_read_in_spanish_says_so_of_itself(client):
    make_article("Rent strike")

    rss = client.get(f"{articles_index().url}feed/", **SPANISH).content.decode()

    assert "<language>es</language>" in rss


def test_the_chooser_offers_only_pages_of_the_same_kind():
    panel = ArticlePage.promote_panels[-1]

    assert panel.field_name == "translation"
    assert panel.page_type == "blog.ArticlePage"


def test_editing_a_page_refuses_someone_who_may_not(client, member):
    article = make_article("Rent strike")
    client.force_login(member)

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(article.pk,)),
        article_form("publish", title="Rent strike", slug="rent-strike", language="es"),
    )

    assert response.status_code in (302, 403)
    article.refresh_from_db()
    assert article.language == "en"


def test_search_results_say_the_language_of_each_page(client):
    make_article("La huelga de renta", language="es", introduction="Una huelga en Atlanta.")
    make_article("Rent strike", introduction="A strike in Atlanta.")

    html = client.get(reverse("search"), {"q": "Atlanta"}).text

    assert re.search(r'<h2 lang="es"><a href="[^"]+">La huelga de renta</a></h2>', html)
    assert re.search(r'<h2 lang="en"><a href="[^"]+">Rent strike</a></h2>', html)
