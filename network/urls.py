from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from network import language, page_cache, views
from network.directory.urls import organizations_patterns, projects_patterns
from network.onboarding import views as onboarding_views
from network.sessions import views as session_views

# One login for the whole site: both admins sign in through allauth (and its two-factor
# step) instead of their own forms.
admin.site.login = secure_admin_login(admin.site.login)
admin_login = RedirectView.as_view(pattern_name="account_login", query_string=True)


# Any username Django accepts, so accounts made outside sign-up (createsuperuser, the
# admin) still have working pages; sign-up itself holds handles to HANDLE_PATTERN.
USERNAME = r"[\w.@+-]{1,150}"

members_patterns = (
    [
        path("", views.member_list, name="list"),
        re_path(rf"^(?P<handle>{USERNAME})/$", views.profile_detail, name="profile"),
        re_path(rf"^(?P<handle>{USERNAME})/edit/$", views.profile_edit, name="edit"),
        re_path(rf"^(?P<handle>{USERNAME})/block/$", views.block_member, name="block"),
    ],
    "members",
)

# allauth answers its rate limits' refusals with this view (Django itself has no 429).
handler429 = views.too_many_requests

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/login/", admin_login),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/profile/", views.my_profile, name="my_profile"),
    path("accounts/blocked/", views.blocked_members, name="account_blocked"),
    path("accounts/agreements/", views.accept_agreements, name="account_agreements"),
    # Sign-up leads to the join page where there is one (blog.joining), else is allauth's
    # with the site's rules of who gets in (network.recruiting).
    path("accounts/signup/", include("blog.join_urls")),
    path("accounts/recruiting/", include("network.recruiting.urls")),
    path("accounts/", include("network.leaving.urls")),
    # Where a member is signed in: ours in place of allauth's list, at its address.
    path("accounts/sessions/", session_views.session_list, name="account_sessions"),
    path(
        "accounts/sessions/<int:session_id>/end/",
        session_views.end_session,
        name="account_end_session",
    ),
    path(
        "accounts/sessions/end-all/",
        session_views.end_every_session,
        name="account_end_every_session",
    ),
    path("accounts/", include("allauth.urls")),
    path("language/", language.switch, name="language"),
    path("welcome/", onboarding_views.welcome, name="welcome"),
    path("members/", include(members_patterns)),
    path("organizations/", include(organizations_patterns)),
    path("projects/", include(projects_patterns)),
    path("notifications/", include("network.notifications.urls")),
    path("messages/", include("network.conversations.urls")),
    path("forums/", include("forums.urls")),
    path("", include("blog.urls")),
]

if settings.SERVE_MEDIA:
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

# Wagtail's own front-end URLs (wagtail.urls), with its pages served through the page
# cache and its front-end sign-in replaced by the one login.
urlpatterns += [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("_util/login/", admin_login, name="wagtailcore_login"),
    re_path(
        serve_pattern, page_cache.cached_for_anonymous(wagtail_views.serve), name="wagtail_serve"
    ),
]
