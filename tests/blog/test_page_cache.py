"""Anonymous readers get articles and listings from the page cache; a publish makes
every cached page stale; members always get a fresh, private page."""

import pytest

from tests.factories import articles_index, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_anonymous_readers_get_the_cached_page_without_touching_the_database(
    client, page_cache, django_assert_num_queries
):
    article = make_article("Cached piece")
    first = client.get(article.url)
    assert first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"]
    assert "max-age=60" in first["Cache-Control"]

    with django_assert_num_queries(0):
        second = client.get(article.url)

    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_a_change_makes_cached_pages_stale(client, page_cache):
    article = make_article("Before the edit")
    index_url = articles_index().url
    assert "Before the edit" in client.get(article.url).text
    assert "Before the edit" in client.get(index_url).text

    article.title = "After the edit"
    article.save_revision().publish()

    response = client.get(article.url)
    assert response["X-Page-Cache"] == "miss"
    assert "After the edit" in response.text
    assert "After the edit" in client.get(index_url).text


def test_unpublishing_removes_the_page_from_cached_listings(client, page_cache):
    article = make_article("Soon gone")
    index_url = articles_index().url
    assert "Soon gone" in client.get(index_url).text

    article.unpublish()

    assert "Soon gone" not in client.get(index_url).text
    assert client.get(article.url).status_code == 404


def test_deleting_an_article_removes_it_from_cached_listings(client, page_cache):
    article = make_article("Deleted soon")
    index_url = articles_index().url
    assert "Deleted soon" in client.get(index_url).text

    article.delete()

    assert "Deleted soon" not in client.get(index_url).text


def test_making_an_article_private_takes_it_and_its_comments_out_of_cached_pages(
    client, page_cache
):
    from wagtail.models import PageViewRestriction

    from forums import actions
    from forums.models import Thread
    from tests.forums.conftest import established

    article = make_article("Members only soon")
    actions.post_reply(Thread.objects.get(pk=article.discussion_id), established(), "Agreed.")
    assert "Agreed." in client.get(article.url).text
    assert "Members only soon" in client.get("/").text  # in the forums' latest activity

    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(article.url).status_code == 302  # to sign in
    assert "Members only soon" not in client.get("/").text


def test_members_always_get_a_fresh_private_page(client, page_cache, member):
    article = make_article("Members read fresh")
    client.get(article.url)
    client.force_login(member)

    response = client.get(article.url)

    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert f"@{member.username}" in response.text


def test_without_a_shared_cache_nothing_is_cached(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article("Not cached")
    client.get(article.url)
    assert "X-Page-Cache" not in client.get(article.url)


def test_pages_that_hand_out_a_form_token_are_not_shared(rf, page_cache):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from network.page_cache import cached_for_anonymous

    @cached_for_anonymous
    def page_with_a_form(request):
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    def anonymous_get():
        from django.contrib.auth.models import AnonymousUser
        from django.contrib.messages.storage.fallback import FallbackStorage

        request = rf.get("/a-form/")
        request.user = AnonymousUser()
        request.session = {}
        request._messages = FallbackStorage(request)
        return page_with_a_form(request)

    first, second = anonymous_get(), anonymous_get()
    assert "private" in first["Cache-Control"]
    assert "X-Page-Cache" not in second
    assert first.content != second.content
