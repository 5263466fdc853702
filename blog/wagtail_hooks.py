"""The blog's hooks into the Wagtail admin.
https://docs.wagtail.org/en/stable/reference/hooks.html"""

from wagtail import hooks
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from blog import endorsement_admin  # noqa: F401  (registers the endorsements' screens)
from blog.editorial_notifying import comments_changed, mark_read_on_opening
from blog.partner_feeds_admin import PartnerFeedDraftsPanel, PartnerFeedViewSet

hooks.register("before_edit_page", mark_read_on_opening)


@hooks.register("filter_form_submissions_for_user")
def only_readers_of_messages(user, editable_forms):
    """The contact form's messages (the admin's Forms section) are read by those who may
    change the page and hold ``blog.read_contact_messages`` (Editors): what a visitor
    wrote to the network is not every page editor's to read."""
    if user.has_perm("blog.read_contact_messages"):
        return editable_forms
    return editable_forms.none()


class PageEditView(EditView):
    """Wagtail's page editor, with comments in it told through the notifications in
    place of Wagtail's own email (which has no hook to turn it off)."""

    def send_commenting_notifications(self, changes):
        comments_changed(self.page, self.request.user, changes)


class NetworkPageViewSet(PageViewSet):
    """Every page type's admin views, as Wagtail's but for the editor above. Registered
    for ``Page`` after Wagtail's own (which is registered first, ``order=-1``), it takes
    its place for all page types.
    https://docs.wagtail.org/en/stable/reference/viewsets.html"""

    model = Page
    name = "network_pages"
    edit_view_class = PageEditView


@hooks.register("register_admin_viewset")
def register_page_viewset():
    return NetworkPageViewSet()


@hooks.register("register_admin_viewset")
def register_partner_feed_viewset():
    return PartnerFeedViewSet("partner_feeds")


@hooks.register("construct_homepage_panels")
def add_partner_feed_drafts_panel(request, panels):
    if request.user.has_perm("blog.change_partnerfeed"):
        panels.append(PartnerFeedDraftsPanel())
