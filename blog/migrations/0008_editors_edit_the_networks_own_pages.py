"""Editors make and edit the network's own pages under the home page (about, points of
unity, the contact page), and read the contact form's messages: Wagtail shows a form's
submissions to whoever may change its page. Their page permissions, given on the
articles index until now, are given on the home page too, which holds it."""

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
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=EDITOR_PAGE_PERMISSIONS
    )
    for home in HomePage.objects.all():
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=editors, page_id=home.pk, permission=permission
            )


def backwards(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    HomePage = apps.get_model("blog.HomePage")
    GroupPagePermission.objects.filter(
        group__name="Editors", page_id__in=HomePage.objects.values("pk")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("blog", "0007_standard_and_contact_pages")]

    operations = [migrations.RunPython(forwards, backwards)]
