"""A NUL character (0x00) cannot be stored in PostgreSQL's text: a query string, a form or
an address carrying one used to reach the database and end as a server error. Every
address of the site, ours, Wagtail's and allauth's alike, now refuses it first with a
plain "bad request" page, while ordinary requests, and uploads whose bytes hold zeros
(any picture does), go through as before."""

import re
from io import BytesIO
from itertools import product

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from PIL import Image

from forums import actions
from forums.models import Forum, Post
from network.models import Profile

pytestmark = pytest.mark.django_db

REFUSAL = "cannot contain a NUL character"

# What a sample address puts where a pattern takes a value: tried in order, the first
# that makes an address of that very pattern wins.
SAMPLE_VALUES = ("1", "sample", "sample/", "auth")
ROUTE_SAMPLES = {"int": "1", "str": "sample", "slug": "sample", "path": "sample"}
# Patterns with neither a name to reverse nor a plain route: their addresses by hand.
UNNAMED_REGEX_SAMPLES = {
    "django-admin/(?P<url>.*)$": "/django-admin/sample",
    "admin/.*/$": "/admin/sample/nowhere/",
    "^media/(?P<path>.*)$": "/media/sample.png",
}
ARGUMENT = re.compile(r"\(\?P<(\w+)>|<(?:\w+:)?(\w+)>")


def _join(route: str, pattern) -> str:
    """A route as Django's ResolverMatch.route spells it: an inner regex loses its "^"."""
    return route + str(pattern).removeprefix("^") if route else str(pattern)


def every_pattern(patterns=None, route="", namespace=""):
    """(route, namespaced name or None) for every URL pattern of the site, through every
    include."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from every_pattern(pattern.url_patterns, _join(route, pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield _join(route, pattern.pattern), name


def _by_route(route: str) -> str | None:
    address = route
    for converter, sample in ROUTE_SAMPLES.items():
        address = re.sub(rf"<{converter}:\w+>", sample, address)
    address = re.sub(r"<\w+>", "sample", address)
    return None if "<" in address or "(" in address else "/" + address


def _by_name(name: str, route: str) -> str | None:
    """Reverse ``name`` with sample values until an address of this very pattern comes out."""
    names = _groups(route)
    for count in range(4):
        for values in product(SAMPLE_VALUES, repeat=count):
            attempts = [{"args": values}]
            if len(names) == count:
                attempts.append({"kwargs": dict(zip(names, values, strict=True))})
            for attempt in attempts:
                try:
                    address = reverse(name, **attempt)
                except NoReverseMatch:
                    continue
                if _route_of(address) == route:
                    return address
    return None


def _groups(route: str) -> list[str]:
    """The names of the values ``route`` takes, in order."""
    return [regex or converted for regex, converted in ARGUMENT.findall(route)]


def _route_of(address: str) -> str | None:
    try:
        return resolve(address.split("?")[0]).route
    except Resolver404:
        return None


def sample_addresses() -> list[tuple[str, str]]:
    """(route, a concrete address that resolves to it) for every pattern, or a failure."""
    addresses = []
    for route, name in every_pattern():
        address = (
            (_by_name(name, route) if name else None)
            or UNNAMED_REGEX_SAMPLES.get(route)
            or _by_route(route)
        )
        assert address is not None, f"add a sample address for the URL pattern {route!r}"
        assert _route_of(address) == route, f"{address} resolves elsewhere than {route!r}"
        addresses.append((route, address))
    return addresses


def is_refusal(response) -> bool:
    return response.status_code == 400 and REFUSAL in response.content.decode()


# --- The story --------------------------------------------------------------------------


def test_a_nul_in_a_forums_tag_filter_is_a_bad_request_not_a_server_error(client):
    response = client.get("/forums/labor/?tag=%00")

    assert response.status_code == 400
    assert REFUSAL in response.text
    assert 'class="site-header"' in response.text  # the site's own page, not a bare error
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_every_address_refuses_a_nul_in_its_query_string_and_in_its_form_fields():
    """Every URL pattern, through every include (Wagtail's admin, allauth's, Django's
    admin): a GET with a NUL in the query string and a POST with one in a form field get
    the 400, the POST before the CSRF check could answer 403."""
    addresses = sample_addresses()
    assert len(addresses) > 300
    visitor = Client(enforce_csrf_checks=True, raise_request_exception=False)
    accepted = []

    for route, address in addresses:
        got = visitor.get(address, {"tag": "\x00"})
        if not is_refusal(got):
            accepted.append(("GET", route, address, got.status_code))
        got = visitor.post(address, {"note": "Rent strike\x00"})
        if not is_refusal(got):
            accepted.append(("POST", route, address, got.status_code))

    assert accepted == []


@pytest.mark.parametrize("address", ["/forums/%00/", "/members/%00/", "/%00/", "/forums/labor%00/"])
def test_a_nul_in_the_address_itself_is_refused(client, address):
    assert is_refusal(client.get(address))


def test_a_nul_in_a_query_string_key_or_an_urlencoded_form_is_refused(client, member):
    client.force_login(member)

    assert is_refusal(client.get("/search/?%00=rent"))
    assert is_refusal(
        client.post(
            "/forums/labor/new/",
            "title=Strike&source=We%20meet%00Tuesday",
            content_type="application/x-www-form-urlencoded",
        )
    )
    assert is_refusal(client.post("/forums/labor/new/", {"title\x00": "Strike", "source": "Hi"}))


def test_a_nul_in_a_cookie_is_refused_before_the_session_is_looked_up(client):
    """A quoted cookie value may spell a NUL as an octal escape."""
    cookie = 'sessionid="\\000aaaaaaaaaaaaaaaa"'

    assert is_refusal(client.get("/forums/", HTTP_COOKIE=cookie))


# --- What still goes through --------------------------------------------------------------


def test_ordinary_requests_go_through(client, member):
    labor = Forum.objects.get(slug="labor")
    thread = actions.start_thread(labor, member, "Contract vote", "Thursday at six.")
    client.force_login(member)
    Post.objects.filter(author=member).update(created_at=thread.created_at.replace(year=2020))

    assert client.get("/forums/labor/?tag=strike").status_code == 200
    assert client.get("/search/?q=contract").status_code == 200
    assert client.get(thread.get_absolute_url()).status_code == 200
    response = client.post(reverse("forums:reply", args=[thread.pk]), {"source": "I'll be there"})
    assert response.status_code == 302


def test_an_avatar_whose_bytes_hold_zeros_is_taken(client, member):
    picture = BytesIO()
    Image.new("RGB", (300, 300), (0, 0, 0)).save(picture, format="PNG")
    assert b"\x00" in picture.getvalue()
    client.force_login(member)

    response = client.post(
        reverse("members:edit", args=[member.username]),
        {
            "display_name": "In black",
            "visibility": "members",
            "avatar": SimpleUploadedFile("me.png", picture.getvalue(), content_type="image/png"),
        },
    )

    assert response.status_code == 302
    assert Profile.objects.get(user=member).avatar
