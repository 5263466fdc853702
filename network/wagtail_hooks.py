"""Admin screens for what administrators edit: regions and tendencies.
https://docs.wagtail.org/en/stable/extending/generic_views.html"""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from network.directory import wagtail_hooks as directory_hooks  # noqa: F401  (registers its own)
from network.models import Region, Tendency


class RegionViewSet(ModelViewSet):
    model = Region
    icon = "site"
    form_fields = ["name", "slug", "code", "in_south", "order"]
    list_display = ["name", "code", "in_south", "order"]
    search_fields = ["name", "code"]
    sort_order_field = "order"
    copy_view_enabled = False


class TendencyViewSet(ModelViewSet):
    model = Tendency
    icon = "group"
    form_fields = ["name", "slug", "description", "order"]
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]
    sort_order_field = "order"
    copy_view_enabled = False


class NetworkViewSetGroup(ModelViewSetGroup):
    menu_label = "Network"
    menu_icon = "group"
    menu_order = 300
    items = (RegionViewSet("regions"), TendencyViewSet("tendencies"))


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()
