"""Admin screens for the forums' structure: categories and forums, under a "Forums"
menu. Moderators work in the site itself (/forums/moderation/), not here.
https://docs.wagtail.org/en/stable/extending/generic_views.html"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from forums.models import Category, Forum
from forums.models.structure import ARTICLE_DISCUSSIONS_SLUG
from forums.permissions import moderates_any
from network.handles import active_members_named
from network.tags import parse_tags


class ForumForm(WagtailAdminModelForm):
    """The forum's own moderators are named by handle: a select of every member would
    not do with thousands of them."""

    moderator_handles = forms.CharField(
        label=_("Moderators of this forum"),
        required=False,
        help_text=_(
            "Handles, separated by commas (for example “rosa_b, marcus_t”). Site-wide "
            "moderators (the Moderators group) moderate every forum already."
        ),
    )

    class Meta:
        model = Forum
        fields = [
            "category",
            "name",
            "slug",
            "description",
            "region",
            "order",
            "visibility",
            "who_can_start",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["moderator_handles"] = ", ".join(
                self.instance.moderators.order_by("username").values_list("username", flat=True)
            )
            if self.instance.holds_article_discussions:
                self.fields["slug"].disabled = True
                self.fields["slug"].help_text = gettext(
                    "Articles find their discussions by this slug."
                )

    def clean_moderator_handles(self) -> list:
        members, unknown = active_members_named(parse_tags(self.cleaned_data["moderator_handles"]))
        if unknown:
            raise forms.ValidationError(
                gettext("No active member has this handle: %(handles)s."),
                params={"handles": ", ".join(f"@{handle}" for handle in unknown)},
            )
        return members

    def save(self, commit=True):
        forum = super().save(commit=commit)
        if commit:
            forum.moderators.set(self.cleaned_data["moderator_handles"])
        return forum


class RefuseDeletingWhatHoldsDiscussions(generic.DeleteView):
    """Deleting a forum would delete its threads, and a category its forums: refuse,
    and say what to move first."""

    def dispatch(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            messages.error(request, refusal)
            return redirect(self.edit_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)

    def refusal(self) -> str | None:
        item = self.object
        if isinstance(item, Forum):
            if item.slug == ARTICLE_DISCUSSIONS_SLUG:
                return gettext("This forum holds the articles' comments: it cannot be deleted.")
            if item.threads.exists():
                return gettext(
                    "“%(forum)s” holds threads. Move them to another forum (moderators "
                    "can, from each thread) before deleting it, or make it members-only."
                ) % {"forum": item.name}
        elif isinstance(item, Category) and item.forums.exists():
            return gettext("“%(category)s” holds forums. Move them to another category first.") % {
                "category": item.name
            }
        return None


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "folder-open-inverse"
    form_fields = ["name", "slug", "description", "order"]
    list_display = ["name", "description", "order"]
    search_fields = ["name"]
    sort_order_field = "order"
    copy_view_enabled = False
    delete_view_class = RefuseDeletingWhatHoldsDiscussions


class ForumViewSet(ModelViewSet):
    model = Forum
    menu_label = _("Forums")  # Forum has no verbose name to translate (one is a migration)
    icon = "comment"
    list_display = ["name", "category", "visibility", "who_can_start", "thread_count"]
    list_filter = ["category", "visibility"]
    search_fields = ["name", "description"]
    copy_view_enabled = False
    delete_view_class = RefuseDeletingWhatHoldsDiscussions

    def get_form_class(self, for_update=False):
        return ForumForm


class ForumsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Forums")
    menu_icon = "comment"
    menu_order = 310
    # "forums" is the site's own URL namespace; the admin's screens keep the address.
    items = (
        CategoryViewSet("forum_categories"),
        ForumViewSet("admin_forums", url_prefix="forums"),
    )


@hooks.register("register_admin_viewset")
def register_forum_viewsets():
    return ForumsViewSetGroup()


class ModerationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return moderates_any(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Moderation queue"), reverse("forums:moderation_queue"), icon_name="warning", order=320
    )
