from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Network"

    def ready(self):
        from network import signals  # noqa: F401  (connects the receivers)
        from network.directory import notifying  # noqa: F401  (registers what it tells)
