"""The site's own rate limits: counted per key and scope, behind allauth's idea of who
the visitor is."""

from django.test import RequestFactory

from network import ratelimit


def test_a_limit_allows_up_to_its_count_then_refuses(db):
    answers = [ratelimit.allow("search", "203.0.113.5", limit=3, period=60) for _ in range(5)]
    assert answers == [True, True, True, False, False]


def test_each_address_and_each_scope_counts_apart(db):
    for _ in range(3):
        ratelimit.allow("search", "203.0.113.5", limit=3, period=60)
    assert not ratelimit.allow("search", "203.0.113.5", limit=3, period=60)
    assert ratelimit.allow("search", "203.0.113.6", limit=3, period=60)
    assert ratelimit.allow("report", "203.0.113.5", limit=3, period=60)


def test_the_client_address_is_allauths(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1"
    )
    assert ratelimit.client_address(request) == "10.0.0.1"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_address(request) == "10.0.0.2"


def test_failures_can_be_read_before_trying_and_counted_after(db):
    assert ratelimit.attempts("sign-in", "account:1", period=60) == 0
    assert [ratelimit.count("sign-in", "account:1", period=60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.attempts("sign-in", "account:1", period=60) == 3


def test_a_window_ends_within_its_period():
    assert 0 < ratelimit.seconds_left(300) <= 300


def test_an_ipv6_address_counts_as_its_network_as_in_allauths_limits():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa:bbbb:cccc:dddd")
    assert ratelimit.client_address(request) == "2001:db8:1:2::"
