from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self):
        from blog import demo, signals  # noqa: F401  (connect receivers, register the demo)
