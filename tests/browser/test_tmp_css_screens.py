"""TEMPORARY: screenshots for the dark scheme and print (deleted after use)."""
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from forums import actions
from forums.models import Forum
from tests.browser.people import established, sign_in
from tests.event_factories import make_event
from tests.factories import make_article, make_image, make_join_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
OUT = Path("/tmp/css/shots")
ORIG = Path("/tmp/site.css.orig").read_text()


def build(monkeypatch):
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    rosa = established("rosa_b", profile__display_name="Rosa B", profile__visibility="public")
    marcus = established("marcus_t", profile__display_name="Marcus T")
    housing = Forum.objects.get(slug="housing")
    thread = actions.start_thread(housing, rosa, "Rent strike on Ponce", "Who is in? See <https://example.org/strike> and `code`.\n\n> a quote", ["rent"])
    thread.posts.update(created_at=timezone.now() - timedelta(hours=1))
    first = actions.post_reply(thread, marcus, "Count me in. **Bold** and a [link](https://example.org).")
    actions.post_reply(thread, rosa, "Great, @marcus_t!", parent=first)
    actions.start_thread(housing, rosa, "Childcare at meetings", "Who can help?")
    people = [{"name": "Rosa Bell", "organization": "Georgia Tenants Union"}]
    article = make_article(
        "What the strike won",
        introduction="What we decided in Atlanta.",
        lead_image=make_image("Lead", size=(800, 450)),
        lead_image_alt="The meeting hall",
        lead_image_caption="Saturday",
        tags=["housing"],
        body=[
            ("heading", "Where we stand"),
            ("paragraph", RichText('<p>We met in <b>Atlanta</b> with <a href="https://labornotes.org/strike">Labor Notes</a> and <a href="https://example.org/x">https://example.org/x</a>.</p>')),
            ("quote", {"text": "Solidarity forever", "attribution": "Ralph Chaplin"}),
            ("image", {"image": make_image("Inline", size=(400, 300)), "alt_text": "A march"}),
            ("video_segment", {"title": "Opening", "summary": RichText("<p>Opening remarks.</p>"), "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "speakers": people}),
            ("participants", {"heading": "Participants", "people": people}),
        ],
    )
    actions.post_reply(article.discussion, marcus, "A comment on it.")
    cross = make_article("A report from elsewhere", source_name="Labor Notes", source_url="https://example.org/x")
    event = make_event("Regional conference", call_to_action_url="https://example.org/register", call_to_action_label="Register")
    make_join_page()
    return {"thread": thread, "article": article, "cross": cross, "event": event, "rosa": rosa}


def pages(site):
    return {
        "home": "/",
        "article": site["article"].url,
        "cross": site["cross"].url,
        "event": site["event"].url,
        "thread": site["thread"].get_absolute_url(),
        "forums": "/forums/",
        "forum": "/forums/housing/",
        "signup": "/accounts/signup/",
    }


def test_screens(browser, live_server, monkeypatch):
    site = build(monkeypatch)
    for width in (360, 1280):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900}, color_scheme="dark")
        page = context.new_page()
        sign_in(page, "marcus_t")
        page.goto("/search/?q=strike")
        page.screenshot(path=OUT / f"y-{width}-search.png")
        context.close()
