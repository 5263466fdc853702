"""What every page shows around its content (the header's links, the footer's pages and
settings) is worked out once per process and kept: kept
apart by what makes it differ (the script prefix the site is served under, the
language), and read again when it changes."""

import pytest
from django.urls import clear_url_caches, get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from network import addresses
from network.templatetags.network_tags import address

EVERY_PAGE_LINKS = [
    "forums:index",
    "members:list",
    "organizations:list",
    "search",
    "account_login",
    "account_signup",
    "account_logout",
    "account_email",
    "account_change_password",
    "mfa_index",
    "account_blocked",
    "leaving:your_data",
    "notifications:inbox",
    "notifications:settings",
    "wagtailadmin_home",
]


@pytest.fixture
def script_prefix():
    """The site served under a path, as behind a proxy that passes SCRIPT_NAME."""
    before = get_script_prefix()
    yield set_script_prefix
    set_script_prefix(before)


@pytest.mark.parametrize("name", EVERY_PAGE_LINKS)
def test_the_address_book_says_what_reverse_says(name):
    assert addresses.book()[name] == reverse(name)
    assert address(name) == reverse(name)  # twice: the second from the book
    assert address(name) == reverse(name)


def test_addresses_follow_the_script_prefix(script_prefix):
    assert address("forums:index") == "/forums/"

    script_prefix("/network/")
    assert address("forums:index") == "/network/forums/"

    script_prefix("/")
    assert address("forums:index") == "/forums/"


def test_addresses_follow_the_language_when_the_patterns_hold_it(settings):
    settings.ROOT_URLCONF = "tests.network.translated_urls"
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish")]

    with translation.override("en"):
        assert address("forums") == "/en/forums/"
    with translation.override("es"):
        assert address("forums") == reverse("forums") == "/es/forums/"
    with translation.override("en"):
        assert address("forums") == "/en/forums/"


def test_a_new_urlconf_starts_a_new_address_book():
    kept = addresses.book()
    assert addresses.book() is kept

    clear_url_caches()

    assert addresses.book() is not kept


@pytest.mark.django_db
def test_the_footer_settings_are_read_once_per_language(client):
    """(Saving them shows at once: tests/network/test_admin_access.py.)"""
    from django.utils import translation

    from network.context_processors import chrome

    request = client.get("/forums/").wsgi_request
    chrome.forget()
    english = chrome(request)
    assert chrome(request) is english
    with translation.override("es"):
        spanish = chrome(request)
        assert chrome(request) is spanish
    assert spanish is not english
    assert chrome(request) is english


def header(response):
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.text, "html.parser").select_one("header.site-header")


@pytest.mark.django_db
def test_a_visitor_sees_the_section_marked_and_signs_in_back_to_the_page(client):
    found = header(client.get(reverse("organizations:list")))

    current = found.select(".site-nav [aria-current=page]")
    assert [a.get_text() for a in current] == ["Organizations"]
    # The member directory is for members: a visitor's header does not offer it.
    assert [a["href"] for a in found.select(".site-nav a")][-2:] == [
        reverse("forums:index"),
        reverse("organizations:list"),
    ]
    assert found.select_one("form.site-search")["action"] == reverse("search")
    sign_in, join = found.select(".account-nav a")
    assert sign_in["href"] == f"{reverse('account_login')}?next=/organizations/"
    assert join["href"] == reverse("account_signup")


@pytest.mark.django_db
def test_a_member_sees_their_menu_and_unread_count(client):
    from network.models import Profile
    from tests.factories import UserFactory

    member = UserFactory(username="rosa_b")
    Profile.objects.filter(user=member).update(unread_notifications=3)
    client.force_login(member)

    found = header(client.get(reverse("forums:index")))

    assert [a.get_text() for a in found.select(".site-nav [aria-current=page]")] == ["Forums"]
    badge = found.select_one(".notifications-link--unread .badge")
    assert badge.get_text() == "3 unread"
    links = [a["href"] for a in found.select(".account-menu__list a")]
    # One entry leads to the account's pages, which list every setting beside them;
    # bookmarks are what the member keeps, beside them.
    assert links == [
        reverse("members:profile", args=["rosa_b"]),
        reverse("members:edit", args=["rosa_b"]),
        reverse("forums:bookmarks"),
        reverse("recruiting:page"),
    ]
    assert reverse("members:list") in [a["href"] for a in found.select(".site-nav a")]
    sign_out = found.select_one(f"form[action='{reverse('account_logout')}']")
    assert sign_out.select_one("input[name=csrfmiddlewaretoken]")["value"]


@pytest.mark.django_db
def test_staff_find_the_admin_in_their_menu(client, staff_member):
    client.force_login(staff_member)

    found = header(client.get(reverse("forums:index")))

    assert reverse("wagtailadmin_home") in [a["href"] for a in found.select(".account-menu a")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    ["members:edit", "notifications:settings", "account_email", "account_blocked"],
)
def test_every_account_page_lists_the_others_and_marks_itself(client, address):
    from bs4 import BeautifulSoup

    from tests.factories import UserFactory

    member = UserFactory(username="rosa_b")
    client.force_login(member)

    def address_of(name: str) -> str:
        return reverse(name, args=["rosa_b"]) if name == "members:edit" else reverse(name)

    url = address_of(address)

    page = BeautifulSoup(client.get(url).text, "html.parser")
    sections = page.select_one(".account-sections")

    links = [a["href"] for a in sections.select("a")]
    assert [a["href"] for a in sections.select("a[aria-current=page]")] == [url]
    for other in ("members:edit", "notifications:settings", "account_email", "mfa_index"):
        assert address_of(other) in links
    assert reverse("leaving:your_data") in links
    assert page.select(".site-nav [aria-current=page]") == []  # not the members' directory
