from django.core.cache import cache

from blog.signals import ARTICLES_URL_KEY


def navigation(request) -> dict:
    """The address of the "Articles" index for the header, looked up once and cached
    until something is published, moved or deleted."""
    url = cache.get(ARTICLES_URL_KEY)
    if url is None:
        from blog.models import BlogIndexPage

        index = BlogIndexPage.objects.live().public().first()
        url = index.get_url(request) if index else ""
        cache.set(ARTICLES_URL_KEY, url, 60 * 60)
    return {"articles_url": url, "in_articles": bool(url) and request.path.startswith(url)}
