"""On a phone, no page scrolls sideways, whatever a member wrote: a code block, a table, a
long address or a long word stays inside its post, comment, bio or preview (scrolling in
its own box if it must), and long titles and names wrap instead of pushing the page out.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from forums import actions
from forums.models import Forum
from network.conversations import actions as conversations
from tests.browser.people import established, sign_in
from tests.factories import make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE_WIDTH = 360

LONG_WORD = "Solidaritätsstreikversammlungsprotokollführungsausschussvorsitzender"
WIDE_WRITING = f"""Everything from last night: https://example.org/minutes/2026/11/the-general-membership-meeting-of-the-tenants-union-and-its-committees?section=all-of-it&format=full

{LONG_WORD} moved to adopt it.

```
for building in buildings: notify(building.tenants, "the strike starts Monday")
```

| Building | Units on strike | Holding out | Landlord's answer so far |
| --- | --- | --- | --- |
| Peachtree Towers | forty-seven of fifty | three, on the top floors | an eviction threat |
"""
LONG_TITLE = f"The {LONG_WORD} and the rent strike at Peachtree"
LONG_NAME = "Bartholomew-Featherstonehaugh-Montgomery-Vanderbilt"


def scrolls_sideways(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def too_wide(page, urls: list[str]) -> dict[str, int]:
    """The pages among ``urls`` that scroll sideways, with how wide they are."""
    widths = {}
    for url in urls:
        page.goto(url)
        assert page.evaluate("document.documentElement.clientWidth") == PHONE_WIDTH
        if scrolls_sideways(page):
            widths[url] = page.evaluate("document.documentElement.scrollWidth")
    return widths


@pytest.fixture
def wide_site(monkeypatch):
    """A thread, an article comment and a bio holding everything wide a member can write,
    under a long title, by a member with a long name, and the inbox row it all brings."""
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    rosa = established(
        "rosa_b",
        profile__display_name=LONG_NAME,
        profile__visibility="public",
        profile__bio=WIDE_WRITING,
    )
    marcus = established("marcus_t", profile__display_name="Marcus T")
    thread = actions.start_thread(Forum.objects.get(slug="housing"), rosa, LONG_TITLE, WIDE_WRITING)
    thread.posts.update(created_at=timezone.now() - timedelta(hours=1))
    actions.post_reply(thread, marcus, WIDE_WRITING)
    article = make_article(LONG_TITLE, introduction=f"What the {LONG_WORD} decided.")
    actions.post_reply(article.discussion, marcus, WIDE_WRITING)
    # Rosa's own, so her notifications stay one.
    talk = conversations.start_conversation(rosa, [marcus], WIDE_WRITING)
    return {"thread": thread, "article": article, "rosa": rosa, "conversation": talk}


@pytest.fixture
def phone(phone_page):
    assert phone_page.viewport_size["width"] == PHONE_WIDTH
    return phone_page


def test_pages_with_wide_writing_fit_a_phone_for_a_visitor(phone, wide_site):
    thread, article, rosa = wide_site["thread"], wide_site["article"], wide_site["rosa"]
    pages = [
        "/",
        "/forums/",
        "/forums/housing/",
        thread.get_absolute_url(),
        article.url,
        "/members/",
        rosa.profile.get_absolute_url(),
    ]
    assert too_wide(phone, pages) == {}


def test_pages_with_wide_writing_fit_a_phone_for_a_member(phone, wide_site):
    sign_in(phone, "rosa_b")
    expect(phone.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    pages = [
        "/notifications/",
        wide_site["thread"].get_absolute_url(),
        "/members/rosa_b/edit/",
        "/messages/",
        wide_site["conversation"].get_absolute_url(),
    ]
    assert too_wide(phone, pages) == {}


@pytest.mark.parametrize("where", ["thread", "article"])
def test_a_reply_preview_with_wide_writing_fits_a_phone(phone, wide_site, where):
    """In a thread, an answer to the wide opening post, quoted above the form; under an
    article, a comment."""
    sign_in(phone, "marcus_t")
    if where == "thread":
        opening = wide_site["thread"].posts.get(seq=0)
        phone.goto(reverse("forums:reply_to", args=[opening.pk]))
        expect(phone.locator(".reply-parent table")).to_be_visible()
    else:
        phone.goto(reverse("forums:reply", args=[wide_site["article"].discussion_id]))
    phone.get_by_label("Your reply").fill(WIDE_WRITING)
    phone.get_by_role("button", name="Preview").click()

    expect(phone.locator(".preview table")).to_be_visible()
    assert not scrolls_sideways(phone)


def test_every_page_fits_a_phone_in_spanish(phone, wide_site):
    """Spanish runs longer than English ("Iniciar sesión", "Únete a la red"): the header,
    the forms and the lists still fit."""
    phone.context.set_extra_http_headers({"Accept-Language": "es-US,es;q=0.9"})
    thread, article, rosa = wide_site["thread"], wide_site["article"], wide_site["rosa"]
    visitor_pages = [
        "/",
        "/articles/",
        "/forums/",
        "/forums/housing/",
        thread.get_absolute_url(),
        article.url,
        rosa.profile.get_absolute_url(),
        "/organizations/",
        "/search/?q=strike",
        "/accounts/login/",
        "/accounts/signup/",
    ]
    assert too_wide(phone, visitor_pages) == {}
    rosa.profile.language = "es"
    rosa.profile.save(update_fields=["language"])
    sign_in(phone, "rosa_b")
    member_pages = [
        "/forums/",
        thread.get_absolute_url(),
        "/forums/housing/new/",
        "/notifications/",
        "/notifications/settings/",
        "/members/",
        "/members/rosa_b/edit/",
        "/accounts/recruiting/",
        "/welcome/",
    ]
    assert too_wide(phone, member_pages) == {}
    assert phone.evaluate("document.documentElement.lang") == "es"
