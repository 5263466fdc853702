"""Editors keep the directory: the Editors group may add, change and delete
organizations and local projects in the admin (and so reviews members' proposals).
Made with get_or_create, as the blog's migration makes the group: whichever runs first
makes it, and the other adds its permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DIRECTORY_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("organization", "localproject")
    for action in ("add", "change", "delete", "view")
]


def forwards(apps, schema_editor):
    # Permissions are made after all migrations have run; a new database needs them now.
    app_config = apps.get_app_config("network")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="network", codename__in=DIRECTORY_PERMISSIONS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_organization_directory_and_local_projects"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
