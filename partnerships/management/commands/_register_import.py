"""Shared by import_imd and import_cni: run the import, print its summary, fail loudly."""

from django.core.management.base import BaseCommand, CommandError

from cwf.core.errors import DomainError


class RegisterImportCommand(BaseCommand):
    """Subclasses name the file (`what`) and the service that imports it (`importer`)."""

    what = ""
    importer = None

    def add_arguments(self, parser):
        parser.add_argument("file", help=f"Path to the {self.what} CSV file.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Import the file even if it removes the scores of most of the register.",
        )
        parser.add_argument(
            "--edition",
            default="",
            metavar="LAYOUT",
            help="The one layout (and so edition) the file must have, e.g. iod2025_file7 or "
            "cni2023_lsoa21; a file of another edition is refused. Default: any layout of the "
            "index, read from the header.",
        )

    def handle(self, *args, **options):
        try:
            summary = type(self).importer(
                path=options["file"], replace=options["replace"], file_format=options["edition"]
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        lines = summary.lines()
        if not summary.ok:
            raise CommandError("\n".join(lines))
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Import {summary.batch_id}: {summary.status}."))
