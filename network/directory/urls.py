"""The directory's addresses: /organizations/ and /projects/ (network.urls includes
them under those prefixes, each in its own namespace)."""

from django.urls import path, re_path

from network.directory import views

# Organizations' slugs are taggit's, which keep letters of any alphabet.
SLUG = r"(?P<slug>[-\w]+)"

organizations_patterns = (
    [
        path("", views.organization_list, name="list"),
        path("propose/", views.propose_organization, name="propose"),
        re_path(rf"^{SLUG}/$", views.organization_detail, name="detail"),
    ],
    "organizations",
)

projects_patterns = (
    [
        path("", views.project_list, name="list"),
        path("<slug:slug>/", views.project_detail, name="detail"),
        path("<slug:slug>/contact/", views.project_contact, name="contact"),
        path("<slug:slug>/join/", views.join_project, name="join"),
        path("<slug:slug>/leave/", views.leave_project, name="leave"),
    ],
    "projects",
)
