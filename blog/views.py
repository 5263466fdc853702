"""Pages of the site that are not Wagtail pages: search and robots.txt."""

import logging

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from blog.search import SEARCH_PERIOD, clean_query, run_search, search_allowed
from blog.search_filters import SearchFilterForm
from network import ratelimit
from network.timeouts import QueryTimedOut

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200


@require_safe
def search(request):
    """The search page. Past its rate limit a visitor gets 429 and when to try again;
    a search that runs past its time limit gets 503 (an answer that depends on the load
    of the moment, for no cache to keep), with what to try instead. Both keep the query
    in the box."""
    query = clean_query(request.GET.get("q", ""))[:MAX_QUERY_LENGTH]
    filters = SearchFilterForm(request.GET, request.user)
    context = {"search_query": query, "filters": filters}
    if not query or not filters.is_valid():
        return render(request, "blog/search.html", context)
    if not search_allowed(request):
        wait = ratelimit.seconds_left(SEARCH_PERIOD)
        response = render(
            request, "blog/search_refused.html", {**context, "wait": wait}, status=429
        )
        response["Retry-After"] = str(wait)
        return response
    try:
        found = run_search(query, request, filters.filters(), request.GET.get("page"))
    except QueryTimedOut:
        logger.warning("A search ran past SEARCH_TIMEOUT_MS (%s ms)", settings.SEARCH_TIMEOUT_MS)
        return render(request, "blog/search.html", {**context, "timed_out": True}, status=503)
    context.update(
        results=found.page,
        tabs=found.tabs,
        searched_words=found.searched_words,
    )
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
