"""Forum moderators edit no pages. Wagtail's first migration makes a "Moderators" group
allowed to add, edit and publish every page under the root; the forums' migration took
that group for the site's forum moderators (forums 0002), who so could rewrite and
publish any article or event. Pages are the Editors' (blog 0004, 0008)."""

from django.db import migrations

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def forwards(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name="Moderators",
        page__depth=1,
        permission__content_type__app_label="wagtailcore",
        permission__codename__in=PAGE_PERMISSIONS,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0008_events_index"),
        ("forums", "0002_categories_and_forums"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
