from django.db import migrations, models


def fill_shown_tags(apps, schema_editor):
    Thread = apps.get_model("forums", "Thread")
    ThreadTag = apps.get_model("forums", "ThreadTag")
    shown = {}
    for thread_id, slug, name in ThreadTag.objects.order_by("tag__name").values_list(
        "content_object_id", "tag__slug", "tag__name"
    ):
        shown.setdefault(thread_id, []).append([slug, name])
    threads = list(Thread.objects.filter(pk__in=shown).only("pk"))
    for thread in threads:
        thread.shown_tags = shown[thread.pk]
    Thread.objects.bulk_update(threads, ["shown_tags"], batch_size=1_000)


class Migration(migrations.Migration):
    dependencies = [("forums", "0003_thread_forum_protect")]

    operations = [
        migrations.AddField(
            model_name="thread",
            name="shown_tags",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill_shown_tags, migrations.RunPython.noop),
    ]
