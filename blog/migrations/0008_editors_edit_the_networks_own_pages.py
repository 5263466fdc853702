"""Editors publish the network's own pages under the home page (about, points of unity,
the contact page) and read the messages sent through the contact form.

Wagtail's initial data lets the "Editors" group add and change pages anywhere, and the
articles index (0004) lets them publish there; here they may publish, lock and unlock
under the home page too, instead of waiting on Wagtail's default "Moderators approval"
workflow. Reading the contact form's messages takes a permission of its own
(``blog.read_contact_messages``), given to Editors: changing a page is not enough, since
Wagtail's "Moderators" group (the forums' moderators) may change every page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def ensure_permissions(apps):
    """Permissions are normally made after all migrations have run."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def forwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    HomePage = apps.get_model("blog.HomePage")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    ensure_permissions(apps)
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=EDITOR_PAGE_PERMISSIONS
    )
    for home in HomePage.objects.all():
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=editors, page_id=home.pk, permission=permission
            )
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="blog", codename="read_contact_messages")
    )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    HomePage = apps.get_model("blog.HomePage")
    GroupPagePermission.objects.filter(
        group__name="Editors", page_id__in=HomePage.objects.values("pk")
    ).delete()
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*editors.permissions.filter(codename="read_contact_messages"))


class Migration(migrations.Migration):
    dependencies = [("blog", "0007_standard_and_contact_pages")]

    operations = [migrations.RunPython(forwards, backwards)]
