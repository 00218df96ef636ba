"""Demo data for `make run`. Each app that has demo data provides `<app>.demo.seed(stdout=...)`;
this command calls them in INSTALLED_APPS order (kernel first), so later issues extend the demo
without touching this file. Every seed is idempotent: running twice creates nothing twice."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create demo users and data. Safe to run again: it creates nothing twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins", action="store_true", help="Only print the demo logins; change nothing."
        )

    def handle(self, *args, **options):
        if options["logins"]:
            from cwf.accounts.demo import print_logins

            print_logins(stdout=self.stdout)
            return
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
