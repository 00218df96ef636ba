"""The register's part of the access matrix world: a ward for partnership A, a ward for B (named
with B's marker), imported through the real import service."""

import tempfile
from pathlib import Path

from partnerships.models import ImportBatch, LsoaNeighbourhood, Neighbourhood
from partnerships.services.register_imports import import_cni_file

from .register_files import cni_file, ward


def add_register(world, marker: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="cwf-matrix-"))
    path = cni_file(folder, {ward(1): 50.0, ward(2): 60.0})
    path.write_text(path.read_text().replace("Ward 002", f"{marker} Ward"))
    summary = import_cni_file(path=path)
    a_ward, b_ward = (
        Neighbourhood.objects.get(code=ward(1)),
        Neighbourhood.objects.get(code=ward(2)),
    )
    world.a.neighbourhoods.add(a_ward)
    world.b.neighbourhoods.add(b_ward, a_ward)  # B also works in A's ward: A must not see B there
    world.b_objects["neighbourhood"] = b_ward
    world.b_objects["import_batch"] = ImportBatch.objects.get(pk=summary.batch_id)
    area = LsoaNeighbourhood.objects.create(name=f"{marker} Neighbourhood")
    world.b.lsoa_neighbourhood = area
    world.b.save(update_fields=["lsoa_neighbourhood"])
    world.b_objects["lsoa_neighbourhood"] = area
