"""Editors manage partner feeds in the Wagtail admin and hear of the drafts they bring:
registering a feed (only a web address will do), reading how its polls went, resuming
one that was paused, and "From partner feeds: N new drafts" on the dashboard. Nobody
but editors (and administrators) may touch the feeds."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from blog.partner_feeds import PartnerFeed, PartnerFeedItem
from blog.partner_feeds_admin import PartnerFeedDraftsPanel
from network.models import Region
from tests.factories import articles_index, make_article

pytestmark = pytest.mark.django_db

INDEX_URL = "/admin/partner_feeds/"
ADD_URL = "/admin/partner_feeds/new/"


def edit_url(feed: PartnerFeed) -> str:
    return reverse("partner_feeds:edit", args=(feed.pk,))


def feed_form(**fields) -> dict:
    return {
        "name": "Labor Notes",
        "url": "https://labornotes.org/feed",
        "default_tags": "labor, strikes",
        "default_regions": [],
        "active": "on",
        **fields,
    }


def errors_beside(response, field_name: str) -> str:
    soup = BeautifulSoup(response.text, "html.parser")
    wrapper = soup.find(id=f"id_{field_name}").find_parent(attrs={"data-field": True})
    return " ".join(error.get_text(" ", strip=True) for error in wrapper.select(".error-message"))


def test_editor_registers_a_partner_feed(client, editor):
    georgia = Region.objects.get(code="GA")
    client.force_login(editor)

    response = client.post(ADD_URL, feed_form(default_regions=[georgia.pk]))

    assert response.status_code == 302
    feed = PartnerFeed.objects.get()
    assert (feed.name, feed.url, feed.active) == (
        "Labor Notes",
        "https://labornotes.org/feed",
        True,
    )
    assert sorted(tag.name for tag in feed.default_tags.all()) == ["labor", "strikes"]
    assert list(feed.default_regions.all()) == [georgia]
    listing = client.get(INDEX_URL)
    assert listing.status_code == 200
    assert "Labor Notes" in listing.text


@pytest.mark.parametrize(
    "address",
    [
        "ftp://labornotes.org/feed.xml",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://labornotes.org/feed",
        "labornotes",
    ],
)
def test_only_web_addresses_are_taken(client, editor, address):
    client.force_login(editor)

    response = client.post(ADD_URL, feed_form(url=address))

    assert response.status_code == 200
    assert not PartnerFeed.objects.exists()
    assert "starting with http:// or https://" in errors_beside(response, "url")
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.find(id="id_name")["value"] == "Labor Notes"
    assert soup.find(id="id_url")["value"] == address


def test_the_same_feed_is_not_registered_twice(client, editor):
    PartnerFeed.objects.create(name="Labor Notes", url="https://labornotes.org/feed")
    client.force_login(editor)

    response = client.post(ADD_URL, feed_form(name="Labor Notes again"))

    assert response.status_code == 200
    assert "already exists" in errors_beside(response, "url")
    assert PartnerFeed.objects.count() == 1


def test_editor_reads_how_the_polls_went_and_cannot_change_it(client, editor):
    feed = PartnerFeed.objects.create(
        name="Labor Notes",
        url="https://labornotes.org/feed",
        error_count=4,
        last_error="The feed’s server answered 503 Service Unavailable.",
        etag='"abc"',
        last_polled_at=timezone.now(),
    )
    client.force_login(editor)

    page = client.get(edit_url(feed)).text
    assert "The feed’s server answered 503 Service Unavailable." in page
    assert "Errors in a row" in page

    response = client.post(edit_url(feed), feed_form(error_count=0, last_error="", etag="x"))

    assert response.status_code == 302
    feed.refresh_from_db()
    assert (feed.error_count, feed.etag) == (4, '"abc"')
    assert feed.last_error.startswith("The feed’s server answered 503")


def test_the_listing_shows_each_feeds_errors(client, editor):
    PartnerFeed.objects.create(
        name="Flaky Press", url="https://flaky.example/feed", error_count=7, last_error="Gone"
    )
    client.force_login(editor)

    soup = BeautifulSoup(client.get(INDEX_URL).text, "html.parser")

    row = soup.find("a", string=lambda text: text and "Flaky Press" in text).find_parent("tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
    assert "7" in cells
    assert "Gone" in cells


def test_editor_finds_a_feed_by_name_or_address(client, editor):
    PartnerFeed.objects.create(name="Labor Notes", url="https://labornotes.org/feed")
    PartnerFeed.objects.create(name="Southern Worker", url="https://southern.example/rss")
    client.force_login(editor)

    by_name = client.get(INDEX_URL, {"q": "labor"}).text
    by_address = client.get(INDEX_URL, {"q": "southern.example"}).text

    assert "Labor Notes" in by_name
    assert "Southern Worker" not in by_name
    assert "Southern Worker" in by_address


def test_resuming_a_paused_feed_starts_its_error_count_afresh(client, editor):
    feed = PartnerFeed.objects.create(
        name="Labor Notes",
        url="https://labornotes.org/feed",
        active=False,
        error_count=10,
        last_error="Paused after 10 failed polls in a row. Last error: timeout",
    )
    client.force_login(editor)

    response = client.post(edit_url(feed), feed_form(active="on"))

    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.active
    assert (feed.error_count, feed.last_error) == (0, "")


def test_a_new_address_forgets_the_old_ones_validators(client, editor):
    feed = PartnerFeed.objects.create(
        name="Labor Notes",
        url="https://labornotes.org/feed",
        etag='"abc"',
        last_modified="Tue, 03 Jun 2025 09:00:00 GMT",
    )
    client.force_login(editor)

    client.post(edit_url(feed), feed_form(url="https://labornotes.org/feed/atom"))

    feed.refresh_from_db()
    assert (feed.url, feed.etag, feed.last_modified) == ("https://labornotes.org/feed/atom", "", "")


def test_pausing_a_feed_by_hand(client, editor):
    feed = PartnerFeed.objects.create(name="Labor Notes", url="https://labornotes.org/feed")
    client.force_login(editor)

    data = feed_form()
    del data["active"]
    client.post(edit_url(feed), data)

    feed.refresh_from_db()
    assert not feed.active


# Who may.


@pytest.mark.parametrize("path", [INDEX_URL, ADD_URL])
def test_contributors_are_refused(client, contributor, path):
    client.force_login(contributor)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_contributors_cannot_register_or_edit_a_feed(client, contributor):
    feed = PartnerFeed.objects.create(name="Labor Notes", url="https://labornotes.org/feed")
    client.force_login(contributor)

    client.post(ADD_URL, feed_form(url="https://evil.example/feed"))
    client.post(edit_url(feed), feed_form(url="http://169.254.169.254/latest/meta-data/"))

    assert list(PartnerFeed.objects.values_list("url", flat=True)) == [
        "https://labornotes.org/feed"
    ]


def test_members_without_admin_access_are_refused(client, member):
    client.force_login(member)

    response = client.get(INDEX_URL, follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "You do not have permission to access the admin" in response.text


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(INDEX_URL, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_the_feeds_listing_costs_the_same_for_three_feeds_or_thirty(client, editor, count_queries):
    client.force_login(editor)
    client.get(INDEX_URL)  # the session and permissions, once
    for number in range(3):
        PartnerFeed.objects.create(name=f"Press {number}", url=f"https://p{number}.example/")
    few = count_queries(lambda: client.get(INDEX_URL))
    for number in range(3, 30):
        PartnerFeed.objects.create(name=f"Press {number}", url=f"https://p{number}.example/")

    assert count_queries(lambda: client.get(INDEX_URL)) == few


# "From partner feeds: N new drafts".


def partner_drafts(count: int, feed: PartnerFeed | None = None) -> list:
    feed = feed or PartnerFeed.objects.create(name="Labor Notes", url="https://ln.example/")
    pages = []
    for number in range(count):
        page = make_article(
            f"Dispatch {number}",
            publish=False,
            source_name=feed.name,
            source_url=f"https://ln.example/{number}",
        )
        PartnerFeedItem.objects.create(feed=feed, key=f"{number:064}", draft=page)
        pages.append(page)
    return pages


def test_editors_see_the_new_drafts_on_the_dashboard(client, editor):
    drafts = partner_drafts(3)
    published = make_article(
        "Already out", source_name="Labor Notes", source_url="https://ln.example/x"
    )
    PartnerFeedItem.objects.create(feed=PartnerFeed.objects.get(), key="p" * 64, draft=published)
    PartnerFeedItem.objects.create(feed=PartnerFeed.objects.get(), key="d" * 64, draft=None)
    client.force_login(editor)

    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).text, "html.parser")

    panel = soup.find(id="partner-feed-drafts-section")
    assert panel is not None
    assert "From partner feeds: 3 new drafts" in soup.get_text(" ", strip=True)
    links = {a["href"] for a in panel.find_all("a")}
    assert links >= {reverse("wagtailadmin_pages:edit", args=(page.pk,)) for page in drafts}
    assert reverse("wagtailadmin_pages:edit", args=(published.pk,)) not in links


def test_one_new_draft_is_said_in_the_singular(client, editor):
    partner_drafts(1)
    client.force_login(editor)

    text = BeautifulSoup(client.get(reverse("wagtailadmin_home")).text, "html.parser").get_text()

    assert "From partner feeds: 1 new draft" in text
    assert "1 new drafts" not in text


def test_no_panel_without_new_drafts(client, editor):
    client.force_login(editor)

    page = client.get(reverse("wagtailadmin_home")).text

    assert "From partner feeds" not in page


def test_contributors_do_not_see_the_panel(client, contributor):
    partner_drafts(2)
    client.force_login(contributor)

    page = client.get(reverse("wagtailadmin_home")).text

    assert "From partner feeds" not in page


def test_many_drafts_link_to_all_of_them_among_the_articles(client, editor):
    partner_drafts(12)
    client.force_login(editor)

    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).text, "html.parser")

    panel = soup.find(id="partner-feed-drafts-section")
    assert len(panel.find_all("tr")) == 1 + 10
    index = soup.find("a", string=lambda text: text and "See them all" in text)
    assert index["href"].startswith(reverse("wagtailadmin_explore", args=(articles_index().pk,)))


def test_the_panel_costs_the_same_for_three_drafts_or_thirty(editor, count_queries):
    request = RequestFactory().get("/admin/")
    request.user = editor
    feed = PartnerFeed.objects.create(name="Labor Notes", url="https://ln.example/")
    partner_drafts(3, feed)
    panel = PartnerFeedDraftsPanel()
    few = count_queries(lambda: panel.render_html({"request": request}))
    assert few == 2

    for number in range(3, 30):
        page = make_article(
            f"More {number}", publish=False, source_name="LN", source_url="https://ln.example/x"
        )
        PartnerFeedItem.objects.create(feed=feed, key=f"m{number:063}", draft=page)

    assert count_queries(lambda: panel.render_html({"request": request})) == 3
