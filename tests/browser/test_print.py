"""An article or an event printed (site.css, @media print): its words black on white
across the page, without the site's navigation, footer, forms or buttons, and each link
in its body followed by the address it leads to."""

from __future__ import annotations

import pytest
from wagtail.rich_text import RichText

from tests.browser.people import established, sign_in
from tests.event_factories import make_event
from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BODY = RichText(
    '<p>The tenants won. <a href="https://labornotes.org/strike">Labor Notes reported it</a>, '
    'the <a href="/forums/">forums</a> argued it out, and the demands are at '
    '<a href="https://example.org/demands">https://example.org/demands</a>.</p>'
)
LEFT_OUT = [".skip-link", ".site-nav", ".site-search", ".account-nav", ".site-footer"]


def display(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).display")


def printed_after(link) -> str:
    """What is printed after a link: its ``::after`` content, ``none`` when nothing."""
    return link.evaluate("element => getComputedStyle(element, '::after').content")


def test_a_printed_article_is_its_words_with_the_addresses_of_its_links(page, live_server):
    article = make_article("What the strike won", body=[("paragraph", BODY)])
    page.emulate_media(media="print", color_scheme="dark")
    page.goto(article.url)

    for selector in LEFT_OUT:
        assert display(page, selector) == "none", selector
    body = page.locator(".article__body")
    assert body.get_by_text("The tenants won.").is_visible()
    assert body.evaluate("element => getComputedStyle(element).color") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert body.evaluate("element => element.getBoundingClientRect().width") == pytest.approx(
        page.evaluate("document.documentElement.clientWidth"), abs=1
    )
    assert printed_after(body.get_by_role("link", name="Labor Notes reported it")) == (
        '" (https://labornotes.org/strike)"'
    )
    assert printed_after(body.get_by_role("link", name="forums")) == (
        f'" ({live_server.url}/forums/)"'
    )
    # A link that reads as its own address is not followed by it again.
    assert printed_after(body.get_by_role("link", name="https://example.org/demands")) == "none"
    # Nor are the site's own links around the article.
    assert printed_after(page.locator(".site-header__brand")) == "none"


def test_a_printed_article_leaves_out_the_comment_form_and_the_account_menu(page):
    established("marcus_t")
    article = make_article("What the strike won", body=[("paragraph", BODY)])
    sign_in(page, "marcus_t")
    page.goto(article.url)
    assert page.locator(".reply-box form").is_visible()
    page.emulate_media(media="print")

    assert not page.locator(".reply-box form").is_visible()
    assert not page.locator(".account-menu").is_visible()
    assert page.get_by_text("The tenants won.").is_visible()


def test_a_printed_event_keeps_its_facts_and_the_address_to_register(page):
    event = make_event(
        "Regional conference",
        description=[("paragraph", BODY)],
        call_to_action_url="https://example.org/register",
        call_to_action_label="Register",
    )
    page.emulate_media(media="print")
    page.goto(event.url)

    for selector in [*LEFT_OUT, ".event__calendar-links", ".breadcrumbs"]:
        assert display(page, selector) == "none", selector
    assert page.locator(".event__facts").is_visible()
    register = page.locator(".event__call").get_by_role("link", name="Register")
    assert register.is_visible()
    assert printed_after(register) == '" (https://example.org/register)"'
    assert printed_after(page.get_by_role("link", name="Labor Notes reported it")) == (
        '" (https://labornotes.org/strike)"'
    )
