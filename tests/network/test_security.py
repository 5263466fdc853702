"""Security headers, and nothing loaded from another host."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_profile

pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_public_pages_forbid_inline_script_and_other_hosts(client):
    policy = csp(client.get("/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert all("unsafe" not in value for values in policy.values() for value in values)


def test_admin_gets_only_what_it_needs_on_top(admin_client):
    policy = csp(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_framing_and_referrer_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def public_pages(client):
    profile = make_profile(visibility="public", bio="[a link](https://example.org)")
    return [
        "/",
        reverse("account_login"),
        reverse("account_signup"),
        reverse("members:list"),
        profile.get_absolute_url(),
    ]


def test_public_pages_load_nothing_from_another_host_and_run_no_inline_script(client):
    for url in public_pages(client):
        html = client.get(url).text
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            assert not re.search(r'(src|href)="(https?:)?//', tag), (url, tag)
        for attributes, script in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
            # Data for a script (allauth's passkey sign-in), which browsers never run.
            if 'type="application/json"' not in attributes:
                assert not script.strip(), (url, "inline script")
        assert " style=" not in html, (url, "inline style")
        assert re.search(r"\son[a-z]+=", html) is None, (url, "inline handler")


def test_session_and_csrf_cookies_are_http_only(client, settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    client.get(reverse("account_login"))
    assert client.cookies["csrftoken"]["httponly"]


def test_admin_pages_send_nothing_about_editors_to_other_hosts(admin_client):
    html = admin_client.get("/admin/").text
    assert "gravatar" not in html
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
        assert not re.search(r'(src|href)="(https?:)?//', tag), tag


# --- Permissions-Policy -------------------------------------------------------------

NEVER_USED = [
    "accelerometer",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]


def permissions_policy(response) -> dict[str, list[str]]:
    """``Permissions-Policy: camera=(), autoplay=("https://…")`` as {feature: allowlist}."""
    policy = {}
    for part in response["Permissions-Policy"].split(","):
        feature, allowlist = part.strip().split("=", 1)
        assert allowlist[0] + allowlist[-1] == "()", part
        policy[feature] = [origin.strip('"') for origin in allowlist[1:-1].split()]
    return policy


def test_every_response_denies_what_the_site_never_uses(client, admin_client):
    responses = [
        client.get("/"),
        client.get("/no-such-page/"),
        client.get(reverse("account_login")),
        client.get("/robots.txt"),
        admin_client.get("/admin/"),
    ]
    assert responses[1].status_code == 404
    for response in responses:
        policy = permissions_policy(response)
        for feature in NEVER_USED:
            assert policy[feature] == [], (response.request["PATH_INFO"], feature)


def test_passkeys_may_be_made_and_used_by_the_site_itself_and_nothing_it_frames(client):
    policy = permissions_policy(client.get(reverse("account_login")))

    assert policy["publickey-credentials-create"] == ["self"]
    assert policy["publickey-credentials-get"] == ["self"]


def test_video_players_may_use_only_what_their_frame_asks_for(client, settings):
    """The click-to-play player (static/js/site.js) delegates autoplay, fullscreen and the
    like to its frame: each must be allowed to the player's host, or the player breaks,
    and to nobody else. The players' hosts are the CSP's frame-src."""
    script = (settings.BASE_DIR / "static" / "js" / "site.js").read_text()
    (allow,) = re.findall(r'iframe\.allow = "([^"]+)"', script)
    delegated = [feature.strip() for feature in allow.split(";")]
    players = [
        origin
        for origin in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
        if origin != "'self'"
    ]
    assert players

    policy = permissions_policy(client.get("/"))

    for feature in delegated:
        assert set(policy[feature]) <= {"self", *players}, feature
        assert set(players) <= set(policy[feature]), feature
    assert not set(delegated) & set(NEVER_USED)
