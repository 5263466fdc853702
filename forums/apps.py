from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        # Register the demo, the benchmarks and what the forums tell members.
        from forums import bench, demo, notifying  # noqa: F401
