from partnerships.services.register_imports import import_imd_file

from ._register_import import RegisterImportCommand


class Command(RegisterImportCommand):
    importer = staticmethod(import_imd_file)
    what = "IMD (ward file with WD17CD, or IoD2019 or IoD2025 File 7 by LSOA)"
    help = (
        "Import Index of Multiple Deprivation scores into the neighbourhood register: the ward "
        "file (WD17CD, Score, Income_Score, ...) or MHCLG's File 7: IoD2019 (LSOA code (2011), "
        "...) or IoD2025 (LSOA code (2021), ..., exactly as published). All or nothing; "
        "importing the same file again changes nothing."
    )
