"""`manage.py page_weight`: the bytes of a resident's first and next page with the production
static files (docs/performance.md). It uses the benchmark's own database (never the dev one),
fills it with the demo data (seed_demo) and measures the demo resident."""

import io
import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test import Client, override_settings

from devtools.bench.database import bench_dir, drop_bench_database, use_bench_database
from devtools.bench.page_weight import PRODUCTION_STATIC, collect_static, page_loads, report


class Command(BaseCommand):
    help = "Measure the bytes of the demo resident's first and next page (production static)."

    def handle(self, *args, **options):
        from cwf.accounts.models import User

        use_bench_database()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            static_root = bench_dir() / "page-weight-static"
            collect_static(static_root)
            resident = User.objects.get(email="resident@example.org")
            partnership_id = min(
                resident.role_assignments.exclude(partnership=None).values_list(
                    "partnership_id", flat=True
                )
            )
            pages = ["/", f"/plans/partnership/{partnership_id}/spending/log/"]
            client = Client(HTTP_HOST="localhost")  # an allowed host in every settings
            client.force_login(resident)  # a resident needs no MFA
            # As in production: DEBUG off (in DEBUG, static URLs are not hashed).
            production = {"STATIC_ROOT": static_root, "STORAGES": PRODUCTION_STATIC, "DEBUG": False}
            with override_settings(**production):
                loads = page_loads(client, pages)
        finally:
            drop_bench_database()
        for line in report(loads):
            self.stdout.write(line)
        results = {
            load.page: {
                "html_bytes": load.html_bytes,
                "html_brotli": load.html_compressed,
                "total_compressed": load.total_compressed,
                "total_as_sent": load.total_as_sent,
                "assets": [vars(asset) for asset in load.assets],
            }
            for load in loads
        }
        path = bench_dir() / "page-weight.json"
        path.write_text(json.dumps(results, indent=2))
        self.stdout.write(f"Written to {path.relative_to(settings.BASE_DIR)}")
