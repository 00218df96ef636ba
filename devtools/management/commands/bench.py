"""`manage.py bench`: the national-size benchmark (docs/performance.md). It builds its own
database, never the dev one, and exits non-zero only when query counts differ between data
sizes, never on a timing."""

from django.core.management.base import BaseCommand, CommandError

from devtools.bench.run import bench_run


class Command(BaseCommand):
    help = "Build a synthetic national portfolio in a separate database and measure it."

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=1000)
        parser.add_argument(
            "--small", action="store_true", help="The CI version: about a minute, at N=100."
        )
        parser.add_argument("--load-seconds", type=int, default=30)
        parser.add_argument("--keep", action="store_true", help="Keep the bench database.")

    def handle(self, *args, **options):
        problems = bench_run(
            partnerships=100 if options["small"] else options["partnerships"],
            small=options["small"],
            load_seconds=10 if options["small"] else options["load_seconds"],
            keep=options["keep"],
            stdout=self.stdout,
        )
        if problems:
            raise CommandError("; ".join(problems))
