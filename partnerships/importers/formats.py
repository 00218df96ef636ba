"""The file layouts the register can import, declared as data: which column holds the code, the
names and each measure. Column names are matched without regard to case or surrounding spaces.

- IMD 2019 by 2017 ward: the population-weighted ward aggregation of MHCLG's IoD2019 (key WD17CD),
  as in ../shared/data/imd2019_england_ward17.csv.
- IoD2019 File 7 (LSOA): MHCLG's "File 7: all ranks, deciles and scores for the indices of
  deprivation, and population denominators", with its published column names.
- CNI 2019 by 2017 ward: OCSI's Community Needs Index for Local Trust (key ward17_code), with the
  official "Left Behind Area?" flag.
- IoD2025 File 7 (2021 LSOAs) and CNI 2023 by 2021 LSOA: checked against their exact published
  header; a file of another edition, or with a changed header, is refused with the edition it
  looks like and the columns that differ.

A file's own ranks and deciles are ignored: the register computes them over what it imports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from partnerships.editions import CNI2019, CNI2023, IOD2019, IOD2025, LSOA11, LSOA21, WARD17
from partnerships.measures import CNI, IMD

WARD_CODE = re.compile(r"^E05\d{6}$")
LSOA_CODE = re.compile(r"^E01\d{6}$")
# English local authority districts: unitary (E06), non-metropolitan (E07), metropolitan (E08)
# and London boroughs (E09).
LA_CODE = re.compile(r"^E0[6-9]\d{6}$")


@dataclass(frozen=True)
class FileFormat:
    key: str
    label: str
    index: str
    kind: str  # Neighbourhood.Kind: "ward" or "lsoa"
    code_column: str
    code_pattern: re.Pattern
    code_hint: str
    scores: dict[str, str] = field(default_factory=dict)  # measure key -> column
    name_column: str | None = None
    la_code_column: str | None = None
    la_name_column: str | None = None
    flag_column: str | None = None
    population_column: str | None = None  # optional even when named: read if present
    edition: str = ""  # editions.EDITIONS key
    geography: str = ""  # editions.GEOGRAPHIES key
    # The official header, in order, for layouts checked exactly: a file with any column
    # missing or added (other than `ignored_columns`) is refused, naming the differences.
    exact_columns: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def required_columns(self) -> list[str]:
        named = [
            self.code_column,
            self.name_column,
            self.la_code_column,
            self.la_name_column,
            *self.scores.values(),
            self.flag_column,
        ]
        return [c for c in named if c]


IMD_WARD = FileFormat(
    key="imd2019_ward17",
    label="IMD 2019 by 2017 ward",
    index=IMD,
    kind="ward",
    edition=IOD2019.key,
    geography=WARD17,
    code_column="WD17CD",
    code_pattern=WARD_CODE,
    code_hint="a 2017 ward code: E05 and six digits",
    scores={
        "imd": "Score",
        "imd_income": "Income_Score",
        "imd_employment": "Employment_Score",
        "imd_education": "Education_Score",
        "imd_health": "Health_Score",
        "imd_crime": "Crime_Score",
        "imd_housing": "Housing_and_Access_Score",
        "imd_environment": "Environment_Score",
    },
)

# The IMD and its seven domains (as File 7 names their ranks and deciles) and their scores, by the
# names every edition of File 7 gives them.
FILE7_DOMAINS = (
    "Index of Multiple Deprivation (IMD)",
    "Income",
    "Employment",
    "Education, Skills and Training",
    "Health Deprivation and Disability",
    "Crime",
    "Barriers to Housing and Services",
    "Living Environment",
)
FILE7_SCORES = {
    "imd": "Index of Multiple Deprivation (IMD) Score",
    "imd_income": "Income Score (rate)",
    "imd_employment": "Employment Score (rate)",
    "imd_education": "Education, Skills and Training Score",
    "imd_health": "Health Deprivation and Disability Score",
    "imd_crime": "Crime Score",
    "imd_housing": "Barriers to Housing and Services Score",
    "imd_environment": "Living Environment Score",
}

IMD_FILE7 = FileFormat(
    key="iod2019_file7",
    label="IoD2019 File 7 (LSOA)",
    index=IMD,
    kind="lsoa",
    edition=IOD2019.key,
    geography=LSOA11,
    code_column="LSOA code (2011)",
    code_pattern=LSOA_CODE,
    code_hint="a 2011 LSOA code: E01 and six digits",
    name_column="LSOA name (2011)",
    la_code_column="Local Authority District code (2019)",
    la_name_column="Local Authority District name (2019)",
    scores=FILE7_SCORES,
    population_column="Total population: mid 2015 (excluding prisoners)",
)

CNI_WARD = FileFormat(
    key="cni2019_ward17",
    label="CNI 2019 by 2017 ward",
    index=CNI,
    kind="ward",
    edition=CNI2019.key,
    geography=WARD17,
    code_column="ward17_code",
    code_pattern=WARD_CODE,
    code_hint="a 2017 ward code: E05 and six digits",
    name_column="ward17_name",
    la_code_column="lad19_code",
    la_name_column="lad19_name",
    scores={
        "cni": "Community Needs Index score",
        "cni_civic_assets": "Civic Assets score",
        "cni_connectedness": "Connectedness score",
        "cni_engaged_community": "Engaged community score",
    },
    flag_column="Left Behind Area?",
)

# MHCLG's IoD2025 File 7 ("File_7_IoD2025_All_Ranks_Scores_Deciles_Population_Denominators.csv"),
# exactly as published: 56 columns. The official file cuts one name short ("...10% of LSO").
IOD2025_FILE7_COLUMNS: tuple[str, ...] = (
    "LSOA code (2021)",
    "LSOA name (2021)",
    "Local Authority District code (2024)",
    "Local Authority District name (2024)",
    *(
        column
        for name, score in (
            *zip(FILE7_DOMAINS, FILE7_SCORES.values(), strict=True),
            (
                "Income Deprivation Affecting Children Index (IDACI)",
                "Income Deprivation Affecting Children Index (IDACI) Score (rate)",
            ),
            (
                "Income Deprivation Affecting Older People (IDAOPI)",
                "Income Deprivation Affecting Older People (IDAOPI) Score (rate)",
            ),
            ("Children and Young People Sub-domain", "Children and Young People Sub-domain Score"),
            ("Adult Skills Sub-domain", "Adult Skills Sub-domain Score"),
            ("Geographical Barriers Sub-domain", "Geographical Barriers Sub-domain Score"),
            ("Wider Barriers Sub-domain", "Wider Barriers Sub-domain Score"),
            ("Indoors Sub-domain", "Indoors Sub-domain Score"),
            ("Outdoors Sub-domain", "Outdoors Sub-domain Score"),
        )
        for column in (
            score,
            f"{name} Rank (where 1 is most deprived)",
            "Children and Young People Sub-domain Decile (where 1 is most deprived 10% of LSO"
            if name.startswith("Children and Young")
            else f"{name} Decile (where 1 is most deprived 10% of LSOAs)",
        )
    ),
    "Total population: mid 2022",
    "Dependent Children aged 0-15: mid 2022",
    "Older population aged 60 and over: mid 2022",
    "Working age population 18-66 (for use with Employment Deprivation Domain): mid 2022",
)

IMD_FILE7_2025 = FileFormat(
    key="iod2025_file7",
    label="IoD2025 File 7 (2021 LSOAs)",
    index=IMD,
    kind="lsoa",
    edition=IOD2025.key,
    geography=LSOA21,
    code_column="LSOA code (2021)",
    code_pattern=LSOA_CODE,
    code_hint="a 2021 LSOA code: E01 and six digits",
    name_column="LSOA name (2021)",
    la_code_column="Local Authority District code (2024)",
    la_name_column="Local Authority District name (2024)",
    scores=FILE7_SCORES,
    population_column="Total population: mid 2022",
    exact_columns=IOD2025_FILE7_COLUMNS,
)

# OCSI's CNI 2023 for 2021 LSOAs. Copies in circulation add a "Left Behind Area?" column that
# OCSI did not publish (and that does not follow IoD2025): it is ignored, never read.
CNI2023_LSOA_COLUMNS: tuple[str, ...] = (
    "lsoa21_code",
    "lsoa21_name",
    "Community Needs Index 2023 Score",
    "Community Needs Index 2023 Rank",
    "Civic Assets Domain Score",
    "Civic Assets Domain Rank",
    "Connectedness Domain Score",
    "Connectedness Domain Rank",
    "Active and Engaged Community Domain Score",
    "Active and Engaged Community Domain Rank",
)

CNI_LSOA_2023 = FileFormat(
    key="cni2023_lsoa21",
    label="CNI 2023 by 2021 LSOA",
    index=CNI,
    kind="lsoa",
    edition=CNI2023.key,
    geography=LSOA21,
    code_column="lsoa21_code",
    code_pattern=LSOA_CODE,
    code_hint="a 2021 LSOA code: E01 and six digits",
    name_column="lsoa21_name",
    scores={
        "cni": "Community Needs Index 2023 Score",
        "cni_civic_assets": "Civic Assets Domain Score",
        "cni_connectedness": "Connectedness Domain Score",
        "cni_engaged_community": "Active and Engaged Community Domain Score",
    },
    exact_columns=CNI2023_LSOA_COLUMNS,
    ignored_columns=("Left Behind Area?",),
)

FORMATS: dict[str, tuple[FileFormat, ...]] = {
    IMD: (IMD_WARD, IMD_FILE7, IMD_FILE7_2025),
    CNI: (CNI_WARD, CNI_LSOA_2023),
}
FORMATS_BY_KEY = {f.key: f for formats in FORMATS.values() for f in formats}


def normalise(column: str) -> str:
    return column.strip().casefold()
