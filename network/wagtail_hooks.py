"""Admin screens for what administrators edit: regions and tendencies.
https://docs.wagtail.org/en/stable/extending/generic_views.html"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from network.directory import wagtail_hooks as directory_hooks  # noqa: F401  (registers its own)
from network.models import Recruitment, Region, Tendency


class RegionViewSet(ModelViewSet):
    model = Region
    icon = "site"
    # The model's verbose names are Django's defaults, which are not translated.
    menu_label = _("Regions")
    form_fields = ["name", "slug", "code", "in_south", "order"]
    list_display = ["name", "code", "in_south", "order"]
    search_fields = ["name", "code"]
    sort_order_field = "order"
    copy_view_enabled = False


class TendencyViewSet(ModelViewSet):
    model = Tendency
    icon = "group"
    menu_label = _("Tendencies")
    form_fields = ["name", "slug", "description", "order"]
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]
    sort_order_field = "order"
    copy_view_enabled = False


class RecruitmentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("member", "recruiter")


class RecruitmentViewSet(ModelViewSet):
    """Who recruited whom (network.recruiting), for staff: each new member's way in, their
    recruiter and project; filter by way, search by handle. Editing is limited to the
    project (to take out what should not be kept)."""

    model = Recruitment
    icon = "user"
    menu_label = _("Recruitment")
    form_fields = ["project"]
    list_display = ["member", "way", "recruiter", "created_at"]
    list_filter = ["way"]
    search_fields = ["member__username", "recruiter__username", "project"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "member",
        "way",
        "recruiter",
        "invitation",
        "project",
        "agreed_to_points_of_unity_at",
        "created_at",
    ]
    copy_view_enabled = False

    index_view_class = RecruitmentIndexView


class NetworkViewSetGroup(ModelViewSetGroup):
    # Translators: the admin menu of the network's own records (regions, tendencies, recruitment).
    menu_label = _("Network")
    menu_icon = "group"
    menu_order = 300
    items = (
        RegionViewSet("regions"),
        TendencyViewSet("tendencies"),
        RecruitmentViewSet("recruitment"),
    )


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()
