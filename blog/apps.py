from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        # Connect receivers; register the demo, the benchmark's articles, what the blog
        # tells members and who may read an article's discussion.
        from blog import bench, demo, editorial_notifying, notifying, privacy, signals  # noqa: F401
