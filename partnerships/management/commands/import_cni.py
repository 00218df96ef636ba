from partnerships.services.register_imports import import_cni_file

from ._register_import import RegisterImportCommand


class Command(RegisterImportCommand):
    importer = staticmethod(import_cni_file)
    what = "Community Needs Index (ward17_code, ..., Left Behind Area?)"
    help = (
        "Import Community Needs Index scores and the official left-behind flag into the "
        "neighbourhood register. All or nothing; importing the same file again changes nothing."
    )
