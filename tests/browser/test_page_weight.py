"""What a visitor's browser downloads for the heaviest public pages: under 100 KB
transferred, images aside, and nothing from another host.

The HTML counts as the site sends it to a visitor (gzip-compressed,
network.middleware.CompressPublicPagesMiddleware). The stylesheet and script count
gzip-compressed too, as WhiteNoise serves them in production (``collectstatic`` keeps a
compressed copy of each); the test server sends them as they are."""

from __future__ import annotations

import gzip
import random
from urllib.parse import urlsplit

import pytest

from forums import actions
from forums.models import Forum, Post
from tests.browser.people import established
from tests.event_factories import make_event
from tests.factories import make_article, make_image
from tests.forums.conftest import grow_thread  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUDGET = 100 * 1024
# What members write, about as long as a forum post runs.
WORDS = (
    "We knocked on every door in the building twice this month. Most tenants had "
    "never heard of the association; by the second visit, a third had signed the "
    "petition and six offered to be floor captains. Next step: the meeting on the 14th, "
    "with childcare and food, and a list of repairs the landlord has ignored."
)


@pytest.fixture
def heavy_site(monkeypatch, grow_thread, settings):  # noqa: F811
    monkeypatch.setattr(actions, "MIN_SECONDS_BETWEEN_POSTS", 0)
    monkeypatch.setattr("network.notifications.actions.enqueue_fan_out", lambda event_id: None)
    rosa = established("rosa_b", profile__display_name="Rosa B")
    housing = Forum.objects.get(slug="housing")
    thread = actions.start_thread(housing, rosa, "Rent strike on Ponce", WORDS)
    # A full page of replies, a third of them nested: the longest page a thread has.
    per_page = settings.THREAD_POSTS_PER_PAGE
    grow_thread(thread, top_level=per_page // 3, nested=2)
    # Each post its own words (the same text two hundred times would compress to nothing).
    vocabulary = WORDS.replace(".", "").replace(",", "").replace(":", "").split()
    shuffled = random.Random(14)
    posts = list(Post.objects.filter(thread=thread))
    for post in posts:
        post.source = " ".join(shuffled.choices(vocabulary, k=60)).capitalize() + "."
        post.html = f"<p>{post.source}</p>"
    Post.objects.bulk_update(posts, ["source", "html"])
    for number in range(12):
        make_article(
            f"Organizing report {number}",
            lead_image=make_image(f"Picture {number}"),
            lead_image_alt="A picket line.",
        )
    article = make_article("What the strike won", body=[("paragraph", f"<p>{WORDS}</p>")] * 30)
    event = make_event("Regional conference")
    return [
        "/",
        "/articles/",
        article.url,
        "/events/",
        event.url,
        "/forums/",
        "/forums/housing/",
        thread.get_absolute_url(),
        "/search/?q=strike",
    ]


def weigh(page, url: str, live_server_url: str) -> tuple[int, list[str]]:
    """The bytes ``url`` costs, images aside, and the addresses it asked another host for."""
    responses = []

    def listen(response):
        responses.append(response)

    page.on("response", listen)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("response", listen)
    elsewhere = [r.url for r in responses if not r.url.startswith(live_server_url)]
    total = 0
    for response in responses:
        if response.request.resource_type == "image" or response.status >= 300:
            continue
        if response.headers.get("content-encoding"):
            total += response.request.sizes()["responseBodySize"]
        else:
            total += len(gzip.compress(response.body()))
    return total, elsewhere


def test_the_heaviest_public_pages_stay_under_100_kb_and_load_nothing_from_elsewhere(
    browser, live_server, heavy_site
):
    context = browser.new_context(
        base_url=live_server.url, extra_http_headers={"Accept-Encoding": "gzip"}
    )
    page = context.new_page()
    weights, elsewhere = {}, []
    for url in heavy_site:
        weight, others = weigh(page, url, live_server.url)
        weights[url] = weight
        elsewhere += others
    context.close()

    assert elsewhere == []
    heaviest = max(weights, key=weights.get)
    assert weights[heaviest] < BUDGET, weights
    # A thread's page of two hundred posts is the heaviest (some 19 KB here).
    assert heaviest == heavy_site[7], weights
    assert {urlsplit(url).path for url in heavy_site} <= {urlsplit(u).path for u in weights}
