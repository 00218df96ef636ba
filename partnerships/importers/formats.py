"""The file layouts the register can import, declared as data: which column holds the code, the
names and each measure. Column names are matched without regard to case or surrounding spaces.

- IMD 2019 by 2017 ward: the population-weighted ward aggregation of MHCLG's IoD2019 (key WD17CD),
  as in ../shared/data/imd2019_england_ward17.csv.
- IoD2019 File 7 (LSOA): MHCLG's "File 7: all ranks, deciles and scores for the indices of
  deprivation, and population denominators", with its published column names.
- CNI 2019 by 2017 ward: OCSI's Community Needs Index for Local Trust (key ward17_code), with the
  official "Left Behind Area?" flag.

A file's own ranks and deciles are ignored: the register computes them over what it imports."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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

IMD_FILE7 = FileFormat(
    key="iod2019_file7",
    label="IoD2019 File 7 (LSOA)",
    index=IMD,
    kind="lsoa",
    code_column="LSOA code (2011)",
    code_pattern=LSOA_CODE,
    code_hint="a 2011 LSOA code: E01 and six digits",
    name_column="LSOA name (2011)",
    la_code_column="Local Authority District code (2019)",
    la_name_column="Local Authority District name (2019)",
    scores={
        "imd": "Index of Multiple Deprivation (IMD) Score",
        "imd_income": "Income Score (rate)",
        "imd_employment": "Employment Score (rate)",
        "imd_education": "Education, Skills and Training Score",
        "imd_health": "Health Deprivation and Disability Score",
        "imd_crime": "Crime Score",
        "imd_housing": "Barriers to Housing and Services Score",
        "imd_environment": "Living Environment Score",
    },
    population_column="Total population: mid 2015 (excluding prisoners)",
)

CNI_WARD = FileFormat(
    key="cni2019_ward17",
    label="CNI 2019 by 2017 ward",
    index=CNI,
    kind="ward",
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

FORMATS: dict[str, tuple[FileFormat, ...]] = {IMD: (IMD_WARD, IMD_FILE7), CNI: (CNI_WARD,)}
FORMATS_BY_KEY = {f.key: f for formats in FORMATS.values() for f in formats}


def normalise(column: str) -> str:
    return column.strip().casefold()
