import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.urls import get_script_prefix
from django.utils.translation import get_language

# What every page shows around its content and reads from the database (the footer's
# settings here, the menu in blog.context_processors) is kept in each process for a
# minute, by ``KeptPerSite``. Saving what it comes from clears it in the process that
# saved (network.signals, blog.signals), elsewhere within the minute.
CHROME_SECONDS = 60

T = TypeVar("T")


class KeptPerSite(Generic[T]):
    """``read(request)``, kept in this process for ``CHROME_SECONDS`` apart for each
    host, script prefix and language: what it holds names pages (their addresses
    carry the prefix) and says things in words. Call ``forget()`` when what it reads
    changes."""

    def __init__(self, read: Callable[..., T]):
        self.read = read
        self.kept: dict[tuple[str, str, str | None], tuple[float, T]] = {}

    def __call__(self, request) -> T:
        key = (request.get_host(), get_script_prefix(), get_language())
        kept = self.kept.get(key)
        if kept is not None and kept[0] > time.monotonic():
            return kept[1]
        value = self.read(request)
        self.kept[key] = (time.monotonic() + CHROME_SECONDS, value)
        return value

    def forget(self, **kwargs) -> None:
        self.kept.clear()


def site(request) -> dict:
    """What every template may name: the site's name and its public address, and the
    network's settings as the footer shows them."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "network_chrome": chrome(request),
    }


def read_chrome(request) -> dict:
    """What the footer (and every article's disclaimer) shows from NetworkSettings,
    rendered: reading it through Wagtail costs two queries (the site, the setting) and
    the rich text's rendering."""
    from wagtail.templatetags.wagtailcore_tags import richtext

    from network.models import NetworkSettings

    network = NetworkSettings.for_request(request)
    return {
        "disclaimer": richtext(network.disclaimer),
        "social_links": [(link.value["label"], link.value["url"]) for link in network.social_links],
        # The header's "Join" follows it (closed: none).
        "registration_mode": network.registration_mode,
    }


chrome = KeptPerSite(read_chrome)
forget_chrome = chrome.forget
