"""Editors register, pause and delete partner feeds; nobody else but administrators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [f"{action}_partnerfeed" for action in ("add", "change", "delete", "view")]


def forwards(apps, schema_editor):
    # Permissions are made after all migrations have run; on a new database they are
    # needed now.
    blog = apps.get_app_config("blog")
    blog.models_module = True
    create_permissions(blog, apps=apps, verbosity=0)
    blog.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="blog", codename__in=PERMISSIONS)
        )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="blog", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0007_partner_feeds"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
