"""Pages of the site that are not Wagtail pages: search and robots.txt."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from blog.search import clean_query, run_search

MAX_QUERY_LENGTH = 200


@require_safe
def search(request):
    query = clean_query(request.GET.get("q", ""))[:MAX_QUERY_LENGTH]
    context = {"search_query": query}
    if query:
        page, source, tabs = run_search(
            query, request, request.GET.get("in"), request.GET.get("page")
        )
        context.update(results=page, source=source, tabs=tabs)
    return render(request, "blog/search.html", context)


@require_safe
def robots_txt(request):
    """Crawlers may ask with HEAD first; the sitemap is named at the site's public
    address, whatever host the request came in on."""
    return render(
        request,
        "robots.txt",
        {"sitemap_url": f"{settings.SITE_URL}{reverse('sitemap')}"},
        content_type="text/plain; charset=utf-8",
    )
