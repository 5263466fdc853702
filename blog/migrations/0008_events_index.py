"""The "Events" index under the home page on every site, new or old, shown in menus, and
the Editors' permission to add, edit and publish the events under it (as they do the
articles: their page permissions are on each index, not on the home page)."""

from django.db import migrations

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
INTRO = "<p>Conferences, meetings and actions across the network, in person and online.</p>"


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def create_events_index(apps):
    Page = apps.get_model("wagtailcore.Page")
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("blog.HomePage")
    EventIndexPage = apps.get_model("blog.EventIndexPage")

    home = HomePage.objects.order_by("path").first()
    if home is None:
        return None
    existing = EventIndexPage.objects.filter(path__startswith=home.path).first()
    if existing:
        return existing
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    slug = "events" if not children.filter(slug="events").exists() else "network-events"
    last_child = children.order_by("-path").first()
    position = int(last_child.path[-4:], 36) + 1 if last_child else 1
    index = EventIndexPage.objects.create(
        title="Events",
        draft_title="Events",
        slug=slug,
        content_type=ContentType.objects.get_for_model(EventIndexPage),
        path=home.path + _base36(position).rjust(4, "0"),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        live=True,
        show_in_menus=True,
        intro=INTRO,
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())
    return index


def grant_editors(apps, index):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page_id=index.pk,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


def forwards(apps, schema_editor):
    index = create_events_index(apps)
    if index is not None:
        grant_editors(apps, index)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0007_events"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
