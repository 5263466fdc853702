"""A URLconf whose addresses hold the language, as a Spanish interface may have them
(tests/network/test_page_chrome.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _


def page(request):
    return HttpResponse()


urlpatterns = i18n_patterns(path(_("forums/"), page, name="forums"))
