from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = "Forums"

    def ready(self):
        from forums import bench, demo  # noqa: F401  (register the demo and benchmarks)
