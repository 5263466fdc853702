import time

from network.context_processors import CHROME_SECONDS

# The address of the "Articles" index, kept in each process like the footer
# (network.context_processors): publishing, unpublishing or moving a page forgets it
# here at once (blog.signals), elsewhere within a minute.
_articles_url: dict[str, tuple[float, str]] = {}


def navigation(request) -> dict:
    """The address of the "Articles" index for the header."""
    url = articles_url(request)
    return {"articles_url": url, "in_articles": bool(url) and request.path.startswith(url)}


def articles_url(request) -> str:
    host = request.get_host()
    kept = _articles_url.get(host)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    from blog.models import BlogIndexPage

    index = BlogIndexPage.objects.live().public().first()
    url = index.get_url(request) if index else ""
    _articles_url[host] = (time.monotonic() + CHROME_SECONDS, url)
    return url


def forget_navigation(**kwargs) -> None:
    _articles_url.clear()
