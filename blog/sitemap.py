"""The sitemap: Wagtail's, with every address at ``SITE_URL``.
https://docs.wagtail.org/en/stable/reference/contrib/sitemaps.html"""

from wagtail.contrib.sitemaps import Sitemap

from network.addresses import public_url


class PublicSitemap(Sitemap):
    """Each page's sitemap entries (``Page.get_sitemap_urls``) hold Wagtail's full URL,
    its site record's host: given here at the public address, for every page type."""

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            url["location"] = public_url(url["location"])
        return urls
