from django.core.management.base import BaseCommand

from network import demo


class Command(BaseCommand):
    help = (
        "Fill the site with demo members (and, as apps add them, articles and threads). "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        demo.seed_all(lambda line: self.stdout.write(self.style.SUCCESS(line)))
        self.stdout.write("Demo content is in place.")
