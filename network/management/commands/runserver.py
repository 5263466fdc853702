"""Django's development server (with the static files app's serving), which first says
which ``.env`` file the settings read, if one: a value set there and not in the
environment can then be traced."""

from django.conf import settings
from django.contrib.staticfiles.management.commands import runserver


class Command(runserver.Command):
    def inner_run(self, *args, **options):
        if settings.ENV_FILE:
            self.stdout.write(
                f"Read settings from {settings.ENV_FILE} "
                "(the environment wins where both set a value)"
            )
        super().inner_run(*args, **options)
