"""The editions of the indices the register holds, and the geographies they are published for.

An edition is one release of an index (IoD2019, IoD2025, CNI 2019, CNI 2023); a geography is the
set of places its figures are for (2017 wards, 2011 LSOAs, 2021 LSOAs). Every import records both
(ImportBatch.edition, ImportBatch.geography), and every neighbourhood says which edition its IMD and
CNI figures come from (Neighbourhood.imd_edition, cni_edition), so a page can say where a figure
comes from and a 2019 ward figure is never mistaken for a 2025 LSOA one.

Editions of the same index are not comparable (CNI 2023 is not CNI 2019 re-scored), and the
"doubly disadvantaged" rule only pairs an IMD and a CNI edition published for the same geography:
IoD2019 with CNI 2019 on 2017 wards, IoD2025 with CNI 2023 on 2021 LSOAs."""

from __future__ import annotations

from dataclasses import dataclass

from partnerships.measures import CNI, IMD

WARD17 = "ward17"
LSOA11 = "lsoa11"
LSOA21 = "lsoa21"
GEOGRAPHIES = {WARD17: "2017 wards", LSOA11: "2011 LSOAs", LSOA21: "2021 LSOAs"}


@dataclass(frozen=True)
class Edition:
    key: str
    index: str
    label: str
    published: str  # as the publisher dates it

    def __str__(self) -> str:
        return self.label


IOD2019 = Edition("iod2019", IMD, "IoD2019", "26 Sep 2019")
IOD2025 = Edition("iod2025", IMD, "IoD2025", "30 Oct 2025")
CNI2019 = Edition("cni2019", CNI, "CNI 2019", "2019")
CNI2023 = Edition("cni2023", CNI, "CNI 2023", "2023")
EDITIONS = {e.key: e for e in (IOD2019, IOD2025, CNI2019, CNI2023)}
EDITION_CHOICES = [(e.key, e.label) for e in EDITIONS.values()]
GEOGRAPHY_CHOICES = list(GEOGRAPHIES.items())

# IMD and CNI editions that can be read together (the same places, the same years).
PAIRS = {(IOD2019.key, CNI2019.key), (IOD2025.key, CNI2023.key)}


def paired(imd_edition: str, cni_edition: str) -> bool:
    return (imd_edition, cni_edition) in PAIRS


def edition_label(key: str, geography: str = "") -> str:
    """ "IoD2025 (2021 LSOAs)", or "" for an unknown edition."""
    edition = EDITIONS.get(key)
    if edition is None:
        return ""
    where = GEOGRAPHIES.get(geography)
    return f"{edition.label} ({where})" if where else edition.label
