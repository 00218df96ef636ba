"""Demo data for `make run`. Each feature provides a `seed(*, stdout)` function, listed in order in
settings.DEMO_SEEDERS, so later issues extend the demo without touching this file. Every seed is
idempotent: running twice creates nothing twice."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Create demo users and data. Safe to run again: it creates nothing twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins", action="store_true", help="Only print the demo logins; change nothing."
        )

    def handle(self, *args, **options):
        if options["logins"]:
            from devtools.demo.accounts import print_logins

            print_logins(stdout=self.stdout)
            return
        for path in settings.DEMO_SEEDERS:
            with transaction.atomic():
                import_string(path)(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
