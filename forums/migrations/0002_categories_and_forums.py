"""The forums every site starts with: one per state of the South, D.C. and "Outside the
South"; topic forums; and the network's own (announcements, article discussions). Site-
wide moderation goes to the "Moderators" group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TOPICS = [
    ("Strategy and theory", "strategy-and-theory", "Big questions, long arguments, good faith."),
    ("Electoral work", "electoral-work", "Campaigns, ballot measures and running for office."),
    ("Labor and workplace organizing", "labor", "Organizing drives, contracts, strikes."),
    ("Tenant and housing organizing", "housing", "Tenant unions, eviction defense, housing."),
    ("Mutual aid and community defense", "mutual-aid", "Disaster response, aid, safety."),
    ("Introductions", "introductions", "New here? Say hello and tell us what you work on."),
]


def forwards(apps, schema_editor):
    Category = apps.get_model("forums.Category")
    Forum = apps.get_model("forums.Forum")
    Region = apps.get_model("network.Region")

    regions, _ = Category.objects.get_or_create(
        slug="regions",
        defaults={
            "name": "Regions",
            "order": 1,
            "description": "Your state's organizers, in their own forum.",
        },
    )
    topics, _ = Category.objects.get_or_create(
        slug="topics",
        defaults={
            "name": "Topics",
            "order": 2,
            "description": "Across the whole region, by subject.",
        },
    )
    network, _ = Category.objects.get_or_create(
        slug="network",
        defaults={"name": "Network", "order": 3, "description": "The network's own business."},
    )
    for region in Region.objects.order_by("order"):
        Forum.objects.get_or_create(
            slug=region.slug,
            defaults={
                "category": regions,
                "name": region.name,
                "region": region,
                "order": region.order,
                "description": f"Organizers in {region.name}."
                if region.in_south
                else "Members and friends outside the South.",
                # Local organizing talk stays among members.
                "visibility": "members",
            },
        )
    for order, (name, slug, description) in enumerate(TOPICS, start=1):
        Forum.objects.get_or_create(
            slug=slug,
            defaults={"category": topics, "name": name, "order": order, "description": description},
        )
    Forum.objects.get_or_create(
        slug="announcements",
        defaults={
            "category": network,
            "name": "Announcements",
            "order": 1,
            "description": "News from the network. Only moderators start threads here.",
            "who_can_start": "moderators",
        },
    )
    Forum.objects.get_or_create(
        slug="article-discussions",
        defaults={
            "category": network,
            "name": "Article discussions",
            "order": 2,
            "description": "Comments on the network's articles, one thread per article.",
            "who_can_start": "moderators",
        },
    )

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        Permission.objects.get(content_type__app_label="forums", codename="moderate_all_forums")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
        ("network", "0003_seed_regions_and_tendencies"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
