"""The blog's structure on every site, new or old: the "Articles" index under the home
page, a first list of topics, the Contributors and Editors groups, and the "Editorial
review" workflow in which Editors approve what Contributors submit."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TOPICS = [
    ("Strategy and theory", "strategy-and-theory"),
    ("Electoral work", "electoral-work"),
    ("Labor and workplace organizing", "labor"),
    ("Tenant and housing organizing", "housing"),
    ("Mutual aid and community defense", "mutual-aid"),
    ("International solidarity", "international"),
    ("Political education", "political-education"),
]

CONTRIBUTOR_PAGE_PERMISSIONS = ["add_page"]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
IMAGE_PERMISSIONS = ["add_image", "choose_image"]
EDITOR_IMAGE_PERMISSIONS = [*IMAGE_PERMISSIONS, "change_image", "delete_image"]
SNIPPET_PERMISSIONS = [
    f"{action}_{model}" for model in ("author", "topic") for action in ("add", "change", "delete")
]


def ensure_permissions(apps):
    """Permissions are normally made after all migrations have run; this migration needs
    them now, on a new database."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_articles_index(apps):
    Page = apps.get_model("wagtailcore.Page")
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("blog.HomePage")
    BlogIndexPage = apps.get_model("blog.BlogIndexPage")

    home = HomePage.objects.order_by("path").first()
    if home is None:
        return None
    existing = BlogIndexPage.objects.filter(path__startswith=home.path).first()
    if existing:
        return existing
    last_child = (
        Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        .order_by("-path")
        .first()
    )
    position = int(last_child.path[-4:], 36) + 1 if last_child else 1
    index = BlogIndexPage.objects.create(
        title="Articles",
        draft_title="Articles",
        slug="articles",
        content_type=ContentType.objects.get_for_model(BlogIndexPage),
        path=home.path + _base36(position).rjust(4, "0"),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}articles/",
        locale_id=home.locale_id,
        live=True,
        intro="<p>Writing from the network and, with a link back, from the wider movement.</p>",
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    return index


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def create_groups_and_workflow(apps, index):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    root_collection = Collection.objects.order_by("path").first()

    def setup(name, page_permissions, image_permissions, extra):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin, *extra)
        for codename in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page_id=index.pk,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for codename in image_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailimages", codename=codename
                ),
            )
        return group

    snippet_permissions = list(
        Permission.objects.filter(content_type__app_label="blog", codename__in=SNIPPET_PERMISSIONS)
    )
    setup("Contributors", CONTRIBUTOR_PAGE_PERMISSIONS, IMAGE_PERMISSIONS, [])
    editors = setup(
        "Editors", EDITOR_PAGE_PERMISSIONS, EDITOR_IMAGE_PERMISSIONS, snippet_permissions
    )

    if WorkflowPage.objects.filter(page_id=index.pk).exists():
        return
    workflow = Workflow.objects.create(name="Editorial review", active=True)
    task = GroupApprovalTask.objects.create(
        name="Editors approve",
        active=True,
        content_type=ContentType.objects.get_for_model(GroupApprovalTask),
    )
    task.groups.add(editors)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page_id=index.pk)


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Topic = apps.get_model("blog.Topic")
    for name, slug in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name})
    index = create_articles_index(apps)
    if index is not None:
        create_groups_and_workflow(apps, index)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_articles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
