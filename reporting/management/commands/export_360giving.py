"""manage.py export_360giving [--format json|csv] [--output FILE]: every approved allocation as a
360Giving grant, for publishing (GrantNav reads it). Runs as the product itself (SYSTEM_READER,
as the open-data files do), which reads the whole portfolio; the file holds no personal data."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cwf.accounts.permissions import SYSTEM_READER
from reporting.threesixtygiving import package_csv, package_json


class Command(BaseCommand):
    help = "Export every approved allocation as 360Giving grants (JSON package or flat CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", help="A file to write; standard output if not given.")

    def handle(self, *args, **options):
        if not settings.FUND_ORG_ID:
            self.stderr.write(
                self.style.WARNING(
                    "Warning: FUND_ORG_ID is not set, so the fund is named by a made-up "
                    f"identifier ({settings.THREESIXTYGIVING_PREFIX}-fund) and the package has no "
                    "publisher identifier. Set FUND_ORG_ID to the fund's registered organisation "
                    "identifier (for example GB-CHC-1234567) before publishing."
                )
            )
        text = (package_csv if options["format"] == "csv" else package_json)(viewer=SYSTEM_READER)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {options['output']}.")
        else:
            self.stdout.write(text)
