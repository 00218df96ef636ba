from partnerships.services.register_imports import import_cni_file

from ._register_import import RegisterImportCommand


class Command(RegisterImportCommand):
    importer = staticmethod(import_cni_file)
    what = "Community Needs Index (CNI 2019 by ward, or CNI 2023 by LSOA)"
    help = (
        "Import Community Needs Index scores into the neighbourhood register: CNI 2019 by ward "
        "(with the official left-behind flag) or CNI 2023 by 2021 LSOA. All or nothing; "
        "importing the same file again changes nothing."
    )
