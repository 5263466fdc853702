"""Every site starts with its network settings (the disclaimer's default wording), so
the first page view does not have to create them."""

from django.db import migrations

from network.models import DEFAULT_DISCLAIMER


def create_settings(apps, schema_editor):
    Site = apps.get_model("wagtailcore.Site")
    NetworkSettings = apps.get_model("network.NetworkSettings")
    for site in Site.objects.all():
        NetworkSettings.objects.get_or_create(
            site=site, defaults={"disclaimer": DEFAULT_DISCLAIMER}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_seed_regions_and_tendencies"),
        ("blog", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
