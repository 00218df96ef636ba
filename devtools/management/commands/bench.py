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
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure the bench database a run with --keep left, without regenerating it "
            "(timings and the load test; it is kept).",
        )
        parser.add_argument(
            "--load-only",
            action="store_true",
            help="With --reuse: only the load test (a rerun in about a minute).",
        )

    def handle(self, *args, **options):
        if options["load_only"] and not options["reuse"]:
            raise CommandError("--load-only measures a kept database: use it with --reuse.")
        if options["reuse"] and options["small"]:
            raise CommandError("--reuse measures the kept database as it is: no --small.")
        problems = bench_run(
            partnerships=100 if options["small"] else options["partnerships"],
            small=options["small"],
            load_seconds=10 if options["small"] else options["load_seconds"],
            keep=options["keep"] or options["reuse"],
            reuse=options["reuse"],
            load_only=options["load_only"],
            stdout=self.stdout,
        )
        if problems:
            raise CommandError("; ".join(problems))
