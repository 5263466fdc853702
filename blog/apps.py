from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        # Connect receivers; register the demo, the benchmark's articles and what the
        # blog tells members.
        from blog import bench, demo, editorial_notifying, notifying, signals  # noqa: F401
