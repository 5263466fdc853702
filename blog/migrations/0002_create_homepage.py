"""Replace Wagtail's placeholder welcome page with the network's HomePage at ``/``."""

from django.db import migrations

INTRO = (
    "<p>One place for the network to read, write, argue and organize together: "
    "articles from our members and from the wider movement, forums for every state "
    "in the South, and the people doing the work.</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("blog.HomePage")

    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="blog")
    homepage = HomePage.objects.create(
        title="Welcome to the Network",
        draft_title="Welcome to the Network",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        intro=INTRO,
        live=True,
    )
    Page.objects.filter(depth=1).update(numchild=1)
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page_id = homepage.pk
        site.site_name = "Network"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="Network",
            root_page=homepage,
            is_default_site=True,
        )


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("blog.HomePage")
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage.objects.filter(slug="home", depth=2).delete()
    ContentType.objects.filter(model="homepage", app_label="blog").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
