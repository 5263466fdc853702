from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        # Connect receivers; register the demo and the benchmark's articles.
        from blog import bench, demo, signals  # noqa: F401
