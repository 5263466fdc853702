"""The regions every member and regional forum belongs to, and a first list of
tendencies for administrators to edit."""

from django.db import migrations

# The 16 states of the U.S. Census South, and D.C., in alphabetical order.
SOUTH = [
    ("Alabama", "AL"),
    ("Arkansas", "AR"),
    ("Delaware", "DE"),
    ("District of Columbia", "DC"),
    ("Florida", "FL"),
    ("Georgia", "GA"),
    ("Kentucky", "KY"),
    ("Louisiana", "LA"),
    ("Maryland", "MD"),
    ("Mississippi", "MS"),
    ("North Carolina", "NC"),
    ("Oklahoma", "OK"),
    ("South Carolina", "SC"),
    ("Tennessee", "TN"),
    ("Texas", "TX"),
    ("Virginia", "VA"),
    ("West Virginia", "WV"),
]

TENDENCIES = [
    "Progressive Democrat",
    "Social democrat",
    "Democratic socialist",
    "Marxist–Leninist",
    "Trotskyist",
    "Maoist",
    "Anarchist",
    "Libertarian socialist",
    "Left communist",
    "Non-aligned / independent",
]


def seed(apps, schema_editor):
    Region = apps.get_model("network.Region")
    Tendency = apps.get_model("network.Tendency")
    for order, (name, code) in enumerate(SOUTH, start=1):
        slug = name.lower().replace(" ", "-")
        Region.objects.update_or_create(
            slug=slug, defaults={"name": name, "code": code, "in_south": True, "order": order}
        )
    Region.objects.update_or_create(
        slug="outside-the-south",
        defaults={"name": "Outside the South", "code": "", "in_south": False, "order": 100},
    )
    for order, name in enumerate(TENDENCIES, start=1):
        slug = name.lower().replace("–", "-").replace(" / ", "-").replace(" ", "-")
        Tendency.objects.update_or_create(slug=slug, defaults={"name": name, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("network.Region").objects.all().delete()
    apps.get_model("network.Tendency").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0002_network_settings")]

    operations = [migrations.RunPython(seed, unseed)]
