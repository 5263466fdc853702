"""Editors run endorsement drives: they may add, edit and publish pages under the home
page (a campaign page lives there, beside the articles index), and review endorsements
(see and approve or reject them; deleting one is left to administrators)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
ENDORSEMENT_PERMISSIONS = ["view_endorsement", "moderate_endorsement"]


def ensure_permissions(apps):
    """Permissions are normally made after all migrations have run; this migration needs
    them now, on a new database."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    HomePage = apps.get_model("blog.HomePage")

    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="blog", codename__in=ENDORSEMENT_PERMISSIONS
        )
    )
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page_id=home.pk,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0007_endorsement_drives_and_campaign_pages"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
