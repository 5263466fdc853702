"""Partner feeds in the Wagtail admin: the screens where editors register and pause
feeds and read how their polls went, and the dashboard panel that tells them how many
drafts the feeds brought. Registered from ``blog/wagtail_hooks.py``.
https://docs.wagtail.org/en/stable/extending/generic_views.html
https://docs.wagtail.org/en/stable/reference/hooks.html#construct-homepage-panels
"""

from __future__ import annotations

from django import forms
from django.template.loader import get_template
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from blog.models import BlogIndexPage
from blog.partner_feeds import PartnerFeed, PartnerFeedItem

PANEL_LENGTH = 10


class PartnerFeedForm(WagtailAdminModelForm):
    """A new address starts afresh (no validators from the old one, no errors), and so
    does a feed an editor resumes: it would otherwise be paused again at its next error."""

    def save(self, commit=True):
        feed = super().save(commit=False)
        if "url" in self.changed_data:
            feed.etag = feed.last_modified = ""
        if "url" in self.changed_data or ("active" in self.changed_data and feed.active):
            feed.error_count = 0
            feed.last_error = ""
        if commit:
            feed.save()
            self.save_m2m()
        return feed


class PollStatusPanel(MultiFieldPanel):
    """How the feed's polls went, read-only, once there is a feed to have been polled."""

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def is_shown(self):
            return self.instance.pk is not None and super().is_shown()


class PollFieldPanel(FieldPanel):
    """One of the poller's fields, shown and never typed."""

    def __init__(self, field_name, **kwargs):
        super().__init__(field_name, **{**kwargs, "read_only": True})

    def format_value_for_display(self, value):
        return _("Never") if value is None else super().format_value_for_display(value)


class PartnerFeedViewSet(ModelViewSet):
    model = PartnerFeed
    icon = "link-external"
    menu_label = _("Partner feeds")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = [
        "name",
        BooleanColumn("active", label=_("Active")),
        DateColumn("last_success_at", label=_("Last success")),
        "error_count",
        "last_error",
    ]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("default_tags"),
            FieldPanel("default_regions", widget=forms.CheckboxSelectMultiple),
            FieldPanel("active"),
            PollStatusPanel(
                [
                    PollFieldPanel("last_polled_at"),
                    PollFieldPanel("last_success_at"),
                    PollFieldPanel("error_count"),
                    PollFieldPanel("last_error"),
                    PollFieldPanel("etag"),
                    PollFieldPanel("last_modified"),
                ],
                heading=_("Status of the polls"),
                help_text=_("Filled in by the hourly poll."),
            ),
        ],
        base_form_class=PartnerFeedForm,
    )


class PartnerFeedDraftsPanel(Component):
    """ "From partner feeds: N new drafts" on the admin's dashboard, the latest of them
    linked, in two queries however many there are (three when there are more than it
    lists, for the link to the articles index)."""

    name = "partner_feed_drafts"
    template_name = "blog/admin/partner_feed_drafts_panel.html"
    order = 205  # above Wagtail's own panels about pages in moderation

    def get_context_data(self, parent_context=None):
        waiting = PartnerFeedItem.objects.new_drafts()
        count = waiting.count()
        drafts = (
            list(waiting.select_related("draft", "feed").order_by("-seen_at", "-pk")[:PANEL_LENGTH])
            if count
            else []
        )
        index = BlogIndexPage.objects.first() if count > len(drafts) else None
        return {"count": count, "drafts": drafts, "articles_index": index}

    def render_html(self, parent_context=None) -> str:
        context = self.get_context_data(parent_context)
        if not context["count"]:
            return ""
        return get_template(self.template_name).render(context)
