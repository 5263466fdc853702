"""Choosing the language (network.language): the browser's for visitors, the switcher's
cookie once they choose, the profile's for members; one address for both languages,
and a page cache that keeps one copy of a page per language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from network.language import for_member, of_member, supported
from tests.factories import UserFactory, make_article

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def page_language(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text)[1]


def test_a_visitor_reads_the_language_their_browser_asks_for(client):
    spanish = client.get(reverse("forums:index"), **SPANISH)
    english = client.get(reverse("forums:index"), **ENGLISH)

    assert page_language(spanish) == "es"
    assert spanish["Content-Language"] == "es"
    assert ">Foros</a>" in spanish.text
    assert "Únete a la red" in spanish.text
    assert page_language(english) == "en"
    assert ">Forums</a>" in english.text


def test_a_browser_asking_for_neither_language_gets_english(client):
    response = client.get(reverse("forums:index"), HTTP_ACCEPT_LANGUAGE="fr-FR,de;q=0.8")

    assert page_language(response) == "en"


def test_the_switcher_is_a_plain_form_in_the_header_and_the_footer(client):
    html = client.get(reverse("forums:index"), **ENGLISH).text

    forms = re.findall(
        r'<form class="language-switch[^"]*" method="post" action="/language/">', html
    )
    assert len(forms) == 2
    button = '<button class="link-button" type="submit" name="language" value="es" lang="es">'
    assert f"{button}Español</button>" in html
    assert '<span class="language-switch__current" lang="en">English</span>' in html


def test_the_switcher_remembers_a_visitors_choice_and_returns_to_the_page(client):
    response = client.post(reverse("language"), {"language": "es", "next": "/forums/?page=2"})

    assert response.status_code == 302
    assert response["Location"] == "/forums/?page=2"
    cookie = response.cookies["django_language"]
    assert cookie.value == "es"
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    again = client.get(reverse("forums:index"), **ENGLISH)
    assert page_language(again) == "es"


def test_the_switcher_never_sends_a_visitor_to_another_site(client):
    response = client.post(
        reverse("language"), {"language": "es", "next": "https://elsewhere.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("language", ["fr", "xx", "", "es<script>", "../../etc"])
def test_the_switcher_ignores_a_language_the_site_does_not_speak(client, member, language):
    client.force_login(member)

    response = client.post(reverse("language"), {"language": language, "next": "/"})

    assert response.status_code == 302
    assert "django_language" not in response.cookies
    member.profile.refresh_from_db()
    assert member.profile.language == "en"


def test_the_switcher_only_takes_a_form(client):
    response = client.get(reverse("language"), {"language": "es"})

    assert response.status_code == 405
    assert "django_language" not in response.cookies


def test_a_members_choice_is_kept_on_their_profile_for_every_browser(client, member):
    client.force_login(member)
    client.post(reverse("language"), {"language": "es", "next": "/"})
    member.profile.refresh_from_db()
    assert member.profile.language == "es"

    client.cookies.pop("django_language")
    response = client.get(reverse("forums:index"), **ENGLISH)

    assert page_language(response) == "es"


def test_a_member_changes_only_their_own_language(client, member, other_member):
    client.force_login(member)

    client.post(reverse("language"), {"language": "es", "next": "/"})

    other_member.profile.refresh_from_db()
    assert other_member.profile.language == "en"


def test_a_new_member_keeps_the_language_they_signed_up_in():
    with translation.override("es"):
        newcomer = UserFactory()
    with translation.override("es-mx"):
        other = UserFactory()

    assert newcomer.profile.language == "es"
    assert other.profile.language == "es"
    assert UserFactory().profile.language == "en"


def test_what_is_written_for_a_member_is_in_their_language(member, other_member):
    other_member.profile.language = "es"
    other_member.profile.save()

    with translation.override("en"):
        with for_member(other_member):
            assert translation.get_language() == "es"
        with for_member(member):
            assert translation.get_language() == "en"
    assert of_member(None) == "en"
    assert supported("es-419") == "es"
    assert supported("zz") == "en"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_the_page_cache_keeps_one_copy_of_a_page_for_each_language(client, page_cache):
    article = make_article("Rent strike")

    english = client.get(article.url, **ENGLISH)
    spanish = client.get(article.url, **SPANISH)
    spanish_again = client.get(article.url, **SPANISH)

    assert english["X-Page-Cache"] == "miss"
    assert spanish["X-Page-Cache"] == "miss"
    assert spanish_again["X-Page-Cache"] == "hit"
    assert page_language(english) == "en"
    assert page_language(spanish_again) == "es"
    vary = {part.strip() for part in spanish_again["Vary"].split(",")}
    assert {"Accept-Language", "Cookie"} <= vary


def test_the_switcher_on_a_public_page_hands_out_no_token(client, page_cache):
    article = make_article("Rent strike")

    response = client.get(article.url)

    assert "csrfmiddlewaretoken" not in response.text
    assert "public" in response["Cache-Control"]
    assert client.get(article.url)["X-Page-Cache"] == "hit"


def test_dates_numbers_and_how_long_ago_follow_the_interface_language():
    from datetime import date, timedelta

    from django.utils import timezone

    from network.jinja2 import grouped
    from network.templatetags.network_tags import ago, long_date, long_day

    three_days = timezone.now() - timedelta(days=3)
    with translation.override("es"):
        assert ago(three_days) == "hace 3 días"
        assert ago(timezone.now() - timedelta(minutes=5)) == "hace 5 minutos"
        assert long_date(date(2025, 11, 12)) == "12 de noviembre de 2025"
        assert long_day(date(2025, 11, 12)) == "12 de noviembre"
        assert grouped(12345) == "12,345"  # as in the U.S. and Mexico (network.formats.es)
    with translation.override("en"):
        assert ago(three_days) == "3 days ago"
        assert long_date(date(2025, 11, 12)) == "November 12, 2025"
        assert grouped(12345) == "12,345"  # as in the U.S. and Mexico (network.formats.es)


def test_a_visitor_who_chose_spanish_keeps_it_on_signing_in(client, member):
    from tests.factories import PASSWORD

    client.post(reverse("language"), {"language": "es", "next": "/"})
    signed_in = client.post(
        reverse("account_login"), {"login": member.username, "password": PASSWORD}
    )

    assert signed_in.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.language == "es"
    assert page_language(client.get(reverse("forums:index"), **ENGLISH)) == "es"


def test_signing_in_without_a_choice_keeps_the_profiles_language(client, member):
    from tests.factories import PASSWORD

    member.profile.language = "es"
    member.profile.save()

    client.post(reverse("account_login"), {"login": member.username, "password": PASSWORD})

    member.profile.refresh_from_db()
    assert member.profile.language == "es"
