"""What a partner's server may do to a poll, and how the site answers: it asks only
for what changed (ETag, Last-Modified), gives up on what is too big, too slow or not a
feed, counts each failure and pauses a feed that keeps failing, follows redirects only
to other web addresses, and never reads its own network. Feeds are served by a partner
site on 127.0.0.1 (tests/blog/partner_site.py): no test reaches the internet."""

from __future__ import annotations

import ipaddress

import pytest

from blog import tasks
from blog.partner_feed_fetching import is_public
from blog.partner_feed_polling import poll
from tests.blog.partner_site import drafts, fresh, register, rss, three_items

pytestmark = pytest.mark.django_db

# What a partner's server may do, and how the poll answers.


def test_an_unchanged_feed_answers_304_and_is_not_fetched_twice(partner):
    feed = register(partner.serve("/feed.xml", rss(three_items()), etag='"v1"'))
    poll(feed)
    assert fresh(feed).etag == '"v1"'

    result = poll(fresh(feed))

    assert result.not_modified
    assert result.new_drafts == 0
    first, second = partner.requests
    assert "If-None-Match" not in first.headers
    assert second.headers["If-None-Match"] == '"v1"'
    assert [first.status, second.status] == [200, 304]
    assert len(drafts()) == 3
    assert fresh(feed).error_count == 0


def test_last_modified_is_sent_back(partner):
    stamp = "Tue, 03 Jun 2025 09:00:00 GMT"
    feed = register(
        partner.serve("/feed.xml", rss(three_items()), headers={"Last-Modified": stamp})
    )
    poll(feed)

    poll(fresh(feed))

    assert fresh(feed).last_modified == stamp
    assert partner.requests[1].headers["If-Modified-Since"] == stamp


def test_a_malformed_feed_counts_an_error_and_drafts_nothing(partner):
    feed = register(
        partner.serve("/feed.xml", b"<html><body>Moved to our new site!", streamed=True)
    )

    result = poll(feed)

    assert result.error.startswith("The feed could not be read")
    feed = fresh(feed)
    assert feed.error_count == 1
    assert feed.last_error.startswith("The feed could not be read")
    assert feed.active
    assert drafts() == []


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_a_huge_feed_stops_at_the_size_cap(partner, settings, declared):
    settings.PARTNER_FEEDS_MAX_BYTES = 100_000
    huge = rss(three_items() * 1) + b"<!--" + b"x" * 2_000_000 + b"-->"
    route = {"declared_length": len(huge)} if declared else {"streamed": True}
    feed = register(partner.serve("/huge.xml", huge, **route))

    result = poll(feed)

    assert "larger than 100000 bytes" in result.error
    assert fresh(feed).error_count == 1
    assert drafts() == []


def test_a_feed_that_does_not_answer_in_time_counts_an_error(partner, settings):
    settings.PARTNER_FEEDS_TIMEOUT = 0.3
    feed = register(partner.serve("/slow.xml", rss(three_items()), delay=1.5))

    result = poll(feed)

    assert result.error == "The feed’s server took longer than 0.3 seconds."
    assert fresh(feed).error_count == 1
    assert drafts() == []


def test_a_server_error_counts_an_error(partner):
    feed = register(partner.serve("/feed.xml", b"oops", status=500))

    result = poll(feed)

    assert "500" in result.error
    assert fresh(feed).error_count == 1


def test_a_feed_failing_again_and_again_is_paused(partner, settings):
    settings.PARTNER_FEEDS_MAX_ERRORS = 3
    feed = register(partner.serve("/feed.xml", b"oops", status=503))

    for _ in range(3):
        poll(fresh(feed))

    feed = fresh(feed)
    assert not feed.active
    assert feed.error_count == 3
    assert feed.last_error.startswith("Paused after 3 failed polls in a row.")
    # Beat's hourly run leaves it alone from now on.
    asked = len(partner.requests)
    tasks.poll_partner_feeds.apply()
    assert len(partner.requests) == asked


def test_a_success_clears_the_error_count(partner):
    feed = register(partner.serve("/feed.xml", b"oops", status=500))
    poll(feed)
    partner.serve("/feed.xml", rss(three_items()))

    poll(fresh(feed))

    assert (fresh(feed).error_count, fresh(feed).last_error) == (0, "")


def test_a_redirect_to_a_file_is_not_followed(partner):
    feed = register(
        partner.serve("/feed.xml", status=302, headers={"Location": "file:///etc/passwd"})
    )

    result = poll(feed)

    assert result.error
    assert fresh(feed).error_count == 1
    assert drafts() == []


def test_a_redirect_to_another_feed_is_followed(partner):
    partner.serve("/new-feed.xml", rss(three_items()))
    feed = register(
        partner.serve("/feed.xml", status=301, headers={"Location": partner.url("/new-feed.xml")})
    )

    assert poll(feed).new_drafts == 3


# The site's own network is out of reach.


def test_a_feed_on_loopback_is_refused_unless_the_setting_allows_it(partner, settings):
    settings.PARTNER_FEEDS_ALLOW_PRIVATE = False
    feed = register(partner.serve("/feed.xml", rss(three_items())))

    result = poll(feed)

    assert result.error == "The feed’s address is on a private network (127.0.0.1): not fetched."
    assert partner.requests == []
    assert drafts() == []


def test_a_host_name_for_loopback_is_refused(settings):
    settings.PARTNER_FEEDS_ALLOW_PRIVATE = False
    feed = register("http://localhost:9/feed.xml")

    result = poll(feed)

    assert "private network" in result.error


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "fe80::1",
        "fd00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_private_and_special_addresses_are_not_public(address):
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_internet_addresses_are_public(address):
    assert is_public(ipaddress.ip_address(address))
