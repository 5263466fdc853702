"""Endorsements in the Wagtail admin: editors list the confirmed ones (filtered by status,
drive and kind), approve or reject them one by one or in bulk, read one whole, and
export them as CSV or Excel. Nobody adds or edits an endorsement here: endorsers write
them, and only confirmed ones ever reach these screens.
https://docs.wagtail.org/en/stable/extending/generic_views.html
https://docs.wagtail.org/en/stable/extending/custom_bulk_actions.html
"""

from __future__ import annotations

import django_filters
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from blog import endorsing
from blog.endorsements import Endorsement, EndorsementDrive
from network.notifications import actions as notifications
from network.notifications.models import Notification

Status = Endorsement.Status
REVIEW_STATUSES = [(status, status.label) for status in Status if status != Status.UNCONFIRMED]
NEVER = {"add", "change"}
# A cell a spreadsheet would read as a formula (CSV injection): "=HYPERLINK(…)" as a name.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class EndorsementPermissionPolicy(ModelPermissionPolicy):
    """The model's own permissions (view, delete, and "moderate": approve or reject),
    and never "add" or "change", not even for a superuser: what an endorser signed is
    not for anyone else to write."""

    def user_has_permission(self, user, action):
        return action not in NEVER and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) - NEVER)


policy = EndorsementPermissionPolicy(Endorsement)
register_permission_policy(Endorsement, policy)


def may_moderate(user) -> bool:
    return policy.user_has_permission(user, "moderate")


class EndorsementFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=REVIEW_STATUSES, empty_label=_("All")
    )
    drive = django_filters.ModelChoiceFilter(
        label=_("Drive"),
        queryset=EndorsementDrive.objects.select_related("page").order_by("page__title"),
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Signing as"), choices=Endorsement.Kind.choices, empty_label=_("All")
    )

    class Meta:
        model = Endorsement
        fields = ["status", "drive", "kind"]


def _bulk_url(action: str, endorsement_id, next_url: str) -> str:
    url = reverse("wagtail_bulk_action", args=("blog", "endorsement", action))
    return f"{url}?{urlencode({'id': endorsement_id, 'next': next_url})}"


class EndorsementIndexView(generic.IndexView):
    """Confirmed endorsements only: an unconfirmed one is nobody's to approve."""

    def get_base_queryset(self):
        return Endorsement.objects.confirmed().select_related("drive__page", "region")

    def get(self, request, *args, **kwargs):
        # Reviewing endorsements is reading the news of them.
        if request.user.profile.unread_notifications:
            notifications.mark_read(
                request.user,
                Notification.objects.filter(event__source=endorsing.NOTIFICATION_SOURCE),
            )
        return super().get(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="endorsement"), *super().columns]

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        return super()._get_title_column(
            field_name,
            column_class,
            get_title_id=lambda instance: f"endorsement_{quote(instance.pk)}_title",
            **kwargs,
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if may_moderate(self.request.user):
            if instance.status != Status.APPROVED:
                buttons.append(
                    MenuItem(
                        _("Approve"),
                        url=_bulk_url("approve", instance.pk, self.request.get_full_path()),
                        icon_name="check",
                        priority=1,
                    )
                )
            if instance.status != Status.REJECTED:
                buttons.append(
                    MenuItem(
                        _("Reject"),
                        url=_bulk_url("reject", instance.pk, self.request.get_full_path()),
                        icon_name="cross",
                        priority=2,
                    )
                )
        return buttons

    def write_csv_row(self, writer, row_dict):
        return super().write_csv_row(
            writer,
            {
                field: f"'{value}"
                if isinstance(value, str) and value.startswith(FORMULA_START)
                else value
                for field, value in row_dict.items()
            },
        )

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        # Plain words in a spreadsheet, not the stored codes.
        row["status"] = item.get_status_display()
        row["kind"] = item.get_kind_display()
        return row


class EndorsementInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(Endorsement.objects.confirmed(), pk=unquote(str(self.pk)))


class EndorsementDeleteView(generic.DeleteView):
    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        return get_object_or_404(
            Endorsement.objects.confirmed(), pk=unquote(str(self.kwargs[self.pk_url_kwarg]))
        )


class EndorsementViewSet(ModelViewSet):
    model = Endorsement
    icon = "circle-check"
    menu_label = _("Endorsements")
    menu_order = 305
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = EndorsementIndexView
    inspect_view_class = EndorsementInspectView
    delete_view_class = EndorsementDeleteView
    index_template_name = "blog/admin/endorsement_index.html"
    filterset_class = EndorsementFilterSet
    # No form: the add and edit views refuse everyone (EndorsementPermissionPolicy).
    form_fields: list[str] = []
    list_display = [
        "name",
        "organization",
        Column("kind", label=_("Signing as"), accessor="get_kind_display"),
        Column("place", label=_("Place")),
        Column("drive", label=_("Drive")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("confirmed_at", label=_("Confirmed")),
    ]
    search_fields = ["name", "organization", "city", "email"]
    search_backend_name = None  # a database lookup: endorsements are not in the site search
    inspect_view_fields = [
        "drive",
        "status",
        "kind",
        "name",
        "organization",
        "role",
        "city",
        "region",
        "email",
        "listed",
        "comment",
        "created_at",
        "confirmed_at",
        "moderated_at",
        "moderated_by",
    ]
    list_export = [
        "drive",
        "status",
        "kind",
        "name",
        "organization",
        "role",
        "city",
        "region",
        "email",
        "listed",
        "comment",
        "confirmed_at",
        "moderated_at",
    ]
    export_filename = "endorsements"


# --- Bulk actions (and the single ones, which are the same with one ticked) -----------


class EndorsementBulkAction(BulkAction):
    models = [Endorsement]
    template_name = "blog/admin/endorsement_bulk_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [object_id for object_id in object_ids if str(object_id).isdigit()]
        return list(
            Endorsement.objects.confirmed()
            .filter(pk__in=ids)
            .select_related("drive__page", "region")
            .order_by("name", "pk")
        )

    def get_all_objects_in_listing_query(self, parent_id):
        """ "Select all" means every endorsement waiting for review: never one rejected
        before, nor one approved, by a click meant for the page in view."""
        return Endorsement.objects.filter(status=Status.PENDING).values_list("pk", flat=True)

    def check_perm(self, obj):
        return may_moderate(self.request.user)

    def get_execution_context(self):
        return {"editor": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}


class ApproveBulkAction(EndorsementBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected endorsements")
    action_priority = 10
    question = _("Approve these endorsements? They count, and are listed if their endorsers asked.")

    @classmethod
    def execute_action(cls, objects, editor=None, **kwargs):
        return endorsing.approve([endorsement.pk for endorsement in objects], editor), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d endorsement approved.",
            "%(count)d endorsements approved.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class RejectBulkAction(EndorsementBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected endorsements")
    action_priority = 20
    classes = {"serious"}
    question = _("Reject these endorsements? They neither count nor appear on the page.")

    @classmethod
    def execute_action(cls, objects, editor=None, **kwargs):
        return endorsing.reject([endorsement.pk for endorsement in objects], editor), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d endorsement rejected.",
            "%(count)d endorsements rejected.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


@hooks.register("register_admin_viewset")
def register_endorsement_viewset():
    return EndorsementViewSet("endorsements")


hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)
