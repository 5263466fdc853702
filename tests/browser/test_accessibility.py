"""axe-core (the npm package, loaded from node_modules into each page) finds no WCAG 2.2 A
or AA violation on the site's page types, signed out, signed in and moderating, on a phone
and on a desktop screen, in the light scheme and in the dark one (prefers-color-scheme),
in English and in Spanish. Each width meets each scheme in English; Spanish is read on a
phone in the light scheme and on a desktop in the dark one, which keeps the run short and
still puts each language through each width and scheme."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from forums import actions, reacting
from forums.models import Forum, Report
from network.conversations import actions as conversations
from tests.blog.endorsements.helpers import make_campaign
from tests.browser.people import established, sign_in
from tests.event_factories import make_event
from tests.factories import make_article, make_join_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTHS = {"phone": 360, "desktop": 1280}
SCHEMES = ["light", "dark"]
# (width, scheme, language)
CASES = [
    *((width, scheme, "en") for width in WIDTHS for scheme in SCHEMES),
    ("phone", "light", "es"),
    ("desktop", "dark", "es"),
]


@pytest.fixture(autouse=True)
def axe_installed():
    """Installed by ``make install`` from npm, as the HTML validator is: without npm these
    tests skip and say how, unless REQUIRE_VALIDATOR=1 (CI), where that fails."""
    if not AXE.exists():
        missing = "axe-core is not installed: `make install` (needs npm: apt-get install npm)."
        if os.environ.get("REQUIRE_VALIDATOR") == "1":
            pytest.fail(f"REQUIRE_VALIDATOR=1 but {missing}", pytrace=False)
        pytest.skip(missing)


def violations(page, url: str, scheme: str, language: str = "en") -> list[str]:
    """axe's WCAG 2.2 A/AA violations on ``url``, one line each: the rule, and where. A page
    not in the ``scheme`` or the ``language`` asked for is one line instead: axe would
    pass a light page that ignored the dark scheme, or an English one."""
    page.goto(url)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    if (scheme == "dark") != is_dark(background):
        return [f"{url} is not in the {scheme} scheme: its background is {background}"]
    if (said := page.evaluate("document.documentElement.lang")) != language:
        return [f"{url} is not in {language}: its lang is {said!r}"]
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(results => results.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => "
        "n.target.join(' ') + ' ' + n.failureSummary.replace(/\\n/g, ' '))})))",
        WCAG_22_AA,
    )
    return [f"{url} {item['id']}: {node}" for item in found for node in item["nodes"]]


def is_dark(css_colour: str) -> bool:
    """Whether an ``rgb(r, g, b)`` colour is closer to black than to white."""
    red, green, blue = (int(part) for part in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 128


def axe_context(browser, live_server, width: str, scheme: str, language: str = "en"):
    # The site's Content-Security-Policy refuses scripts it did not serve: axe's is let in.
    # The language is the browser's (Accept-Language), as a visitor's is.
    return browser.new_context(
        base_url=live_server.url,
        viewport={"width": WIDTHS[width], "height": 800},
        color_scheme=scheme,
        locale={"en": "en-US", "es": "es-US"}[language],
        bypass_csp=True,
    )


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    rosa = established("rosa_b", profile__display_name="Rosa B", profile__visibility="public")
    marcus = established("marcus_t", profile__display_name="Marcus T")
    housing = Forum.objects.get(slug="housing")
    thread = actions.start_thread(housing, rosa, "Rent strike on Ponce", "Who is in?", ["rent"])
    thread.posts.update(created_at=timezone.now() - timedelta(hours=1))
    answer = actions.post_reply(thread, marcus, "Count me in.")
    # Reactions: pressed for Marcus on Rosa's post, counts for everyone.
    reacting.react(thread.posts.get(seq=0), marcus, "agree", on=True)
    reacting.react(answer, rosa, "solidarity", on=True)
    # Unread by everyone: its row carries the dot that leads to the first unread post.
    actions.start_thread(housing, rosa, "Childcare at meetings", "Who can help?")
    article = make_article("What the strike won")
    cross_post = make_article(
        "A report from elsewhere", source_name="Labor Notes", source_url="https://example.org/x"
    )
    event = make_event("Regional conference")
    make_join_page()
    campaign, _drive = make_campaign()
    # A moderator of the forum, with a report waiting in the queue.
    moderator = established("mod_lee", profile__display_name="Lee M")
    housing.moderators.add(moderator)
    Report.objects.create(
        post=thread.posts.get(seq=1), reporter=marcus, reason=Report.Reason.SPAM, note="Ad."
    )
    # A conversation of Marcus's (the member who signs in), with a message waiting.
    talk = conversations.start_conversation(rosa, [marcus], "Can we talk about *Saturday*?")
    return {
        "conversation": talk,
        "thread": thread,
        "article": article,
        "cross_post": cross_post,
        "event": event,
        "campaign": campaign,
        "rosa": rosa,
    }


def public_pages(site) -> list[str]:
    return [
        "/",
        "/articles/",
        site["article"].url,
        site["cross_post"].url,
        "/events/",
        site["event"].url,
        site["campaign"].url,
        "/forums/",
        "/forums/housing/",
        site["thread"].get_absolute_url(),
        "/search/?q=strike",
        # The filters open, one of them refused with its message beside it.
        "/search/?q=strike&in=forums&forum=housing&from=2020-01-01&to=yesterday",
        "/organizations/",
        "/join/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]


def member_pages(site) -> list[str]:
    return [
        *public_pages(site)[:10],
        "/forums/housing/new/",
        "/forums/latest/",
        f"/forums/p/{site['thread'].posts.get(seq=0).pk}/reactions/",
        site["rosa"].profile.get_absolute_url(),
        "/members/",
        "/notifications/",
        "/members/marcus_t/edit/",
        "/accounts/email/",
        "/messages/",
        site["conversation"].get_absolute_url(),
        "/messages/new/?to=rosa_b",
    ]


def each_page(browser, live_server, case, urls, who=None) -> list[str]:
    width, scheme, language = case
    context = axe_context(browser, live_server, width, scheme, language)
    page = context.new_page()
    if who is not None:
        sign_in(page, who)
        if language != "en":  # a member's language is their profile's: the switcher's
            page.get_by_role("button", name={"es": "Español"}[language]).first.click()
    found = [line for url in urls for line in violations(page, url, scheme, language)]
    context.close()
    return found


@pytest.mark.parametrize("case", CASES, ids="-".join)
def test_no_violations_signed_out(browser, live_server, site, case):
    found = each_page(browser, live_server, case, public_pages(site))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("case", CASES, ids="-".join)
def test_no_violations_signed_in(browser, live_server, site, case):
    found = each_page(browser, live_server, case, member_pages(site), who="marcus_t")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    "case", [("phone", "dark", "en"), ("desktop", "light", "es")], ids="-".join
)
def test_no_violations_moderating(browser, live_server, site, case):
    urls = ["/forums/moderation/", "/forums/moderation/log/", site["thread"].get_absolute_url()]
    found = each_page(browser, live_server, case, urls, who="mod_lee")
    assert found == [], "\n".join(found)
