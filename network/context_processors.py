import time

from django.conf import settings

# What every page's footer (and every article's disclaimer) shows from NetworkSettings,
# rendered once and kept in each process for a minute: reading it through Wagtail costs
# two queries (the site, the setting) and the rich text's rendering, on every page.
# Saving the settings clears it here at once (network.signals), elsewhere within a minute.
CHROME_SECONDS = 60
_chrome: dict[str, tuple[float, dict]] = {}


def site(request) -> dict:
    """What every template may name: the site's name and its public address, and the
    network's settings as the footer shows them."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "network_chrome": chrome(request),
    }


def chrome(request) -> dict:
    host = request.get_host()
    kept = _chrome.get(host)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    from wagtail.templatetags.wagtailcore_tags import richtext

    from network.models import NetworkSettings

    network = NetworkSettings.for_request(request)
    value = {
        "disclaimer": richtext(network.disclaimer),
        "social_links": [(link.value["label"], link.value["url"]) for link in network.social_links],
    }
    _chrome[host] = (time.monotonic() + CHROME_SECONDS, value)
    return value


def forget_chrome(**kwargs) -> None:
    _chrome.clear()
