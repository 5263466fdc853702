from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

from network import bench


class Command(BaseCommand):
    help = (
        "Measure throughput of the site's hot paths on a throwaway database "
        "(made like the test database, then dropped). Reports figures; asserts nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=50, help="Timed runs per figure.")
        parser.add_argument("--only", help="Run only benchmarks whose name contains this.")

    def handle(self, *args, **options):
        old_name = connection.settings_dict["NAME"]
        self.stdout.write(f"Creating a throwaway database ({connection.vendor})…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            # DEBUG on so that queries are counted; emails stay in memory.
            with override_settings(
                DEBUG=True,
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                ALLOWED_HOSTS=["*"],
                PAGE_CACHE_SECONDS=0,
            ):
                settings.DEBUG = True
                self._run(options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _run(self, options):
        header = f"{'what':58} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}"
        for name, benchmark in bench.registered():
            if options["only"] and options["only"] not in name:
                continue
            self.stdout.write(f"\n{name}\n{header}")
            timer = bench.Timer(repeat=options["repeat"])
            benchmark(timer)
            for row in timer.rows:
                if row.per_second:
                    self.stdout.write(
                        f"{row.name:58} {row.per_second:8.1f} {row.median_ms:10.1f} "
                        f"{row.p95_ms:8.1f} {row.queries:8d}  {row.note}"
                    )
                else:
                    self.stdout.write(f"{row.name:58} {row.note}")
