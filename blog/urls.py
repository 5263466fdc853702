from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from blog import endorsement_views, views
from blog.sitemap import PublicSitemap

urlpatterns = [
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PublicSitemap}}, name="sitemap"),
    path("endorsements/<int:drive_id>/sign/", endorsement_views.sign, name="endorse"),
    path(
        "endorsements/confirm/<str:token>/",
        endorsement_views.confirm,
        name="endorsement_confirm",
    ),
    path(
        "endorsements/withdraw/<str:token>/",
        endorsement_views.withdraw,
        name="endorsement_withdraw",
    ),
]
