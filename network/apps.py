from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = "Network"

    def ready(self):
        from network import signals  # noqa: F401  (connects the receivers)
        from network.directory import notifying  # noqa: F401  (registers what it tells)

        # The network's parts of a member's export, signing in cancelling a deletion, and
        # the IP addresses the libraries keep (network.leaving).
        from network.leaving import exporting, ip_addresses, membership_parts  # noqa: F401
        from network.leaving import signals as leaving_signals  # noqa: F401

        ip_addresses.register_installed()
